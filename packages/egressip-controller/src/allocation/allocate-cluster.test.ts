import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { makeEgressIP, makeNode } from '../../test/fake-apiserver/objects.js';
import type { EgressIP } from '../api/types.js';
import { allocateCluster } from './allocate-cluster.js';
import { allocateEgressIP, isEligible } from './allocate-egress-ip.js';
import { AllocationTable } from './allocation-table.js';
import { buildNodeInventory } from './node-inventory.js';

// Small pools so that collisions (same IP in two objects, host IPs, unhostable IPs) are common.
const subnetA = '192.168.10';
const subnetB = '192.168.20';
const ipPool = [
  ...[1, 2, 3, 4, 5, 6].map((i) => `${subnetA}.${100 + i}`),
  `${subnetB}.101`,
  `${subnetB}.102`,
  `${subnetA}.11`,
  '10.0.0.1',
];

const nodeArb = fc.record({
  subnet: fc.constantFrom(subnetA, subnetB),
  labelled: fc.boolean(),
  ready: fc.boolean(),
  reachable: fc.boolean(),
});
const clusterArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 5 }),
  eips: fc.array(fc.uniqueArray(fc.constantFrom(...ipPool), { maxLength: 4 }), {
    minLength: 1,
    maxLength: 5,
  }),
});

type Cluster = {
  nodes: { subnet: string; labelled: boolean; ready: boolean; reachable: boolean }[];
  eips: string[][];
};

function build(c: Cluster) {
  const nodes = c.nodes.map((n, i) =>
    makeNode({ name: `node${i}`, v4: `${n.subnet}.${11 + i}/24`, labelled: n.labelled, ready: n.ready }),
  );
  const reachable = new Map(c.nodes.map((n, i) => [`node${i}`, n.reachable]));
  const eips = c.eips.map((ips, i) => makeEgressIP(`eip${i}`, ips));
  return { nodes, reachable, eips };
}

describe('allocateCluster invariants (property)', () => {
  it('never puts an IP on two nodes or in two objects, one IP per node per object, only on eligible hosting nodes', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const { nodes, reachable, eips } = build(c);
        const result = allocateCluster(eips, nodes, reachable);
        expect(result.passes).toBeLessThan(10);
        const seen = new Set<string>();
        const hostIPs = new Set(c.nodes.map((n, i) => `${n.subnet}.${11 + i}`));
        for (const [name, items] of result.status) {
          const spec = eips.find((e) => e.metadata.name === name)?.spec.egressIPs ?? [];
          const nodesOfObject = new Set<string>();
          for (const item of items) {
            expect(seen.has(item.egressIP)).toBe(false);
            seen.add(item.egressIP);
            expect(nodesOfObject.has(item.node)).toBe(false);
            nodesOfObject.add(item.node);
            expect(spec).toContain(item.egressIP);
            expect(hostIPs.has(item.egressIP)).toBe(false);
            const idx = Number(item.node.slice(4));
            const n = c.nodes[idx];
            expect(n?.labelled && n.ready && n.reachable).toBe(true);
            expect(item.egressIP.startsWith(`${n?.subnet}.`)).toBe(true);
          }
          // Maximal: an unassigned, free, hostable IP implies every hosting node already serves this object.
          for (const ip of spec) {
            if (seen.has(ip) || hostIPs.has(ip) || items.some((i) => i.egressIP === ip)) continue;
            const takenElsewhere = [...result.status.values()].some((its) =>
              its.some((i) => i.egressIP === ip),
            );
            if (takenElsewhere) continue;
            c.nodes.forEach((n, i) => {
              if (n.labelled && n.ready && n.reachable && ip.startsWith(`${n.subnet}.`))
                expect(nodesOfObject.has(`node${i}`)).toBe(true);
            });
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and independent of object order, and stable when re-run on its own output', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const { nodes, reachable, eips } = build(c);
        const a = allocateCluster(eips, nodes, reachable);
        const b = allocateCluster([...eips].reverse(), [...nodes].reverse(), reachable);
        expect([...b.status.entries()].sort()).toEqual([...a.status.entries()].sort());
        const withStatus: EgressIP[] = eips.map((e) => ({
          ...e,
          status: { items: a.status.get(e.metadata.name ?? '') ?? [] },
        }));
        const again = allocateCluster(withStatus, nodes, reachable);
        expect(again.passes).toBe(1);
        expect([...again.status.entries()].sort()).toEqual([...a.status.entries()].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same answer with an AllocationTable as with the plain list of other objects', () => {
    fc.assert(
      fc.property(
        clusterArb,
        fc.array(fc.array(fc.tuple(fc.nat(4), fc.constantFrom(...ipPool)), { maxLength: 3 }), {
          minLength: 5,
          maxLength: 5,
        }),
        (c, rawItems) => {
          const { nodes, reachable, eips } = build(c);
          const inv = buildNodeInventory(nodes);
          const eligible = new Set(inv.nodes.filter((n) => isEligible(n, reachable)).map((n) => n.name));
          const status = eips.map((e, i) => ({
            name: e.metadata.name ?? '',
            items: (rawItems[i] ?? []).map(([n, ip]) => ({ node: `node${n}`, egressIP: ip })),
          }));
          const table = AllocationTable.build(status, (n) => eligible.has(n));
          for (const [i, e] of eips.entries()) {
            const base = {
              name: e.metadata.name ?? '',
              specIPs: e.spec.egressIPs,
              statusItems: status[i]?.items ?? [],
              nodes: inv.nodes,
              reachable,
              hostAddresses: inv.hostAddresses,
            };
            const viaList = allocateEgressIP({ ...base, others: status.filter((_, j) => j !== i) });
            const viaTable = allocateEgressIP({ ...base, others: table });
            expect(viaTable).toEqual(viaList);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fails over every IP of a node that leaves and rebalances over the rest', () => {
    const nodes = [1, 2, 3].map((i) => makeNode({ name: `node${i}`, v4: `${subnetA}.${10 + i}/24` }));
    const eips = [
      makeEgressIP('a', [`${subnetA}.101`, `${subnetA}.102`]),
      makeEgressIP('b', [`${subnetA}.103`]),
    ];
    const first = allocateCluster(eips, nodes);
    expect(first.status.get('a')).toEqual([
      { node: 'node1', egressIP: `${subnetA}.101` },
      { node: 'node2', egressIP: `${subnetA}.102` },
    ]);
    expect(first.status.get('b')).toEqual([{ node: 'node3', egressIP: `${subnetA}.103` }]);
    const withStatus = eips.map((e) => ({
      ...e,
      status: { items: first.status.get(e.metadata.name ?? '') ?? [] },
    }));
    const after = allocateCluster(withStatus, nodes, new Map([['node1', false]]));
    expect(after.status.get('a')).toEqual([
      { node: 'node2', egressIP: `${subnetA}.102` },
      { node: 'node3', egressIP: `${subnetA}.101` },
    ]);
    expect(after.status.get('b')).toEqual([{ node: 'node3', egressIP: `${subnetA}.103` }]);
  });
});
