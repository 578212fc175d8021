// Interconnect zones against real ovsdb-servers, one NB per node (spec 1.4 Profile B, 4.1, 4.3,
// 4.7.3): after each step, every row the controller owns in every zone, column by column.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { egressIP, namespace, pod } from '../integration/support/cluster-fixtures.js';
import { reroute, snat, sortRows } from '../integration/support/expected-rows.js';
import {
  addressSetsB,
  catchAll,
  featurePoliciesB,
  startZones,
  ZONE_NODES,
  type Zone,
  zoneRows,
} from './zone-fixtures.js';

const [W0, W1, W2] = ['worker-0-sl79n', 'worker-1-abcde', 'worker-2-fghij'] as const;
const NODE_IPS = ['192.168.126.51', '192.168.126.52', '192.168.126.53'];
const EIP = '192.168.126.100';
const namespaces = [namespace('simpsons', { house: 'simpson' })];
const homer = pod({ namespace: 'simpsons', name: 'homer', node: W0, ips: ['10.129.3.232'] });
const marge = pod({ namespace: 'simpsons', name: 'marge', node: W0, ips: ['10.129.3.233'] });
const demo = (...items: Array<[string, string]>) =>
  egressIP(
    'egressip-demo',
    items.map(([, ip]) => ip),
    { house: 'simpson' },
    items.map(([node, egressIP]) => ({ node, egressIP })),
  );
const rr = (p: string, ip: string, nexthops: string[]) =>
  reroute('egressip-demo', 'simpsons', p, ip, nexthops);
const nat = (p: string, ip: string, node: string, eip = EIP) =>
  snat('egressip-demo', 'simpsons', p, ip, eip, node, '32768-60999');
const joinIp = { [W0]: '100.64.0.4', [W1]: '100.64.0.5', [W2]: '100.64.0.6' };
const transitIp = { [W0]: '100.88.0.4', [W1]: '100.88.0.5', [W2]: '100.88.0.6' };
const nodeSubnet = { [W0]: '10.129.2.0/23', [W1]: '10.128.2.0/23', [W2]: '10.131.0.0/23' };

