// The rows we write, compiled by a real ovn-northd: reroutes in lr_in_policy of the cluster
// router for every served pod IP, and ct_snat to the egress IP in lr_out_snat of the egress GR.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from '@ovnkit/ovsdb';
import { type NorthdLab, rawCall, startNorthd, until } from '@ovnkit/testkit';
import { nbTransactorFromClient } from '../src/nb/ovsdb-transactor.js';
import { NbReconciler } from '../src/reconcile/reconcile-nb.js';
import { topologyInit } from '../src/topology/topology-init.js';
import {
  DUAL_STACK_CONFIG,
  dualStackNodes,
  egressIP,
  namespace,
  node,
  pod,
} from './integration/support/cluster-fixtures.js';

interface Flow {
  datapath: string;
  stage: string;
  priority: number;
  match: string;
  actions: string;
}

async function flows(lab: NorthdLab): Promise<Flow[]> {
  const res = (await rawCall(
    lab.sb.remote,
    'transact',
    [
      'OVN_Southbound',
      { op: 'select', table: 'Datapath_Binding', where: [], columns: ['_uuid', 'external_ids'] },
      {
        op: 'select',
        table: 'Logical_Flow',
        where: [],
        columns: ['logical_datapath', 'priority', 'match', 'actions', 'external_ids'],
      },
    ],
    { timeoutMs: 10000 },
  )) as Array<{ rows: Array<Record<string, unknown>> }>;
  const mapOf = (v: unknown) =>
    Object.fromEntries(((v as [string, [string, string][]])[1] ?? []) as [string, string][]);
  const dpName = new Map(
    res[0]!.rows.map((r) => [(r._uuid as string[])[1], mapOf(r.external_ids).name as string]),
  );
  return res[1]!.rows.map((r) => ({
    datapath: dpName.get((r.logical_datapath as string[])[1]!) ?? '?',
    stage: mapOf(r.external_ids)['stage-name'] as string,
    priority: r.priority as number,
    match: r.match as string,
    actions: r.actions as string,
  }));
}

const nodes = [
  node({
    name: 'node-a',
    ifaddr: '192.168.126.11/24',
    subnet: '10.128.0.0/23',
    id: 2,
    egressAssignable: true,
  }),
  node({
    name: 'node-b',
    ifaddr: '192.168.126.12/24',
    subnet: '10.128.2.0/23',
    id: 3,
    egressAssignable: true,
  }),
];
const namespaces = [namespace('simpson', { house: 'simpson' }), namespace('bouvier', { house: 'bouvier' })];
const pods = [
  pod({ namespace: 'simpson', name: 'homer', node: 'node-a', ips: ['10.128.0.5'] }),
  pod({ namespace: 'simpson', name: 'marge', node: 'node-b', ips: ['10.128.2.5'] }),
  pod({ namespace: 'bouvier', name: 'selma', node: 'node-a', ips: ['10.128.0.6'] }),
];
const demo = (n: string) =>
  egressIP('egressip-demo', ['192.168.126.100'], { house: 'simpson' }, [
    { node: n, egressIP: '192.168.126.100' },
  ]);

/**
 * The EgressIP flows: priority-100 reroutes on ovn_cluster_router as [match, nexthop] (v4 `reg0`,
 * v6 `xxreg0`), SNATs to one of `egressIps` as [router, logical IP] and as [router, egress IP],
 * and the priority-102 allow matches.
 */
function egressFlows(all: Flow[], egressIps: readonly string[] = ['192.168.126.100']) {
  const reroutes = all
    .filter((f) => f.stage === 'lr_in_policy' && f.datapath === 'ovn_cluster_router' && f.priority === 100)
    .map((f) => [f.match, /(?:xx)?reg0 = ([0-9a-f.:]+);/.exec(f.actions)?.[1]])
    .sort();
  const snatFlows = all.filter(
    (f) => f.stage === 'lr_out_snat' && egressIps.some((ip) => f.actions.includes(`ct_snat(${ip})`)),
  );
  const snats = snatFlows.map((f) => [f.datapath, /ip[46].src == ([0-9a-f.:]+)/.exec(f.match)?.[1]]).sort();
  const snatsTo = snatFlows.map((f) => [f.datapath, /ct_snat\(([^)]+)\)/.exec(f.actions)?.[1]]).sort();
  const allows = all
    .filter((f) => f.stage === 'lr_in_policy' && f.datapath === 'ovn_cluster_router' && f.priority === 102)
    .map((f) => f.match)
    .sort();
  return { reroutes, snats, snatsTo, allows };
}

/** WARN, ERR and EMER lines of ovn-northd's log. */
function northdWarnings(lab: NorthdLab): string[] {
  return readFileSync(join(lab.dir, 'northd.log'), 'utf8')
    .split('\n')
    .filter((l) => /\|(WARN|ERR|EMER)\|/.test(l));
}

