// Each zone's full reconcile renders only the pods that can have rows in it (render/zone-pods.ts),
// through the reconciler the runner gives each zone: against one real NB ovsdb-server per node,
// the rows of remote pods appear only in the zone of their EgressIP's egress node, follow it when
// it moves, and are deleted where they are no longer wanted; a second pass writes nothing. A
// failover through the per-EgressIP (scoped) reconcile of each zone leaves the same rows.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClusterState } from '../../src/reconcile/reconcile-nb.js';
import { egressIP, namespace, pod } from '../integration/support/cluster-fixtures.js';
import { startZones, ZONE_NODES, type Zone, zoneRows } from './zone-fixtures.js';

const W = ['worker-0-sl79n', 'worker-1-abcde', 'worker-2-fghij'] as const;
const SUBNET = ['10.129.2', '10.128.2', '10.131.0'];
const namespaces = [
  namespace('simpsons', { house: 'simpson' }),
  namespace('flanders', { house: 'flanders' }),
];
// One pod of each namespace on every node.
const pods = W.flatMap((node, i) => [
  pod({ namespace: 'simpsons', name: `s${i}`, node, ips: [`${SUBNET[i]}.10`] }),
  pod({ namespace: 'flanders', name: `f${i}`, node, ips: [`${SUBNET[i]}.20`] }),
]);
const eip = (name: string, house: string, ip: string, node: string) =>
  egressIP(name, [ip], { house }, [{ node, egressIP: ip }]);
const simpsonsOn = (node: string) => eip('e-simpsons', 'simpson', '192.168.126.100', node);
/** The SNAT rows (as rowsOf lists them) of the 3 pods `p0..p2` of `ns` on `node`'s GR. */
const snats = (e: string, ip: string, node: string, ns: string, p: string) =>
  [0, 1, 2].map((i) => `${e}_${ns}/${p}${i} ${ip} GR_${node}`);

