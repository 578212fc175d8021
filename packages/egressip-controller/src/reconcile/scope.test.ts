import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { egressIP, namespace, node, pod } from '../../test/integration/support/cluster-fixtures.js';
import type { Namespace, Pod } from '../api/types.js';
import { EMPTY_SNAPSHOT, type NbSnapshot, type PolicyRow } from '../nb/snapshot.js';
import { FEATURE_NAMES } from '../render/feature-rows.js';
import { dbObjectIds, EXT, podRowName, policyIds } from '../render/ids.js';
import { podIps } from '../render/pod-ips.js';
import { zoneLocality } from '../render/zone.js';
import { zonePodFilter } from '../render/zone-pods.js';
import { scopeFor } from './scope.js';

const TEAMS = ['a', 'b', 'c'];
const keyOf = (p: Pod) => `${p.metadata!.namespace}/${p.metadata!.name}`;
/** Pods as comparable text, order-free (the render sorts what it gets). */
const asText = (pods: readonly Pod[]) => pods.map((p) => `${keyOf(p)}@${p.spec?.nodeName ?? ''}`).sort();

const clusterArb = fc.record({
  nodeCount: fc.integer({ min: 2, max: 4 }),
  nsTeams: fc.array(fc.constantFrom(...TEAMS), { minLength: 3, maxLength: 3 }),
  // ns 3 has no labels; node nodeCount+1: unscheduled, nodeCount: a node that is gone.
  pods: fc.array(fc.record({ ns: fc.integer({ min: 0, max: 3 }), node: fc.nat(5), twin: fc.boolean() }), {
    maxLength: 30,
  }),
  eips: fc.array(fc.record({ team: fc.constantFrom(...TEAMS), status: fc.option(fc.nat(4)) }), {
    minLength: 1,
    maxLength: 3,
  }),
  // Rows in the NB: reroutes named after (EgressIP, pod) pairs; pod indexes past the end are pods
  // that no longer exist.
  rows: fc.array(fc.record({ eip: fc.nat(), pod: fc.nat(35) }), { maxLength: 12 }),
  pick: fc.nat(),
});

type Generated = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function build(g: Generated) {
  const nodes = Array.from({ length: g.nodeCount }, (_, i) =>
    node({ name: `n${i}`, id: i + 2, ifaddr: `192.168.126.${11 + i}/24`, subnet: `10.128.${2 * i}.0/23` }),
  );
  const namespaces: Namespace[] = [
    ...g.nsTeams.map((team, i) => namespace(`ns${i}`, { team })),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns3' } },
  ];
  const pods: Pod[] = [];
  g.pods.forEach((s, i) => {
    const spec = {
      namespace: `ns${s.ns}`,
      name: `p${i}`,
      node: s.node > g.nodeCount ? '' : `n${s.node}`,
      ips: [`10.128.${2 * (s.node % 4)}.${10 + i}`],
    };
    pods.push(pod(spec));
    // A second object with the same key (a pod listed twice): both are in scope or neither.
    if (s.twin) pods.push(pod({ ...spec, node: `n${(s.node + 1) % g.nodeCount}` }));
  });
  const egressIPs = g.eips.map((e, i) =>
    egressIP(
      `e${i}`,
      [`192.168.126.${100 + i}`],
      { team: e.team },
      e.status === null ? [] : [{ node: `n${e.status}`, egressIP: `192.168.126.${100 + i}` }],
    ),
  );
  const policies: PolicyRow[] = g.rows.map((r, i) => {
    const p = g.pods[r.pod];
    const ns = p ? `ns${p.ns}` : 'ns0';
    const name = podRowName(`e${r.eip % egressIPs.length}`, ns, `p${r.pod}`);
    return {
      _uuid: `u${i}`,
      priority: 100,
      match: `ip4.src == 10.128.0.${200 + i}`,
      action: 'reroute',
      nexthops: ['100.64.0.2'],
      options: {},
      external_ids: policyIds(100, name, 'ip4'),
    };
  });
  const snapshot: NbSnapshot = {
    ...EMPTY_SNAPSHOT,
    Logical_Router_Policy: policies,
    Address_Set: [
      {
        _uuid: 'as',
        name: 'a1',
        addresses: [],
        external_ids: dbObjectIds('EgressIP', [[EXT.name, FEATURE_NAMES.servedPods]]),
      },
    ],
  };
  return { nodes, namespaces, pods, egressIPs, snapshot };
}

