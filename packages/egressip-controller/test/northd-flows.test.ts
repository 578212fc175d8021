// The rows we write, compiled by a real ovn-northd: reroutes in lr_in_policy of the cluster
// router for every served pod IP, and ct_snat to the egress IP in lr_out_snat of the egress GR.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from '@ovnkit/ovsdb';
import { type NorthdLab, startNorthd, until } from '@ovnkit/testkit';
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
import { egressFlows, flows, northdWarnings } from './integration/support/northd-flows.js';

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
