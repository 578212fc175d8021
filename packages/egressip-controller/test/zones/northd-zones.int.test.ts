// Each zone's rows compiled by that zone's own ovn-northd (one NB, SB and northd per node, the
// zone topology from topologyInit --zone): the pod's zone reroutes to the local join IP or to
// the remote egress node's transit IP; only the egress node's zone SNATs, also for remote pods.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from '@ovnkit/ovsdb';
import { type NorthdLab, rawCall, startNorthd, until } from '@ovnkit/testkit';
import type { Node } from '../../src/api/types.js';
import { nbTransactorFromClient } from '../../src/nb/ovsdb-transactor.js';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { egressIP, namespace, pod } from '../integration/support/cluster-fixtures.js';
import { egressFlows, flows, northdWarnings } from '../integration/support/northd-flows.js';
import { ZONE_NODES } from './zone-fixtures.js';

const [W0, W1] = ['worker-0-sl79n', 'worker-1-abcde'] as const;
const EIP = '192.168.126.100';
const CONFIG = { profile: 'B' as const };
const nodes: Node[] = ZONE_NODES.slice(0, 2).map((n) => ({
  ...n,
  status: {
    ...n.status,
    addresses: [
      { type: 'InternalIP', address: n.metadata?.name === W0 ? '192.168.126.51' : '192.168.126.52' },
    ],
  },
}));
const namespaces = [namespace('simpsons', { house: 'simpson' })];
const pods = [
  pod({ namespace: 'simpsons', name: 'homer', node: W0, ips: ['10.129.3.232'] }),
  pod({ namespace: 'simpsons', name: 'lisa', node: W1, ips: ['10.128.2.11'] }),
];
const on = (n: string) =>
  egressIP('egressip-demo', [EIP], { house: 'simpson' }, [{ node: n, egressIP: EIP }]);

describe("ovn-northd per zone compiles each zone's EgressIP rows", () => {
  const labs: NorthdLab[] = [];
  const reconcilers: NbReconciler[] = [];
  const closers: Array<() => Promise<void>> = [];
  /** Warnings logged while the topology was built, before any EgressIP row existed. */
  const before: number[] = [];
  beforeAll(async () => {
    labs.push(await startNorthd(), await startNorthd());
    for (const [i, zone] of [W0, W1].entries()) {
      const lab = labs[i]!;
      // ovn-northd creates NB_Global at start; topologyInit names the zone in it and would race
      // the creation (two rows, refused) if it ran first.
      await until('NB_Global created by ovn-northd', 20000, async () => {
        const [r] = (await rawCall(lab.nb.remote, 'transact', [
          'OVN_Northbound',
          { op: 'select', table: 'NB_Global', where: [], columns: ['_uuid'] },
        ])) as Array<{ rows: unknown[] }>;
        return (r?.rows.length ?? 0) > 0 ? true : undefined;
      });
      await topologyInit({ remote: lab.nb.remote, sbRemote: lab.sb.remote, nodes, zone, config: CONFIG });
      const client = await connect({ remote: lab.nb.remote });
      closers.push(() => client.close());
      reconcilers.push(new NbReconciler({ nb: nbTransactorFromClient(client), zone, config: CONFIG }));
    }
    for (const lab of labs) before.push(northdWarnings(lab).length);
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await Promise.all(labs.map((l) => l.stop()));
  });
  const run = async (c: ClusterState) => {
    for (const r of reconcilers) await r.reconcile(c);
  };
  const settled = (i: number, want: (f: ReturnType<typeof egressFlows>) => boolean) =>
    until(`zone ${i} flows`, 20000, async () => {
      const f = egressFlows(await flows(labs[i]!));
      return want(f) ? f : undefined;
    });

  it('egress node worker-0: worker-0 reroutes homer to its join IP and SNATs both pods; worker-1 reroutes lisa over the transit switch', async () => {
    await run({ egressIPs: [on(W0)], nodes, namespaces, pods });
    const z0 = await settled(0, (f) => f.reroutes.length === 1 && f.snats.length === 2);
    expect(z0.reroutes).toEqual([['ip4.src == 10.129.3.232', '100.64.0.4']]);
    expect(z0.snats).toEqual([
      [`GR_${W0}`, '10.128.2.11'],
      [`GR_${W0}`, '10.129.3.232'],
    ]);
    const z1 = await settled(1, (f) => f.reroutes.length === 1);
    expect(z1.reroutes).toEqual([['ip4.src == 10.128.2.11', '100.88.0.4']]);
    expect(z1.snats).toEqual([]);
  });

  it('after failover to worker-1 the flows follow in both zones', async () => {
    await run({ egressIPs: [on(W1)], nodes, namespaces, pods });
    const z0 = await settled(0, (f) => f.snats.length === 0 && f.reroutes[0]?.[1] === '100.88.0.5');
    expect(z0.reroutes).toEqual([['ip4.src == 10.129.3.232', '100.88.0.5']]);
    const z1 = await settled(1, (f) => f.snats.length === 2 && f.reroutes[0]?.[1] === '100.64.0.5');
    expect(z1.reroutes).toEqual([['ip4.src == 10.128.2.11', '100.64.0.5']]);
    expect(z1.snats).toEqual([
      [`GR_${W1}`, '10.128.2.11'],
      [`GR_${W1}`, '10.129.3.232'],
    ]);
  });

  it('the catch-all src-ip route compiles in each zone, and the EgressIP rows cause no northd warning in any zone', async () => {
    for (const [i, join] of ['100.64.0.4', '100.64.0.5'].entries()) {
      const routing = (await flows(labs[i]!)).filter(
        (f) =>
          f.stage === 'lr_in_ip_routing' &&
          f.datapath === 'ovn_cluster_router' &&
          f.match.includes('ip4.src == 10.128.0.0/14'),
      );
      expect(routing.map((f) => /reg0 = ([0-9.]+);/.exec(f.actions)?.[1])).toEqual([join]);
    }
    // Only what the EgressIP rows caused: topologyInit names the remote chassis in the NB a
    // moment before it creates them in the SB, which northd notes once while the topology is built.
    for (const [i, lab] of labs.entries()) expect(northdWarnings(lab).slice(before[i])).toEqual([]);
  });
});