describe('scopeFor', () => {
  it('holds the pods of the namespaces the EgressIP selects and of its rows in the NB; a zone takes exactly the ones its filter keeps', () => {
    let picked = 0;
    let left = 0;
    fc.assert(
      fc.property(clusterArb, (g) => {
        const c = build(g);
        const name = `e${g.pick % c.egressIPs.length}`;
        const scope = scopeFor(name, c, c.snapshot)!;
        // The scope as a filter over the whole cluster: pods of a selected namespace (labelled,
        // team matching) or named by a row of this EgressIP.
        const team = g.eips[g.pick % c.egressIPs.length]!.team;
        const served = new Set(
          c.snapshot.Logical_Router_Policy.flatMap((p) => {
            const n = p.external_ids[EXT.name]!;
            return n.startsWith(`${name}_`) ? [n.slice(name.length + 1)] : [];
          }),
        );
        const selected = (p: Pod) =>
          g.nsTeams.some((t, i) => t === team && p.metadata!.namespace === `ns${i}`);
        const expected = c.pods.filter((p) => selected(p) || served.has(keyOf(p)));
        expect(asText(scope.allPods())).toEqual(asText(expected));
        for (const p of c.pods) expect(scope.podKeys.has(keyOf(p))).toBe(selected(p) || served.has(keyOf(p)));
        for (const k of served) expect(scope.podKeys.has(k)).toBe(true);
        // The owned rows are those of the pods in scope, whichever EgressIP named them.
        const ownedKeys = [...scope.owned.byPod.keys()].sort();
        const rowKeys = c.snapshot.Logical_Router_Policy.map((p) => p.external_ids[EXT.name]!.split('_')[1]!);
        expect(ownedKeys).toEqual([...new Set(rowKeys.filter((k) => scope.podKeys.has(k)))].sort());
        for (const zone of c.nodes.map((n) => n.metadata!.name!)) {
          const locality = zoneLocality(zone, c.nodes, 'B');
          const filter = zonePodFilter({ ...c, locality, hints: scope.owned.hints })!;
          const want = expected.filter(filter.keep);
          const got = scope.zonePods(filter, false);
          expect(asText(got.pods)).toEqual(asText(want));
          expect(got.skippedIps).toEqual([]);
          // Asking for the skipped pods' IPs gives the same pods and those IPs.
          const withIps = scope.zonePods(filter, true);
          expect(asText(withIps.pods)).toEqual(asText(want));
          expect([...withIps.skippedIps].sort()).toEqual(
            expected
              .filter((p) => !filter.keep(p))
              .flatMap(podIps)
              .sort(),
          );
          picked += want.length;
          left += expected.length - want.length;
        }
      }),
      { numRuns: 300 },
    );
    // Both sides of the filter were exercised.
    expect(picked).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
  });

  it('takes the rows of its namespaces only, not those of a namespace whose name starts with one of them', () => {
    const c = build({
      nodeCount: 2,
      nsTeams: ['a', 'b', 'c'],
      pods: [],
      eips: [{ team: 'a', status: 0 }],
      rows: [],
      pick: 0,
    });
    const row = (i: number, ns: string, p: string): PolicyRow => ({
      _uuid: `r${i}`,
      priority: 100,
      match: `ip4.src == 10.128.0.${i}`,
      action: 'reroute',
      nexthops: ['100.64.0.2'],
      options: {},
      external_ids: policyIds(100, podRowName(i === 1 ? 'e0' : 'e9', ns, p), 'ip4'),
    });
    const namespaces = [...c.namespaces, namespace('ns00', { team: 'z' })];
    const pods = [pod({ namespace: 'ns0', name: 'q', node: 'n0', ips: ['10.128.0.1'] })];
    const snapshot = {
      ...c.snapshot,
      Logical_Router_Policy: [row(1, 'ns0', 'q'), row(2, 'ns00', 'q'), row(3, 'ns0', 'q'), row(4, 'ns', 'q')],
    };
    const scope = scopeFor('e0', { ...c, namespaces, pods }, snapshot)!;
    expect(scope.podKeys.namespaces).toEqual(['ns0']);
    expect([...scope.owned.byPod.keys()]).toEqual(['ns0/q']);
    expect(scope.owned.byPod.get('ns0/q')!.policies.map((p) => p._uuid)).toEqual(['r1', 'r3']);
  });

  it('is undefined without a served-pods set (the caller diffs everything then)', () => {
    expect(scopeFor('e0', { egressIPs: [], namespaces: [], pods: [] }, EMPTY_SNAPSHOT)).toBeUndefined();
  });
});