describe('interconnect zones: one NB per node (spec 4.7.3 and friends)', () => {
  let zones: Zone[];
  const byName = (n: string) => zones.find((z) => z.name === n)!;
  const step = async (cluster: Partial<ClusterState>) => {
    const full: ClusterState = {
      egressIPs: [],
      nodes: ZONE_NODES,
      namespaces,
      pods: [homer, marge],
      ...cluster,
    };
    for (const z of zones) await z.reconciler.reconcile(full);
  };
  /** Asserts every zone: feature rows, catch-all route, and the given per-zone EgressIP rows. */
  const expectZone = async (
    name: string,
    want: { policies?: object[]; nats?: object[]; served?: string[] },
  ) => {
    const rows = zoneRows(await byName(name).h.snapshot());
    expect(rows.policies).toEqual(sortRows([...featurePoliciesB(), ...(want.policies ?? [])]));
    expect(rows.nats).toEqual(sortRows(want.nats ?? []));
    expect(rows.addressSets).toEqual(addressSetsB(want.served ?? [], NODE_IPS));
    expect(rows.qos).toEqual([]); // NB 7.0.0 has no QoS mark
    // The topology's own node-subnet src-ip route is left alone beside the catch-all.
    const w = name as W;
    expect(rows.routes).toEqual(
      sortRows([catchAll('10.128.0.0/14', joinIp[w]), catchAll(nodeSubnet[w], joinIp[w])]),
    );
    expect(rows.podSnats).toEqual([]);
  };
  type W = typeof W0 | typeof W1 | typeof W2;

  beforeAll(async () => {
    zones = await startZones(ZONE_NODES);
  });
  afterAll(async () => {
    await Promise.all((zones ?? []).map((z) => z.h.stop()));
  });

  it('before any EgressIP: each zone has the feature rows and its own catch-all route', async () => {
    await step({});
    for (const w of [W0, W1, W2]) await expectZone(w, {});
  });

  it("4.7.3: pods and egress node on worker-0: only worker-0's NB gets P5/P6, N1/N2, S1", async () => {
    await step({ egressIPs: [demo([W0, EIP])] });
    await expectZone(W0, {
      policies: [rr('homer', '10.129.3.232', [joinIp[W0]]), rr('marge', '10.129.3.233', [joinIp[W0]])],
      nats: [nat('homer', '10.129.3.232', W0), nat('marge', '10.129.3.233', W0)],
      served: ['10.129.3.232', '10.129.3.233'],
    });
    await expectZone(W1, {});
    await expectZone(W2, {});
  });

  it('4.7.3 after failover to worker-1: worker-0 reroutes over the transit switch, worker-1 SNATs the remote pods', async () => {
    await step({ egressIPs: [demo([W1, EIP])] });
    await expectZone(W0, {
      policies: [rr('homer', '10.129.3.232', [transitIp[W1]]), rr('marge', '10.129.3.233', [transitIp[W1]])],
      served: ['10.129.3.232', '10.129.3.233'],
    });
    await expectZone(W1, { nats: [nat('homer', '10.129.3.232', W1), nat('marge', '10.129.3.233', W1)] });
    await expectZone(W2, {});
  });

  it('failover between zones again (worker-1 -> worker-2): worker-1 drops its SNATs, worker-2 takes them', async () => {
    await step({ egressIPs: [demo([W2, EIP])] });
    await expectZone(W0, {
      policies: [rr('homer', '10.129.3.232', [transitIp[W2]]), rr('marge', '10.129.3.233', [transitIp[W2]])],
      served: ['10.129.3.232', '10.129.3.233'],
    });
    await expectZone(W1, {});
    await expectZone(W2, { nats: [nat('homer', '10.129.3.232', W2), nat('marge', '10.129.3.233', W2)] });
  });

  it('ECMP over a local and a remote egress node: nexthops mix the join IP and the transit IP', async () => {
    await step({ egressIPs: [demo([W0, EIP], [W1, '192.168.126.101'])] });
    const hops = [joinIp[W0], transitIp[W1]];
    await expectZone(W0, {
      policies: [rr('homer', '10.129.3.232', hops), rr('marge', '10.129.3.233', hops)],
      nats: [nat('homer', '10.129.3.232', W0), nat('marge', '10.129.3.233', W0)],
      served: ['10.129.3.232', '10.129.3.233'],
    });
    await expectZone(W1, {
      nats: [
        nat('homer', '10.129.3.232', W1, '192.168.126.101'),
        nat('marge', '10.129.3.233', W1, '192.168.126.101'),
      ],
    });
    await expectZone(W2, {});
  });

  it("egress node remote to every pod: the pods' zone reroutes, the egress zone SNATs", async () => {
    const bart = pod({ namespace: 'simpsons', name: 'bart', node: W2, ips: ['10.131.0.10'] });
    const lisa = pod({ namespace: 'simpsons', name: 'lisa', node: W1, ips: ['10.128.2.11'] });
    await step({ egressIPs: [demo([W0, EIP])], pods: [bart, lisa] });
    await expectZone(W0, {
      nats: [nat('bart', '10.131.0.10', W0), nat('lisa', '10.128.2.11', W0)],
    });
    await expectZone(W1, { policies: [rr('lisa', '10.128.2.11', [transitIp[W0]])], served: ['10.128.2.11'] });
    await expectZone(W2, { policies: [rr('bart', '10.131.0.10', [transitIp[W0]])], served: ['10.131.0.10'] });
  });

  it('a pod created, relabelled out of the selector, deleted and re-created with a new IP', async () => {
    const selector = { app: 'egress' };
    const eip = egressIP(
      'egressip-demo',
      [EIP],
      { house: 'simpson' },
      [{ node: W1, egressIP: EIP }],
      selector,
    );
    const bart = (labels: Record<string, string>, ip = '10.129.3.240') =>
      pod({ namespace: 'simpsons', name: 'bart', node: W0, ips: [ip], labels });
    // created
    await step({ egressIPs: [eip], pods: [bart(selector)] });
    await expectZone(W0, {
      policies: [rr('bart', '10.129.3.240', [transitIp[W1]])],
      served: ['10.129.3.240'],
    });
    await expectZone(W1, { nats: [nat('bart', '10.129.3.240', W1)] });
    await expectZone(W2, {});
    // relabelled: no longer selected anywhere
    await step({ egressIPs: [eip], pods: [bart({ app: 'other' })] });
    for (const w of [W0, W1, W2]) await expectZone(w, {});
    // selected again, then deleted
    await step({ egressIPs: [eip], pods: [bart(selector)] });
    await step({ egressIPs: [eip], pods: [] });
    for (const w of [W0, W1, W2]) await expectZone(w, {});
    // re-created under the same name with a new IP
    await step({ egressIPs: [eip], pods: [bart(selector, '10.129.3.241')] });
    await expectZone(W0, {
      policies: [rr('bart', '10.129.3.241', [transitIp[W1]])],
      served: ['10.129.3.241'],
    });
    await expectZone(W1, { nats: [nat('bart', '10.129.3.241', W1)] });
    await expectZone(W2, {});
  });

  it('startup sync of each zone: a fresh controller removes only the stale rows, then converges', async () => {
    // The zones hold the last step's rows; the EgressIP now points at worker-2 and bart is gone.
    const eip = demo([W2, EIP]);
    const cluster: ClusterState = { egressIPs: [eip], nodes: ZONE_NODES, namespaces, pods: [homer, marge] };
    for (const z of zones) {
      z.reconciler = new NbReconciler({ nb: z.h.nb, zone: z.name, config: { profile: 'B' } });
      await z.reconciler.syncStale(cluster);
    }
    // Sync removes bart's rows (pod gone) in worker-0 and worker-1; it adds nothing.
    await expectZone(W0, {});
    await expectZone(W1, {});
    await expectZone(W2, {});
    for (const z of zones) await z.reconciler.reconcile(cluster);
    await expectZone(W0, {
      policies: [rr('homer', '10.129.3.232', [transitIp[W2]]), rr('marge', '10.129.3.233', [transitIp[W2]])],
      served: ['10.129.3.232', '10.129.3.233'],
    });
    await expectZone(W1, {});
    await expectZone(W2, { nats: [nat('homer', '10.129.3.232', W2), nat('marge', '10.129.3.233', W2)] });
    // Converged: a second round writes nothing in any zone.
    for (const z of zones) expect((await z.reconciler.reconcile(cluster)).transactions).toBe(0);
  });
});