describe('ovn-northd compiles the EgressIP rows into the expected logical flows', () => {
  let lab: NorthdLab;
  let close: () => Promise<void>;
  let r: NbReconciler;
  beforeAll(async () => {
    lab = await startNorthd();
    const client = await connect({ remote: lab.nb.remote });
    close = () => client.close();
    const nb = nbTransactorFromClient(client);
    await topologyInit({ nb, nodes });
    r = new NbReconciler({ nb });
  });
  afterAll(async () => {
    await close?.();
    await lab?.stop();
  });

  it('egress on node-a: a reroute per served pod IP to GR_node-a join IP, SNAT on GR_node-a only', async () => {
    await r.reconcile({ egressIPs: [demo('node-a')], nodes, namespaces, pods });
    const got = await until('northd flows for node-a', 20000, async () => {
      const f = egressFlows(await flows(lab));
      return f.reroutes.length === 2 && f.snats.length === 2 && f.snats.every(([dp]) => dp === 'GR_node-a')
        ? f
        : undefined;
    });
    expect(got.reroutes).toEqual([
      ['ip4.src == 10.128.0.5', '100.64.0.2'],
      ['ip4.src == 10.128.2.5', '100.64.0.2'],
    ]);
    expect(got.snats).toEqual([
      ['GR_node-a', '10.128.0.5'],
      ['GR_node-a', '10.128.2.5'],
    ]);
    // The 102 allow rows compile too (northd expands $address sets into their members).
    expect(got.allows).toEqual(
      expect.arrayContaining([
        'ip4.src == 10.128.0.0/14 && ip4.dst == 10.128.0.0/14',
        'ip4.src == 10.128.0.0/14 && ip4.dst == 100.64.0.0/16',
        'pkt.mark == 42',
      ]),
    );
  });

  it('ovn-northd logs no warning or error about the rows', () => {
    expect(northdWarnings(lab)).toEqual([]);
  });

  it('after failover the flows follow to GR_node-b', async () => {
    await r.reconcile({ egressIPs: [demo('node-b')], nodes, namespaces, pods });
    const got = await until('northd flows for node-b', 20000, async () => {
      const f = egressFlows(await flows(lab));
      return f.snats.length === 2 &&
        f.snats.every(([dp]) => dp === 'GR_node-b') &&
        f.reroutes.every(([, nh]) => nh === '100.64.0.3')
        ? f
        : undefined;
    });
    expect(got.reroutes).toEqual([
      ['ip4.src == 10.128.0.5', '100.64.0.3'],
      ['ip4.src == 10.128.2.5', '100.64.0.3'],
    ]);
    expect(got.snats).toEqual([
      ['GR_node-b', '10.128.0.5'],
      ['GR_node-b', '10.128.2.5'],
    ]);
  });
});

describe('ovn-northd compiles dual-stack EgressIP rows', () => {
  let lab: NorthdLab;
  beforeAll(async () => {
    lab = await startNorthd();
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('v4 reroute to node-a, v6 reroute to node-b (fd98::3), SNATs on the matching GRs', async () => {
    const config = DUAL_STACK_CONFIG;
    const dualNodes = dualStackNodes(['node-a', 'node-b']);
    const client = await connect({ remote: lab.nb.remote });
    try {
      const nb = nbTransactorFromClient(client);
      await topologyInit({ nb, nodes: dualNodes, config });
      const eip = egressIP('both', ['192.168.126.100', 'fd00::100'], { house: 'simpson' }, [
        { node: 'node-a', egressIP: '192.168.126.100' },
        { node: 'node-b', egressIP: 'fd00::100' },
      ]);
      await new NbReconciler({ nb, config }).reconcile({
        egressIPs: [eip],
        nodes: dualNodes,
        namespaces,
        pods: [
          pod({ namespace: 'simpson', name: 'homer', node: 'node-a', ips: ['10.128.0.5', 'fd01:0:0:1::5'] }),
        ],
      });
    } finally {
      await client.close();
    }
    const got = await until('dual-stack flows', 20000, async () => {
      const f = egressFlows(await flows(lab), ['192.168.126.100', 'fd00::100']);
      return f.reroutes.length === 2 && f.snatsTo.length === 2 ? f : undefined;
    });
    expect(got.reroutes).toEqual([
      ['ip4.src == 10.128.0.5', '100.64.0.2'],
      ['ip6.src == fd01:0:0:1::5', 'fd98::3'],
    ]);
    expect(got.snatsTo).toEqual([
      ['GR_node-a', '192.168.126.100'],
      ['GR_node-b', 'fd00::100'],
    ]);
    expect(northdWarnings(lab)).toEqual([]);
  });
});
