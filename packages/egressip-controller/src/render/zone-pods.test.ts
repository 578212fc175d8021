import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  dualStackNodeSpec,
  egressIP,
  namespace,
  node,
  pod,
} from '../../test/integration/support/cluster-fixtures.js';
import type { EgressIP, Namespace, Node, Pod } from '../api/types.js';
import { resolveClusterConfig } from './config.js';
import type { NbFacts } from './nb-facts.js';
import { podIps } from './pod-ips.js';
import { type RenderInput, renderDesiredState } from './render-desired.js';
import { zoneLocality } from './zone.js';
import { zonePodFilter, zonePods } from './zone-pods.js';

const TEAMS = ['a', 'b', 'c'];
const APPS = ['x', 'y'];

/** Dual-stack node `i` of its own zone, with transit and gateway annotations. */
function zoned(i: number): Node {
  const name = `n${i}`;
  const n = node(dualStackNodeSpec(name, i));
  Object.assign(n.metadata!.annotations!, {
    'k8s.ovn.org/zone-name': name,
    'k8s.ovn.org/node-transit-switch-port-ifaddr': JSON.stringify({
      ipv4: `100.88.0.${2 + i}/16`,
      ipv6: `fd97::${2 + i}/64`,
    }),
    'k8s.ovn.org/l3-gateway-config': JSON.stringify({
      default: { mode: 'shared', 'ip-addresses': [`192.168.126.${11 + i}/24`, `fd00::${11 + i}/64`] },
    }),
  });
  return n;
}

/** What zone `node` of `nodes`' NB holds: its own GR, the cluster router, its switch. */
function zoneFacts(name: string, i: number): NbFacts {
  return {
    routers: new Set(['ovn_cluster_router', `GR_${name}`]),
    switches: new Set([name]),
    routerPortNetworks: (p) =>
      p === `rtoj-GR_${name}` ? [`100.64.0.${2 + i}/16`, `fd98::${2 + i}/64`] : undefined,
    switchPortAddresses: (p) =>
      p === `k8s-${name}` ? [`0a:58:0a:80:00:02 10.128.${2 * i}.2 fd01:0:0:${1 + i}::2`] : undefined,
    qosMarkSupported: true,
  };
}

const podArb = (nodeCount: number) =>
  fc.record({
    ns: fc.integer({ min: 0, max: 3 }), // 3: a namespace without labels
    // nodeCount: a node that is gone; nodeCount + 1: unscheduled
    node: fc.integer({ min: 0, max: nodeCount + 1 }),
    app: fc.constantFrom(...APPS),
    families: fc.constantFrom([4], [6], [4, 6], [] as number[]),
    kind: fc.constantFrom('running', 'running', 'running', 'completed', 'hostNetwork'),
  });

const eipArb = (nodeCount: number) =>
  fc.record({
    team: fc.constantFrom(...TEAMS),
    app: fc.option(fc.constantFrom(...APPS)),
    // nodeCount: a status node that is gone
    status: fc.uniqueArray(fc.integer({ min: 0, max: nodeCount }), { maxLength: 3 }),
    family: fc.constantFrom(4, 6),
  });

const clusterArb = fc.integer({ min: 2, max: 5 }).chain((nodeCount) =>
  fc.record({
    nodeCount: fc.constant(nodeCount),
    pods: fc.array(podArb(nodeCount), { maxLength: 40 }),
    eips: fc.array(eipArb(nodeCount), { minLength: 1, maxLength: 4 }),
    nsTeams: fc.array(fc.constantFrom(...TEAMS), { minLength: 3, maxLength: 3 }),
    mode: fc.constantFrom('v4', 'v6', 'dual'),
    perPodSnat: fc.boolean(),
    hinted: fc.array(fc.record({ pod: fc.nat(), eip: fc.nat() }), { maxLength: 6 }),
  }),
);

