// Spec 4.7.1 and 4.7.2 reproduced exactly against a real NB ovsdb-server (OVN 23.03, schema 7.0.0).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NbReconciler, type ClusterState } from '../../src/reconcile/reconcile-nb.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { egressIP, namespace, node, pod, WORKERS } from './support/cluster-fixtures.js';
import { egressIpRows, type NbHarness, startNbHarness, versions } from './support/nb-harness.js';

const OC = 'default-network-controller';
const nodes = WORKERS.map(node);
const namespaces = [namespace('simpsons', { house: 'simpson' })];
const pods = [
  pod({ namespace: 'simpsons', name: 'homer', node: 'worker-0-sl79n', ips: ['10.129.3.232'] }),
  pod({ namespace: 'simpsons', name: 'marge', node: 'worker-0-sl79n', ips: ['10.129.3.233'] }),
];
const demo = (node: string) => egressIP('egressip-demo', ['192.168.126.100'], { house: 'simpson' }, [{ node, egressIP: '192.168.126.100' }]);

const policy102 = (name: string, family: string, match: string, options: Record<string, string> = {}) => ({
  priority: 102,
  match,
  action: 'allow',
  nexthop: undefined,
  nexthops: [],
  options,
  external_ids: {
    'k8s.ovn.org/owner-controller': OC,
    'k8s.ovn.org/owner-type': 'EgressIP',
    'k8s.ovn.org/id': `${OC}:EgressIP:102:${name}:${family}:default`,
    'k8s.ovn.org/name': name,
    priority: '102',
    'ip-family': family,
    network: 'default',
  },
  routers: ['ovn_cluster_router'],
});
const reroute = (podName: string, ip: string, nexthop: string) => ({
  priority: 100,
  match: `ip4.src == ${ip}`,
  action: 'reroute',
  nexthop: undefined,
  nexthops: [nexthop],
  options: {},
  external_ids: {
    'k8s.ovn.org/owner-controller': OC,
    'k8s.ovn.org/owner-type': 'EgressIP',
    'k8s.ovn.org/id': `${OC}:EgressIP:100:egressip-demo_simpsons/${podName}:ip4:default`,
    'k8s.ovn.org/name': `egressip-demo_simpsons/${podName}`,
    priority: '100',
    'ip-family': 'ip4',
    network: 'default',
  },
  routers: ['ovn_cluster_router'],
});
const snat = (podName: string, ip: string, egressNode: string) => ({
  type: 'snat',
  external_ip: '192.168.126.100',
  external_mac: undefined,
  external_port_range: '',
  logical_ip: ip,
  logical_port: `k8s-${egressNode}`,
  options: { stateless: 'false' },
  external_ids: {
    'k8s.ovn.org/owner-controller': OC,
    'k8s.ovn.org/owner-type': 'EgressIP',
    'k8s.ovn.org/id': `${OC}:EgressIP:egressip-demo_simpsons/${podName}:ip4`,
    'k8s.ovn.org/name': `egressip-demo_simpsons/${podName}`,
    'ip-family': 'ip4',
  },
  routers: [`GR_${egressNode}`],
});
const featurePolicies = [
  policy102('EIP-No-Reroute-Pod-To-Pod', 'ip4', 'ip4.src == 10.128.0.0/14 && ip4.dst == 10.128.0.0/14'),
  policy102('EIP-No-Reroute-Pod-To-Join', 'ip4', 'ip4.src == 10.128.0.0/14 && ip4.dst == 100.64.0.0/16'),
  policy102('EIP-No-Reroute-reply-traffic', 'ip', 'pkt.mark == 42'),
  policy102(
    'EIP-No-Reroute-Pod-To-Node',
    'ip4',
    '(ip4.src == $a8519615025667110816 || ip4.src == $a13607449821398607916) && ip4.dst == $a712973235162149816',
    { pkt_mark: '1008' },
  ),
];
const addressSets = (served: string[]) => [
  {
    name: 'a8519615025667110816',
    addresses: served,
    external_ids: {
      'k8s.ovn.org/owner-controller': OC,
      'k8s.ovn.org/owner-type': 'EgressIP',
      'k8s.ovn.org/id': `${OC}:EgressIP:egressip-served-pods:v4:default`,
      'k8s.ovn.org/name': 'egressip-served-pods',
      'ip-family': 'v4',
      network: 'default',
    },
  },
  {
    name: 'a13607449821398607916',
    addresses: [],
    external_ids: {
      'k8s.ovn.org/owner-controller': OC,
      'k8s.ovn.org/owner-type': 'EgressService',
      'k8s.ovn.org/id': `${OC}:EgressService:egresssvc-served-pods:v4`,
      'k8s.ovn.org/name': 'egresssvc-served-pods',
      'ip-family': 'v4',
    },
  },
  {
    name: 'a712973235162149816',
    addresses: ['192.168.126.51', '192.168.126.52', '192.168.126.53'],
    external_ids: {
      'k8s.ovn.org/owner-controller': OC,
      'k8s.ovn.org/owner-type': 'EgressIP',
      'k8s.ovn.org/id': `${OC}:EgressIP:node-ips:v4:default`,
      'k8s.ovn.org/name': 'node-ips',
      'ip-family': 'v4',
      network: 'default',
    },
  },
];
const sortRows = <T>(rows: T[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('spec 4.7 worked example (Profile A, one NB)', () => {
  let h: NbHarness;
  let reconciler: NbReconciler;
  const cluster = (eips: ReturnType<typeof demo>[]): ClusterState => ({ egressIPs: eips, nodes, namespaces, pods });

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
      sortRows([...featurePolicies, reroute('homer', '10.129.3.232', '100.64.0.4'), reroute('marge', '10.129.3.233', '100.64.0.4')]),
    );
    expect(rows.nats).toEqual(sortRows([snat('homer', '10.129.3.232', 'worker-0-sl79n'), snat('marge', '10.129.3.233', 'worker-0-sl79n')]));
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
      sortRows([...featurePolicies, reroute('homer', '10.129.3.232', '100.64.0.5'), reroute('marge', '10.129.3.233', '100.64.0.5')]),
    );
    expect(rows.nats).toEqual(sortRows([snat('homer', '10.129.3.232', 'worker-1-abcde'), snat('marge', '10.129.3.233', 'worker-1-abcde')]));
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
    await reconciler.reconcile(cluster([egressIP('egressip-demo', ['192.168.126.100'], { house: 'simpson' }, [])]));
    const rows = egressIpRows(await h.snapshot());
    expect(rows.policies).toEqual(sortRows(featurePolicies));
    expect(rows.nats).toEqual([]);
    expect(rows.addressSets).toEqual(sortRows(addressSets([])));
  });
});
