// Spec 4.7.1 and 4.7.2 reproduced exactly against a real NB ovsdb-server (OVN 23.03, schema 7.0.0).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { egressIP, namespace, node, pod, WORKERS } from './support/cluster-fixtures.js';
import {
  addressSetsV4,
  featurePoliciesV4,
  replyTrafficPolicy,
  reroute as rerouteRow,
  snat as snatRow,
  sortRows,
} from './support/expected-rows.js';
import { egressIpRows, type NbHarness, startNbHarness, versions } from './support/nb-harness.js';

const nodes = WORKERS.map(node);
const namespaces = [namespace('simpsons', { house: 'simpson' })];
const pods = [
  pod({ namespace: 'simpsons', name: 'homer', node: 'worker-0-sl79n', ips: ['10.129.3.232'] }),
  pod({ namespace: 'simpsons', name: 'marge', node: 'worker-0-sl79n', ips: ['10.129.3.233'] }),
];
const demo = (node: string) =>
  egressIP('egressip-demo', ['192.168.126.100'], { house: 'simpson' }, [
    { node, egressIP: '192.168.126.100' },
  ]);
const nodeIps = ['192.168.126.51', '192.168.126.52', '192.168.126.53'];
const featurePolicies = [...featurePoliciesV4(), replyTrafficPolicy()];
const addressSets = (served: string[]) => addressSetsV4(served, nodeIps);
const reroute = (pod: string, ip: string, nexthop: string) =>
  rerouteRow('egressip-demo', 'simpsons', pod, ip, [nexthop]);
const snat = (pod: string, ip: string, egressNode: string) =>
  snatRow('egressip-demo', 'simpsons', pod, ip, '192.168.126.100', egressNode);

describe('spec 4.7 worked example (Profile A, one NB)', () => {
  let h: NbHarness;
  let reconciler: NbReconciler;
  const cluster = (eips: ReturnType<typeof demo>[]): ClusterState => ({
    egressIPs: eips,
    nodes,
    namespaces,
    pods,
  });

  beforeAll(async () => {
    h = await startNbHarness();
    await topologyInit({ nb: h.nb, nodes });
    reconciler = new NbReconciler({ nb: h.nb });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('before any EgressIP: P1-P4, S1 (empty), S2, S3 and no QoS (NB 7.0.0 has no QoS mark)', async () => {
    const res = await reconciler.reconcile(cluster([]));
    expect(res.transactions).toBe(1);
    expect(res.notes.map((n) => n.kind)).toEqual(['qos-mark-unsupported']);
    expect(reconciler.skippedFeatures).toEqual(['qos-mark-unsupported']);
    const rows = egressIpRows(await h.snapshot());
    expect(rows.policies).toEqual(sortRows(featurePolicies));
    expect(rows.nats).toEqual([]);
    expect(rows.addressSets).toEqual(sortRows(addressSets([])));
    expect(rows.qos).toEqual([]);
  });

  it('4.7.1: the EgressIP adds exactly P5, P6, N1, N2 and the two S1 members', async () => {
    const res = await reconciler.reconcile(cluster([demo('worker-0-sl79n')]));
    expect(res.transactions).toBe(1); // one transaction for the EgressIP's rows
    expect(res.changes).toMatchObject({ insert: 4, update: 0, delete: 0, addresses: 1 });
    const rows = egressIpRows(await h.snapshot());
    expect(rows.policies).toEqual(
      sortRows([
        ...featurePolicies,
        reroute('homer', '10.129.3.232', '100.64.0.4'),
        reroute('marge', '10.129.3.233', '100.64.0.4'),
      ]),
    );
    expect(rows.nats).toEqual(
      sortRows([
        snat('homer', '10.129.3.232', 'worker-0-sl79n'),
        snat('marge', '10.129.3.233', 'worker-0-sl79n'),
      ]),
    );
    expect(rows.addressSets).toEqual(sortRows(addressSets(['10.129.3.232', '10.129.3.233'])));
  });

  it('a converged NB gets zero writes, also after a restart (every _version unchanged)', async () => {
    const before = versions(await h.snapshot());
    const writes = h.nb.writeTransactions;
    expect((await reconciler.reconcile(cluster([demo('worker-0-sl79n')]))).transactions).toBe(0);
    await h.reconnect();
    const restarted = new NbReconciler({ nb: h.nb });
    expect((await restarted.syncStale(cluster([demo('worker-0-sl79n')]))).transactions).toBe(0);
    expect((await restarted.reconcile(cluster([demo('worker-0-sl79n')]))).transactions).toBe(0);
    expect(h.nb.writeTransactions).toBe(0);
    expect(writes).toBeGreaterThan(0);
    expect(versions(await h.snapshot())).toEqual(before);
    reconciler = restarted;
  });

  it('4.7.2: failover to worker-1-abcde moves the nexthops and the SNATs; S1 and P1-P4 unchanged', async () => {
    const before = await h.snapshot();
    const res = await reconciler.reconcile(cluster([demo('worker-1-abcde')]));
    expect(res.transactions).toBe(1);
    const after = await h.snapshot();
    const rows = egressIpRows(after);
    expect(rows.policies).toEqual(
      sortRows([
        ...featurePolicies,
        reroute('homer', '10.129.3.232', '100.64.0.5'),
        reroute('marge', '10.129.3.233', '100.64.0.5'),
      ]),
    );
    expect(rows.nats).toEqual(
      sortRows([
        snat('homer', '10.129.3.232', 'worker-1-abcde'),
        snat('marge', '10.129.3.233', 'worker-1-abcde'),
      ]),
    );
    expect(rows.addressSets).toEqual(sortRows(addressSets(['10.129.3.232', '10.129.3.233'])));
    // The old NATs are gone from GR_worker-0-sl79n, not merely unreferenced elsewhere.
    const gr0 = after.Logical_Router.find((r) => r.name === 'GR_worker-0-sl79n')!;
    const oldNats = before.NAT.filter((n) => n.logical_port === 'k8s-worker-0-sl79n').map((n) => n._uuid);
    expect(oldNats).toHaveLength(2);
    expect(gr0.nat.filter((u) => oldNats.includes(u))).toEqual([]);
    // The feature rows were not touched.
    const v0 = versions(before);
    const v1 = versions(after);
    for (const p of before.Logical_Router_Policy.filter((p) => p.priority === 102)) {
      expect(v1[`Logical_Router_Policy/${p._uuid}`]).toBe(v0[`Logical_Router_Policy/${p._uuid}`]);
    }
  });

  it('status items: [] removes every per-pod row and the S1 members', async () => {
    await reconciler.reconcile(
      cluster([egressIP('egressip-demo', ['192.168.126.100'], { house: 'simpson' }, [])]),
    );
    const rows = egressIpRows(await h.snapshot());
    expect(rows.policies).toEqual(sortRows(featurePolicies));
    expect(rows.nats).toEqual([]);
    expect(rows.addressSets).toEqual(sortRows(addressSets([])));
  });
});
