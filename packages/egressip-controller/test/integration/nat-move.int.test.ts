// An egress IP moving to another node: its SNATs are moved from the old gateway router to the new
// one by updating the rows in place (logical port) and moving the references, not by deleting and
// inserting them. Against real ovsdb-servers: the NB left is exactly the one a cold start on the
// new placement writes, whichever path (scoped failover, full reconcile, startup sync) gets there.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { egressIP, namespace, node, pod } from './support/cluster-fixtures.js';
import { canonicalNbDump } from './support/nb-dump.js';
import { type NbHarness, startTopologyNbs } from './support/nb-harness.js';

const nodeNames = ['n1', 'n2', 'n3'];
const nodes = nodeNames.map((name, i) =>
  node({ name, ifaddr: `192.168.126.${11 + i}/24`, subnet: `10.128.${i * 2}.0/23`, id: i + 2 }),
);
const EIPS = 4;
const PODS = 6;
const name = (e: number) => `e${e}`;

/**
 * EgressIP e selects namespace ns-e (6 pods over the 3 nodes) and is hosted where `nodeOf` says;
 * e3 has a second egress IP, always on n3.
 */
function cluster(nodeOf: (e: number) => number): ClusterState {
  const all = Array.from({ length: EIPS }, (_, e) => e);
  const namespaces = all.map((e) => namespace(`ns-${name(e)}`, { team: name(e) }));
  const pods = all.flatMap((e) =>
    Array.from({ length: PODS }, (_, p) =>
      pod({
        namespace: `ns-${name(e)}`,
        name: `p${p}`,
        node: nodeNames[(e + p) % 3]!,
        ips: [`10.128.${((e + p) % 3) * 2}.${10 + e * PODS + p}`],
      }),
    ),
  );
  const egressIPs = all.map((e) => {
    const ips = [`192.168.126.${100 + e}`, ...(e === 3 ? ['192.168.126.200'] : [])];
    return egressIP(name(e), ips, { team: name(e) }, [
      { node: nodeNames[nodeOf(e)]!, egressIP: ips[0]! },
      ...(e === 3 ? [{ node: 'n3', egressIP: ips[1]! }] : []),
    ]);
  });
  return { egressIPs, nodes, namespaces, pods };
}

const before = cluster((e) => e % 2); // e0, e2 on n1; e1, e3 on n2
const after = cluster((e) => (e % 2) + 1); // e0, e2 on n2; e1, e3 on n3 (e3's two IPs on one node)

/** uuid of each of our SNATs, by logical IP and external IP, with the router holding it. */
async function nats(h: NbHarness): Promise<Map<string, { uuid: string; router: string }>> {
  const snap = await h.snapshot();
  const out = new Map<string, { uuid: string; router: string }>();
  for (const n of snap.NAT) {
    if (n.external_ids['k8s.ovn.org/owner-type'] !== 'EgressIP') continue;
    const routers = snap.Logical_Router.filter((r) => r.nat.includes(n._uuid)).map((r) => r.name);
    expect(routers).toHaveLength(1);
    out.set(`${n.logical_ip} ${n.external_ip}`, { uuid: n._uuid, router: routers[0]! });
  }
  return out;
}

describe('an egress IP moving node', () => {
  let hs: NbHarness[] = [];
  let reference: Awaited<ReturnType<typeof canonicalNbDump>>;
  beforeAll(async () => {
    hs = await startTopologyNbs(4, nodes);
    const ref = hs[0];
    // What a cold start on the new placement writes: every row inserted.
    await new NbReconciler({ nb: ref!.nb }).reconcile(after);
    reference = await canonicalNbDump(ref!.client);
  });
  afterAll(async () => {
    await Promise.all(hs.map((h) => h.stop()));
  });

  it("a scoped failover updates its SNATs in place onto the new node's gateway router", async () => {
    const h = hs[1]!;
    const r = new NbReconciler({ nb: h.nb });
    await r.reconcile(before);
    const old = await nats(h);
    for (let e = 0; e < EIPS; e++) {
      const res = await r.reconcile(after, { egressIP: name(e) });
      // Per pod: the SNAT updated (logical port) and the reroute updated (nexthop); nothing
      // inserted or deleted.
      expect(res.changes).toMatchObject({ insert: 0, delete: 0, update: 2 * PODS, link: PODS, unlink: PODS });
    }
    const moved = await nats(h);
    expect([...moved.keys()].sort()).toEqual([...old.keys()].sort());
    for (const [k, n] of moved) {
      expect(n.uuid).toBe(old.get(k)!.uuid);
      // e3's second IP stays on n3; every other SNAT changed router.
      if (k.endsWith(' 192.168.126.200')) expect(n.router).toBe('GR_n3');
      else expect(n.router).not.toBe(old.get(k)!.router);
    }
    expect(await canonicalNbDump(h.client)).toEqual(reference);
    expect((await r.reconcile(after)).transactions).toBe(0);
  });

  it('a full reconcile moves them the same way and leaves the same NB', async () => {
    const h = hs[2]!;
    const r = new NbReconciler({ nb: h.nb });
    await r.reconcile(before);
    const res = await r.reconcile(after);
    expect(res.changes.insert).toBe(0);
    expect(res.changes.delete).toBe(0);
    expect(await canonicalNbDump(h.client)).toEqual(reference);
  });

  it('the startup sync drops the SNATs left on the old router (the server collects them), and the reconcile writes the new ones', async () => {
    const h = hs[3]!;
    await new NbReconciler({ nb: h.nb }).reconcile(before);
    const old = await nats(h);
    const r = new NbReconciler({ nb: h.nb });
    await r.syncStale(after);
    const left = await nats(h);
    // Only e3's second IP (unchanged, on n3) keeps its SNATs; no SNAT is left unreferenced.
    expect([...left.keys()].every((k) => k.endsWith(' 192.168.126.200'))).toBe(true);
    expect(left.size).toBe(PODS);
    const snap = await h.snapshot();
    expect(snap.NAT.filter((n) => n.external_ids['k8s.ovn.org/owner-type'] === 'EgressIP')).toHaveLength(
      left.size,
    );
    expect(old.size).toBeGreaterThan(left.size);
    await r.reconcile(after);
    expect(await canonicalNbDump(h.client)).toEqual(reference);
  });
});