type Generated = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function build(g: Generated) {
  const nodes = Array.from({ length: g.nodeCount }, (_, i) => zoned(i));
  const namespaces: Namespace[] = [
    ...g.nsTeams.map((team, i) => namespace(`ns${i}`, { team })),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns3' } },
  ];
  const pods: Pod[] = g.pods.map((s, i) => {
    const ips = s.families.map((f) =>
      f === 4 ? `10.128.${2 * s.node}.${10 + i}` : `fd01:0:0:${1 + s.node}::${10 + i}`,
    );
    return pod({
      namespace: `ns${s.ns}`,
      // Names not in key order, so the render's sort matters.
      name: `p${(i * 7) % 41}-${i}`,
      node: s.node === g.nodeCount + 1 ? '' : `n${s.node}`,
      ips,
      labels: { app: s.app },
      ...(s.kind === 'completed' ? { phase: 'Succeeded' } : {}),
      ...(s.kind === 'hostNetwork' ? { hostNetwork: true } : {}),
    });
  });
  const egressIPs: EgressIP[] = g.eips.map((e, i) => {
    const ip = (n: number) =>
      e.family === 4 ? `192.168.126.${100 + 10 * i + n}` : `fd00::${100 + 10 * i + n}`;
    return egressIP(
      `e${(i * 3) % 5}-${i}`,
      e.status.map((_, k) => ip(k)),
      { team: e.team },
      e.status.map((n, k) => ({ node: `n${n}`, egressIP: ip(k) })),
      e.app ? { app: e.app } : undefined,
    );
  });
  const activeHints = new Map<string, string>();
  for (const h of g.hinted) {
    const p = pods[h.pod % Math.max(1, pods.length)];
    const e = egressIPs[h.eip % egressIPs.length]!;
    activeHints.set(p ? `${p.metadata!.namespace}/${p.metadata!.name}` : 'ns0/gone', e.metadata.name!);
  }
  const subnets = [
    ...(g.mode !== 'v6' ? [{ cidr: '10.128.0.0/14', hostPrefix: 23 }] : []),
    ...(g.mode !== 'v4' ? [{ cidr: 'fd01::/48', hostPrefix: 64 }] : []),
  ];
  const config = resolveClusterConfig({
    clusterSubnets: subnets,
    profile: 'B',
    disableSnatMultipleGws: g.perPodSnat,
  });
  return { nodes, namespaces, pods, egressIPs, activeHints, config };
}

/** A desired state as plain data, in its order (functions evaluated on the nodes or dropped). */
function plain(d: unknown, nodeNames: readonly string[]): string {
  return JSON.stringify(d, (_k, v: unknown) => {
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v];
    if (typeof v === 'function') return nodeNames.map((n) => (v as (s: string) => unknown)(n));
    return v;
  });
}

/** Zone `zone` (node `i`)'s render of `pods` of the built cluster. */
function zoneInput(
  c: ReturnType<typeof build>,
  zone: string,
  i: number,
  pods: readonly Pod[],
  activeHints: ReadonlyMap<string, string>,
): RenderInput {
  return {
    config: c.config,
    egressIPs: c.egressIPs,
    nodes: c.nodes,
    namespaces: c.namespaces,
    pods,
    facts: zoneFacts(zone, i),
    zone,
    activeHints,
    existingNexthops: () => ['100.88.0.2', 'fd97::2'],
  };
}