describe('zones render only the pods that can have rows in them', () => {
  let zones: Zone[];
  const cluster = (egressIPs: ClusterState['egressIPs']): ClusterState => ({
    egressIPs,
    nodes: ZONE_NODES,
    namespaces,
    pods,
  });
  /** Per zone: SNAT rows as `name external_ip router`, reroute names, served-pods members. */
  const rowsOf = async () =>
    Object.fromEntries(
      await Promise.all(
        zones.map(async (z) => {
          const r = zoneRows(await z.h.snapshot());
          return [
            z.name,
            {
              snats: r.nats
                .map((n) => `${n.external_ids['k8s.ovn.org/name']} ${n.external_ip} ${n.routers}`)
                .sort(),
              reroutes: r.policies
                .filter((p) => p.priority === 100)
                .map((p) => `${p.external_ids['k8s.ovn.org/name']} ${p.nexthops}`)
                .sort(),
              served: r.addressSets.find((a) => a.external_ids['k8s.ovn.org/name'] === 'egressip-served-pods')
                ?.addresses,
            },
          ] as const;
        }),
      ),
    );
  const reconcileAll = async (c: ClusterState) => {
    for (const z of zones) await z.reconciler.reconcile(c);
    // Converged: a second full pass writes nothing in any zone.
    for (const z of zones) expect((await z.reconciler.reconcile(c)).transactions).toBe(0);
  };

  beforeAll(async () => {
    zones = await startZones(ZONE_NODES);
  });
  afterAll(async () => {
    await Promise.all((zones ?? []).map((z) => z.h.stop()));
  });

  it('remote pods get SNATs only in the egress node zone; they move with it and are deleted behind it', async () => {
    const flanders = eip('e-flanders', 'flanders', '192.168.126.101', W[1]);
    await reconcileAll(cluster([simpsonsOn(W[0]), flanders]));
    let rows = await rowsOf();
    expect(rows[W[0]]!.snats).toEqual(snats('e-simpsons', '192.168.126.100', W[0], 'simpsons', 's'));
    expect(rows[W[1]]!.snats).toEqual(snats('e-flanders', '192.168.126.101', W[1], 'flanders', 'f'));
    expect(rows[W[2]]!.snats).toEqual([]);
    // Every zone reroutes its own pods only; worker-2 serves both of them through the transit switch.
    expect(rows[W[2]]!.reroutes).toEqual([
      'e-flanders_flanders/f2 100.88.0.5',
      'e-simpsons_simpsons/s2 100.88.0.4',
    ]);
    expect(rows[W[2]]!.served).toEqual(['10.131.0.10', '10.131.0.20']);

    // The simpsons' egress node moves to worker-2: worker-0 no longer renders remote simpsons pods,
    // and the diff deletes their SNATs there.
    await reconcileAll(cluster([simpsonsOn(W[2]), flanders]));
    rows = await rowsOf();
    expect(rows[W[0]]!.snats).toEqual([]);
    expect(rows[W[2]]!.snats).toEqual(snats('e-simpsons', '192.168.126.100', W[2], 'simpsons', 's'));
    expect(rows[W[0]]!.reroutes).toEqual([
      'e-flanders_flanders/f0 100.88.0.5',
      'e-simpsons_simpsons/s0 100.88.0.6',
    ]);

    // Both EgressIPs gone: nothing of theirs is left in any zone.
    await reconcileAll(cluster([]));
    rows = await rowsOf();
    for (const w of W) expect(rows[w]).toEqual({ snats: [], reroutes: [], served: [] });
  });

  it("failover through each zone's scoped reconcile: every zone ends as a full reconcile would leave it", async () => {
    // e-flanders egresses on worker-2, so worker-2 renders remote pods; the scoped reconcile of
    // e-simpsons there needs only its own simpsons pod (worker-2 is neither the old nor the new node).
    const flanders = eip('e-flanders', 'flanders', '192.168.126.101', W[2]);
    await reconcileAll(cluster([simpsonsOn(W[0]), flanders]));
    let rows = await rowsOf();
    expect(rows[W[0]]!.snats).toEqual(snats('e-simpsons', '192.168.126.100', W[0], 'simpsons', 's'));
    expect(rows[W[2]]!.snats).toEqual(snats('e-flanders', '192.168.126.101', W[2], 'flanders', 'f'));

    const moved = cluster([simpsonsOn(W[1]), flanders]);
    for (const z of zones) await z.reconciler.reconcile(moved, { egressIP: 'e-simpsons' });
    rows = await rowsOf();
    expect(rows[W[0]]!.snats).toEqual([]);
    expect(rows[W[1]]!.snats).toEqual(snats('e-simpsons', '192.168.126.100', W[1], 'simpsons', 's'));
    expect(rows[W[2]]!.snats).toEqual(snats('e-flanders', '192.168.126.101', W[2], 'flanders', 'f'));
    expect(rows[W[0]]!.reroutes).toEqual([
      'e-flanders_flanders/f0 100.88.0.6',
      'e-simpsons_simpsons/s0 100.88.0.5',
    ]);
    // On its new egress node s1 leaves through its own gateway router; the others through it.
    expect(rows[W[1]]!.reroutes).toEqual([
      'e-flanders_flanders/f1 100.88.0.6',
      'e-simpsons_simpsons/s1 100.64.0.5',
    ]);
    expect(rows[W[2]]!.reroutes).toEqual([
      'e-flanders_flanders/f2 100.64.0.6',
      'e-simpsons_simpsons/s2 100.88.0.5',
    ]);
    expect(rows[W[2]]!.served).toEqual(['10.131.0.10', '10.131.0.20']);
    // What the scoped reconciles wrote is what a full reconcile wants: it writes nothing.
    for (const z of zones) expect((await z.reconciler.reconcile(moved)).transactions).toBe(0);
  });
});
