// Startup sync (spec 5.5 with the shipped fixes) and the stale-state scenarios of spec 7
// (34, 35, 36, 48-50): a controller that was down finds the NB out of date.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { egressIP, namespace, node, pod } from './support/cluster-fixtures.js';
import {
  addressSetsV4,
  featurePoliciesV4,
  replyTrafficPolicy,
  reroute,
  snat,
  sortRows,
} from './support/expected-rows.js';
import { egressIpRows, type NbHarness, startNbHarness, versions } from './support/nb-harness.js';
import { addAddresses, insertReferenced } from './support/raw-rows.js';

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
const nodeIps = ['192.168.126.11', '192.168.126.12'];
const namespaces = [namespace('ns', { team: 'a' })];
const p1 = pod({ namespace: 'ns', name: 'p1', node: 'node-a', ips: ['10.128.0.5'] });
const p2 = pod({ namespace: 'ns', name: 'p2', node: 'node-b', ips: ['10.128.2.5'] });
const eip = (n: string) =>
  egressIP('eip', ['192.168.126.100'], { team: 'a' }, [{ node: n, egressIP: '192.168.126.100' }]);
const feature = [...featurePoliciesV4(), replyTrafficPolicy()];
const strip = ({ routers, ...row }: { routers: string[] } & Record<string, unknown>) => row;