describe('zonePods', () => {
  it("each zone's render of its pods equals its render of every pod (rows, served set, pod SNATs, notes)", () => {
    let filteredOut = 0;
    fc.assert(
      fc.property(clusterArb, (g) => {
        const c = build(g);
        const names = c.nodes.map((n) => n.metadata!.name!);
        for (const [i, zone] of names.entries()) {
          const base = zoneInput(c, zone, i, c.pods, c.activeHints);
          const locality = zoneLocality(zone, c.nodes, 'B');
          const some = zonePods({ ...c, locality, hints: c.activeHints });
          filteredOut += c.pods.length - some.length;
          const all = plain(renderDesiredState(base), [...names, 'gone']);
          expect(plain(renderDesiredState({ ...base, pods: some }), [...names, 'gone'])).toBe(all);
          // The same pods in another order render the same (the render sorts them).
          expect(plain(renderDesiredState({ ...base, pods: [...some].reverse() }), [...names, 'gone'])).toBe(
            all,
          );
        }
      }),
      { numRuns: 300 },
    );
    // The filter did leave pods out (the property is not about a no-op).
    expect(filteredOut).toBeGreaterThan(0);
  });

  it("each zone's scoped render (one EgressIP's pods) of the pods it keeps equals the render of all of them", () => {
    let filteredOut = 0;
    fc.assert(
      fc.property(clusterArb, fc.nat(), (g, pick) => {
        const c = build(g);
        const names = c.nodes.map((n) => n.metadata!.name!);
        const e = pick % c.egressIPs.length;
        const eipName = c.egressIPs[e]!.metadata.name!;
        // The scope as scopeFor builds it: the pods of the namespaces the EgressIP selects, plus
        // the pods its rows serve in the NB (here: the pods hinted to it).
        const selected = new Set(g.nsTeams.flatMap((t, i) => (t === g.eips[e]!.team ? [`ns${i}`] : [])));
        const keyOf = (p: Pod) => `${p.metadata!.namespace}/${p.metadata!.name}`;
        const scope = c.pods.filter(
          (p) => selected.has(p.metadata!.namespace!) || c.activeHints.get(keyOf(p)) === eipName,
        );
        const hints = new Map([...c.activeHints].filter(([k]) => scope.some((p) => keyOf(p) === k)));
        // Former IPs: those of the hinted pods (their rows' IPs) and one an old pod left behind.
        const former = new Set([...scope.filter((p) => hints.has(keyOf(p))).flatMap(podIps), '10.128.0.250']);
        for (const [i, zone] of names.entries()) {
          const base: RenderInput = {
            ...zoneInput(c, zone, i, scope, hints),
            scoped: true,
            formerPodIps: former,
          };
          const filter = zonePodFilter({ ...c, locality: zoneLocality(zone, c.nodes, 'B'), hints })!;
          const kept = scope.filter(filter.keep);
          const skipped = scope.filter((p) => !filter.keep(p));
          filteredOut += skipped.length;
          const full = renderDesiredState(base);
          const some = renderDesiredState({
            ...base,
            pods: kept,
            formerPodIps: new Set([...former, ...(filter.remotePodsRendered ? skipped.flatMap(podIps) : [])]),
          });
          // groupOfIp names the group of a pod SNAT change by IP; the skipped pods have none in
          // this zone, so only their entries may be missing. A scoped render resolves only the
          // EgressIPs its pods meet, so notes about status items (unknown node...) may come only
          // from the zones that render such a pod (every pod is rendered in its own zone); the
          // standby notes, which the runner turns into events, are the same.
          const rows = (d: typeof full) => ({
            ...d,
            notes: undefined,
            // scopeIps is a set: the skipped pods' IPs come first in it.
            podSnats: {
              ...d.podSnats,
              groupOfIp: undefined,
              scopeIps: [...(d.podSnats?.scopeIps ?? [])].sort(),
            },
          });
          expect(plain(rows(some), [...names, 'gone'])).toBe(plain(rows(full), [...names, 'gone']));
          const standby = (d: typeof full) => d.notes.filter((n) => n.kind === 'standby');
          expect(standby(some)).toEqual(standby(full));
          for (const n of some.notes) expect(full.notes).toContainEqual(n);
          // The reconciler relies on it: a skipped pod has no rows in this zone's NB to compare.
          for (const p of skipped) expect(hints.has(keyOf(p))).toBe(false);
          const skippedIps = new Set(skipped.flatMap(podIps));
          for (const [ip, group] of some.podSnats?.groupOfIp ?? [])
            expect(full.podSnats?.groupOfIp.get(ip)).toBe(group);
          for (const [ip, group] of full.podSnats?.groupOfIp ?? [])
            if (!skippedIps.has(ip)) expect(some.podSnats?.groupOfIp.get(ip)).toBe(group);
        }
      }),
      { numRuns: 300 },
    );
    expect(filteredOut).toBeGreaterThan(0);
  });

  it('a zone with no local egress node and no shared namespace gets its own pods, node-gone pods and hinted pods', () => {
    const nodes = [zoned(0), zoned(1)];
    const namespaces = [namespace('ns0', { team: 'a' }), namespace('ns1', { team: 'b' })];
    const mk = (ns: string, name: string, n: string) =>
      pod({ namespace: ns, name, node: n, ips: ['10.128.0.9'] });
    const pods = [
      mk('ns0', 'r', 'n1'),
      mk('ns1', 'l', 'n0'),
      mk('ns0', 'g', 'gone'),
      mk('ns1', 'h', 'n1'),
      mk('ns1', 'o', 'n1'),
    ];
    const egressIPs = [
      egressIP('e', ['192.168.126.100'], { team: 'a' }, [{ node: 'n1', egressIP: '192.168.126.100' }]),
    ];
    const keys = (z: string, hints?: Map<string, string>) =>
      zonePods({
        pods,
        egressIPs,
        namespaces,
        locality: zoneLocality(z, nodes, 'B'),
        ...(hints ? { hints } : {}),
      }).map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`);
    expect(keys('n0', new Map([['ns1/h', 'e']]))).toEqual(['ns0/g', 'ns1/h', 'ns1/l']);
    // n1 hosts e's egress node: every pod of ns0 (e's namespace) plus its own.
    expect(keys('n1')).toEqual(['ns0/g', 'ns0/r', 'ns1/h', 'ns1/o']);
  });
});