describe('startup sync removes what a restarted controller must not keep', () => {
  let h: NbHarness;
  const state = (egressIPs: ClusterState['egressIPs'], pods = [p1, p2]): ClusterState => ({
    egressIPs,
    nodes,
    namespaces,
    pods,
  });

  beforeEach(async () => {
    h = await startNbHarness();
    await topologyInit({ nb: h.nb, nodes });
  });
  afterEach(async () => {
    await h?.stop();
  });

  it('cleans the rows of a deleted EgressIP even when no EgressIP exists any more (fix of the 5.5 gap)', async () => {
    await new NbReconciler({ nb: h.nb }).reconcile(state([eip('node-a')]));
    expect(egressIpRows(await h.snapshot()).nats).toHaveLength(2);
    await h.reconnect();
    const r = new NbReconciler({ nb: h.nb });
    const res = await r.syncStale(state([]));
    expect(res.changes).toMatchObject({ insert: 0, delete: 4 });
    expect(egressIpRows(await h.snapshot())).toEqual({
      policies: sortRows(feature),
      nats: [],
      addressSets: sortRows(addressSetsV4([], nodeIps)),
      qos: [],
    });
    expect((await r.reconcile(state([]))).transactions).toBe(0);
  });

  it('35/50: rows of a pod deleted while down go, with its served-set member; the others stay untouched', async () => {
    await new NbReconciler({ nb: h.nb }).reconcile(state([eip('node-a')]));
    const before = await h.snapshot();
    const keep = before.Logical_Router_Policy.find((p) => p.match === 'ip4.src == 10.128.0.5')!;
    await h.reconnect();
    await new NbReconciler({ nb: h.nb }).syncStale(state([eip('node-a')], [p1]));
    const after = await h.snapshot();
    expect(egressIpRows(after)).toEqual({
      policies: sortRows([...feature, reroute('eip', 'ns', 'p1', '10.128.0.5', ['100.64.0.2'])]),
      nats: [snat('eip', 'ns', 'p1', '10.128.0.5', '192.168.126.100', 'node-a')],
      addressSets: sortRows(addressSetsV4(['10.128.0.5'], nodeIps)),
      qos: [],
    });
    expect(versions(after)[`Logical_Router_Policy/${keep._uuid}`]).toBe(
      versions(before)[`Logical_Router_Policy/${keep._uuid}`],
    );
  });

  it('36: a SNAT with the wrong logical port on another GR is removed; 48: an invalid nexthop is pruned', async () => {
    await new NbReconciler({ nb: h.nb }).reconcile(state([eip('node-a')]));
    let snap = await h.snapshot();
    const wrong = { ...strip(snat('eip', 'ns', 'p1', '10.128.0.5', '192.168.126.100', 'node-b')) };
    await insertReferenced(h.nb, snap, 'NAT', 'GR_node-b', wrong);
    // An extra nexthop, as left by a node that no longer hosts the IP.
    snap = await h.snapshot();
    const row = snap.Logical_Router_Policy.find((p) => p.match === 'ip4.src == 10.128.2.5')!;
    const ops = [
      {
        op: 'mutate',
        table: 'Logical_Router_Policy',
        where: [['_uuid', '==', ['uuid', row._uuid]]],
        mutations: [['nexthops', 'insert', ['set', ['100.64.0.9']]]],
      },
    ];
    await h.nb.transact(ops);
    expect(egressIpRows(await h.snapshot()).nats).toHaveLength(3);
    const res = await new NbReconciler({ nb: h.nb }).syncStale(state([eip('node-a')]));
    expect(res.changes).toMatchObject({ insert: 0, update: 1, delete: 1 });
    const rows = egressIpRows(await h.snapshot());
    expect(rows.nats).toEqual(
      sortRows([
        snat('eip', 'ns', 'p1', '10.128.0.5', '192.168.126.100', 'node-a'),
        snat('eip', 'ns', 'p2', '10.128.2.5', '192.168.126.100', 'node-a'),
      ]),
    );
    expect(rows.policies.find((p) => p.match === 'ip4.src == 10.128.2.5')!.nexthops).toEqual(['100.64.0.2']);
  });

  it('34/49: the egress IP moved to node-b while the controller was down: sync clears node-a, reconcile programs node-b', async () => {
    await new NbReconciler({ nb: h.nb }).reconcile(state([eip('node-a')]));
    await h.reconnect();
    const r = new NbReconciler({ nb: h.nb });
    await r.syncStale(state([eip('node-b')]));
    const synced = egressIpRows(await h.snapshot());
    // Stale rows of node-a are gone: no NAT on GR_node-a, no reroute row left with 100.64.0.2.
    expect(synced.nats).toEqual([]);
    expect(synced.policies.filter((p) => p.priority === 100)).toEqual([]);
    await r.reconcile(state([eip('node-b')]));
    expect(egressIpRows(await h.snapshot())).toEqual({
      policies: sortRows([
        ...feature,
        reroute('eip', 'ns', 'p1', '10.128.0.5', ['100.64.0.3']),
        reroute('eip', 'ns', 'p2', '10.128.2.5', ['100.64.0.3']),
      ]),
      nats: sortRows([
        snat('eip', 'ns', 'p1', '10.128.0.5', '192.168.126.100', 'node-b'),
        snat('eip', 'ns', 'p2', '10.128.2.5', '192.168.126.100', 'node-b'),
      ]),
      addressSets: sortRows(addressSetsV4(['10.128.0.5', '10.128.2.5'], nodeIps)),
      qos: [],
    });
  });

  it('duplicates of one row are reduced to one; rows of other owners are never touched', async () => {
    const r = new NbReconciler({ nb: h.nb });
    await r.reconcile(state([eip('node-a')]));
    let snap = await h.snapshot();
    await insertReferenced(
      h.nb,
      snap,
      'Logical_Router_Policy',
      'ovn_cluster_router',
      strip(reroute('eip', 'ns', 'p1', '10.128.0.5', ['100.64.0.2'])),
    );
    // Another feature's rows: a 1004 policy without owner ids, an EgressService-owned set with members.
    await insertReferenced(h.nb, snap, 'Logical_Router_Policy', 'ovn_cluster_router', {
      priority: 1004,
      match: 'inport == "rtos-node-a" && ip4.dst == 192.168.126.11 /* node-a */',
      action: 'reroute',
      nexthops: ['10.128.0.2'],
      options: {},
      external_ids: {},
    });
    await addAddresses(h.nb, 'a13607449821398607916', ['10.128.0.77']);
    snap = await h.snapshot();
    expect(snap.Logical_Router_Policy.filter((p) => p.match === 'ip4.src == 10.128.0.5')).toHaveLength(2);
    const foreign = snap.Logical_Router_Policy.find((p) => p.priority === 1004)!;
    const esvc = snap.Address_Set.find((a) => a.name === 'a13607449821398607916')!;
    const gwNat = snap.NAT.find(
      (n) => n.logical_ip === '10.128.0.0/14' && n.external_ip === '192.168.126.11',
    )!;
    const res = await r.reconcile(state([eip('node-a')]));
    expect(res.changes).toMatchObject({ insert: 0, update: 0, delete: 1 });
    const after = await h.snapshot();
    expect(after.Logical_Router_Policy.filter((p) => p.match === 'ip4.src == 10.128.0.5')).toHaveLength(1);
    const v0 = versions(snap);
    const v1 = versions(after);
    expect(v1[`Logical_Router_Policy/${foreign._uuid}`]).toBe(v0[`Logical_Router_Policy/${foreign._uuid}`]);
    expect(v1[`Address_Set/${esvc._uuid}`]).toBe(v0[`Address_Set/${esvc._uuid}`]);
    expect(v1[`NAT/${gwNat._uuid}`]).toBe(v0[`NAT/${gwNat._uuid}`]);
    expect(after.Address_Set.find((a) => a.name === 'a13607449821398607916')!.addresses).toEqual([
      '10.128.0.77',
    ]);
  });
});
