// renderDesiredState: cluster state + NB facts -> every row the EgressIP controller owns (spec 4).
// Pure and deterministic: same inputs, same rows, in the same order.

import { compileSelector, type LabelMatcher } from '../api/label-selector.js';
import type { EgressIP, Namespace, Node, Pod } from '../api/types.js';
import type { ResolvedClusterConfig } from './config.js';
import { resolveStatusItems, type UsableItem } from './egress-items.js';
import { renderFeatureRows } from './feature-rows.js';
import { getOrCreate } from './get-or-create.js';
import { natIds, podRowName, policyIds } from './ids.js';
import { compareIps, ipFamily } from './ip.js';
import { CLUSTER_ROUTER, gatewayRouter, managementPort, type NbFacts } from './nb-facts.js';
import { hostCidrs } from './node-annotations.js';
import { isPodEligible, podIps } from './pod-ips.js';
import { podKeyOf, sortedPods } from './pod-order.js';
import { renderPodSnats } from './pod-snat-rows.js';
import {
  type DesiredNat,
  type DesiredPolicy,
  type DesiredState,
  type NatColumns,
  natKey,
  type PolicyColumns,
  policyKey,
  type RenderNote,
} from './rows.js';
import { renderCatchAllRoutes } from './static-routes.js';
import { type ZoneLocality, zoneLocality } from './zone.js';

export { podKeyOf } from './pod-order.js';

export const REROUTE_PRIORITY = 100;
/** Profile B marks reroutes of secondary-host-network EgressIPs so the host can route them. */
export const SECONDARY_HOST_PKT_MARK = '1009';

/** Everything the desired rows are rendered from: config, cluster objects, NB facts. */
export interface RenderInput {
  readonly config: ResolvedClusterConfig;
  readonly egressIPs: readonly EgressIP[];
  readonly nodes: readonly Node[];
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
  readonly facts: NbFacts;
  /**
   * Pod key (`<ns>/<pod>`) -> EgressIP whose rows serve it in the NB now. A pod selected by two
   * EgressIPs keeps the one already programmed (as ovn-kubernetes' restart sync does); otherwise
   * the first name in sort order wins, so the choice is deterministic.
   */
  readonly activeHints?: ReadonlyMap<string, string>;
  /**
   * The interconnect zone this NB belongs to (spec 1.4 Profile B): only its nodes are local.
   * Undefined: the single zone, every node local (the default).
   */
  readonly zone?: string;
  /** Scoped reconciles with per-pod SNAT: IPs the pods in scope had in the NB before. */
  readonly formerPodIps?: ReadonlySet<string>;
  /** true when `pods` is only the pods in scope of one EgressIP. */
  readonly scoped?: boolean;
  /** Nexthops of our reroute row with this policyKey in the NB now (pods whose node is gone). */
  readonly existingNexthops?: (key: string) => readonly string[] | undefined;
}

/** An EgressIP as this render sees it: selectors, and status items resolved on first use. */
class CompiledEip {
  #items: readonly UsableItem[] | undefined;
  constructor(
    readonly compiled: ValidEip,
    readonly resolve: (eip: EgressIP) => readonly UsableItem[],
  ) {}
  get eip(): EgressIP {
    return this.compiled.eip;
  }
  get name(): string {
    return this.compiled.name;
  }
  get pod(): LabelMatcher {
    return this.compiled.pod;
  }
  get items(): readonly UsableItem[] {
    this.#items ??= this.resolve(this.compiled.eip);
    return this.#items;
  }
}

/**
 * Renders the NB rows ovn-kubernetes would have for this cluster (pure), with notes on what cannot be
 * written.
 */
export function renderDesiredState(input: RenderInput): DesiredState {
  const { config, facts } = input;
  const notes: RenderNote[] = [];
  const nodesByName = nodesByNameOf(input.nodes);
  const nodeIps = collectNodeIps(input.nodes, notes);
  const locality = zoneLocality(input.zone, input.nodes, config.profile);

  // The EgressIPs' sorted order and selectors depend on the array only (cached across zones and
  // reconciles); their status items depend on this NB and zone, and are resolved here.
  const compiledEips = compileEips(input.egressIPs);
  const resolve = (eip: EgressIP): readonly UsableItem[] =>
    resolveStatusItems(eip, nodesByName, facts, notes, locality).filter((i) =>
      i.family === 4 ? config.ipv4 : config.ipv6,
    );
  // Only the EgressIPs the pods meet get an object here (a zone's scoped render meets few).
  const compiled = new Map<EgressIP, CompiledEip>();
  const compiledOf = (c: ValidEip): CompiledEip =>
    getOrCreate(compiled, c.eip, () => new CompiledEip(c, resolve));
  for (const c of compiledEips.sorted) {
    if ('invalid' in c) notes.push({ ...c.invalid });
    // A scoped render (one EgressIP's pods) resolves only the objects its pods meet.
    else if (!input.scoped) void compiledOf(c).items;
  }

  const nsLabels = nsLabelsOf(input.namespaces);
  const policies: DesiredPolicy[] = [];
  const nats: DesiredNat[] = [];
  const servedIps = new Map<string, string>();
  // Pod key -> families an egress IP on the pod's own node serves (their node SNAT goes, spec 4.5).
  const ownNodeServed = new Map<string, Set<4 | 6>>();
  const activeOf = new Map<string, string>();
  // Namespace selectors are evaluated once per namespace, not once per pod.
  const byNamespace = new Map<string, CompiledEip[]>();
  // In an interconnect zone with no local egress node only the local pods can have rows here
  // (reroutes, served set, node SNATs): leave the rest of the cluster out before sorting.
  const localEgress = compiledEips.statusNodes.some((n) => locality.isLocal(n));
  const sorted = sortedPods(input.pods);
  const pods =
    locality.interconnect && !localEgress
      ? sorted.filter((p) => locality.isLocal(p.spec?.nodeName ?? ''))
      : sorted;
  for (const pod of pods) {
    if (!isPodEligible(pod)) continue;
    const namespace = pod.metadata?.namespace ?? '';
    const labels = nsLabels.get(namespace);
    // A namespace without labels cannot be selected (spec 2.4); an unknown namespace neither.
    if (!labels || Object.keys(labels).length === 0) continue;
    const nsEips = getOrCreate(byNamespace, namespace, () =>
      nsMatches(input.egressIPs, labels, compiledEips.withStatus).map((e) => compiledOf(e)),
    );
    const podLabels = pod.metadata?.labels ?? {};
    const candidates = nsEips.filter((e) => e.pod(podLabels));
    if (candidates.length === 0) continue;
    const key = podKeyOf(pod);
    const hinted = input.activeHints?.get(key);
    const active = candidates.find((c) => c.name === hinted) ?? candidates[0]!;
    for (const other of candidates) {
      if (other !== active) {
        notes.push({
          kind: 'standby',
          egressIP: other.name,
          message: `EgressIP ${other.name} will not be configured for pod ${key} since EgressIP ${active.name} is serving it (undefined request)`,
        });
      }
    }
    if (active.items.length === 0) continue;
    const podNode = pod.spec?.nodeName ?? '';
    const podLocal = locality.isLocal(podNode);
    // A pod whose node object is gone (node deleted before its pods) counts as local for the
    // served set, as upstream's zone check defaults, but gets no new reroute (upstream needs the
    // node in its zone cache); see renderPodRows.
    const podNodeGone = !podLocal && !locality.isRemote(podNode);
    // Spec 5.3 step 4: nothing to write in a zone where neither the pod nor an egress node is.
    if (!podLocal && !podNodeGone && !active.items.some((i) => i.local)) continue;
    const ips = podIps(pod).filter((ip) => (ipFamily(ip) === 4 ? config.ipv4 : config.ipv6));
    if (ips.length === 0) {
      notes.push({
        kind: 'pod-without-ip',
        egressIP: active.name,
        message: `pod ${key} has no IP yet; retried when it gets one`,
      });
      continue;
    }
    const rowName = podRowName(active.name, namespace, pod.metadata?.name ?? '');
    renderPodRows(
      input,
      active,
      rowName,
      ips,
      podLocal ? 'local' : podNodeGone ? 'gone' : 'remote',
      locality,
      policies,
      nats,
      notes,
    );
    activeOf.set(key, active.name);
    if (!podLocal && !podNodeGone) continue;
    for (const ip of ips) servedIps.set(ip, active.name);
    if (!podLocal) continue;
    const own = active.items.filter((i) => i.node === podNode && i.primary).map((i) => i.family);
    if (own.length > 0) ownNodeServed.set(key, new Set(own));
  }

  const feature = renderFeatureRows({
    config,
    nodeIps,
    servedIps: [...servedIps.keys()],
    nodeSwitches: locality.localNodes.filter((n) => facts.switches.has(n)),
    qosMarkSupported: facts.qosMarkSupported,
  });
  for (let i = 0; i < feature.qos.length; i++)
    feature.qos[i] = { ...feature.qos[i]!, keepLinkOn: (sw) => !nodesByName.has(sw) };
  if (!config.featureRows) {
    // Only the served-pods sets stay: the per-pod rows fill them.
    feature.policies.length = 0;
    feature.qos.length = 0;
    feature.addressSets.splice(
      0,
      feature.addressSets.length,
      ...feature.addressSets.filter((a) => a.row.external_ids['k8s.ovn.org/name'] === 'egressip-served-pods'),
    );
  }
  const podSnats = config.disableSnatMultipleGws
    ? renderPodSnats({
        config,
        pods,
        nodesByName,
        locality,
        facts,
        ownNodeServed,
        activeOf,
        ...(input.activeHints ? { hints: input.activeHints } : {}),
        ...(input.scoped ? { formerIps: input.formerPodIps ?? new Set<string>() } : {}),
        notes,
      })
    : undefined;
  const staticRoutes =
    config.featureRows && locality.interconnect ? renderCatchAllRoutes(config, locality, facts, notes) : [];
  if (!facts.qosMarkSupported && (config.ipv4 || config.ipv6)) {
    notes.push({
      kind: 'qos-mark-unsupported',
      message:
        'QoS priority 103 reply-traffic mark rows skipped: the NB schema has no QoS.action key "mark" (OVN < 23.06)',
    });
  }
  return {
    policies: [...feature.policies, ...policies],
    nats,
    addressSets: feature.addressSets,
    qos: feature.qos,
    servedIps,
    notes,
    staticRoutes,
    featureRows: config.featureRows,
    ...(podSnats ? { podSnats } : {}),
  };
}

function renderPodRows(
  input: RenderInput,
  eip: CompiledEip,
  rowName: string,
  ips: readonly string[],
  podWhere: 'local' | 'remote' | 'gone',
  locality: ZoneLocality,
  policies: DesiredPolicy[],
  nats: DesiredNat[],
  notes: RenderNote[],
): void {
  const { config, facts } = input;
  for (const family of [4, 6] as const) {
    const famItems = eip.items.filter((i) => i.family === family);
    const famIps = ips.filter((ip) => ipFamily(ip) === family);
    if (famItems.length === 0 || famIps.length === 0) continue;
    const tag = family === 4 ? 'ip4' : 'ip6';
    // A remote pod gets a reroute here only towards a local secondary-host-network egress IP
    // (to the local management port, spec 4.2-a); a local pod towards every egress node.
    const routed =
      podWhere !== 'remote'
        ? famItems
        : locality.interconnect
          ? famItems.filter((i) => i.local && !i.primary)
          : [];
    const wanted = [...new Set(routed.map((i) => i.nexthop))].sort(compareIps);
    const secondaryOnly = config.profile === 'B' && routed.every((i) => !i.primary);
    for (const ip of famIps) {
      const match = `${tag}.src == ${ip}`;
      const external_ids = policyIds(REROUTE_PRIORITY, rowName, tag);
      // Node gone: the reroute keeps only nexthops it already has that the status still wants
      // (upstream removes a failed-over status' nexthop and adds none for a pod off its cache).
      const kept =
        podWhere === 'gone' ? input.existingNexthops?.(policyKey({ match, external_ids })) : undefined;
      const nexthops = podWhere === 'gone' ? wanted.filter((h) => kept?.includes(h)) : wanted;
      if (nexthops.length > 0 && facts.routers.has(CLUSTER_ROUTER)) {
        const row: PolicyColumns = {
          priority: REROUTE_PRIORITY,
          match,
          action: 'reroute',
          nexthops,
          options: secondaryOnly ? { pkt_mark: SECONDARY_HOST_PKT_MARK } : {},
          external_ids,
        };
        policies.push({ key: policyKey(row), group: eip.name, router: CLUSTER_ROUTER, row });
      } else if (nexthops.length > 0) {
        notes.push({
          kind: 'missing-router',
          egressIP: eip.name,
          message: `no ${CLUSTER_ROUTER} in the NB: reroute for ${rowName} not written`,
        });
      }
      for (const item of famItems) {
        if (!item.primary || !item.local) continue;
        const router = gatewayRouter(item.node);
        if (!facts.routers.has(router)) {
          notes.push({
            kind: 'missing-router',
            egressIP: eip.name,
            message: `no ${router} in the NB: SNAT of ${item.egressIP} for ${rowName} not written`,
          });
          continue;
        }
        nats.push(
          natRow(config.profile, config.ephemeralPortRange, rowName, tag, item, ip, eip.name, router),
        );
      }
    }
  }
}

function natRow(
  profile: 'A' | 'B',
  range: string,
  rowName: string,
  tag: 'ip4' | 'ip6',
  item: UsableItem,
  podIp: string,
  group: string,
  router: string,
): DesiredNat {
  const row: NatColumns = {
    type: 'snat',
    external_ip: item.egressIP,
    external_port_range: profile === 'B' ? range : '',
    logical_ip: podIp,
    logical_port: managementPort(item.node),
    options: { stateless: 'false' },
    external_ids: natIds(rowName, tag),
  };
  return { key: natKey(row), group, router, row };
}

// Node IPs, nodes by name and namespace labels depend on their arrays only: every zone's render of
// the same cluster (and every reconcile until a node or namespace changes) reuses them.
const nodeIpsCache = new WeakMap<readonly Node[], { ips: readonly string[]; notes: readonly RenderNote[] }>();
function collectNodeIps(nodes: readonly Node[], notes: RenderNote[]): string[] {
  const c = getOrCreate(nodeIpsCache, nodes, () => {
    const found: RenderNote[] = [];
    const ips = new Set<string>();
    for (const node of nodes) {
      try {
        for (const h of hostCidrs(node)) ips.add(h.ip);
      } catch (err) {
        found.push({ kind: 'invalid-node-annotation', message: (err as Error).message });
      }
    }
    return { ips: [...ips].sort(compareIps), notes: found };
  });
  for (const n of c.notes) notes.push({ ...n });
  return [...c.ips];
}

const nodesByNameCache = new WeakMap<readonly Node[], ReadonlyMap<string, Node>>();
function nodesByNameOf(nodes: readonly Node[]): ReadonlyMap<string, Node> {
  return getOrCreate(nodesByNameCache, nodes, () => new Map(nodes.map((n) => [n.metadata?.name ?? '', n])));
}

type Labels = Readonly<Record<string, string>> | undefined;
const nsLabelsCache = new WeakMap<readonly Namespace[], ReadonlyMap<string, Labels>>();
function nsLabelsOf(namespaces: readonly Namespace[]): ReadonlyMap<string, Labels> {
  return getOrCreate(
    nsLabelsCache,
    namespaces,
    () => new Map(namespaces.map((n) => [n.metadata?.name ?? '', n.metadata?.labels])),
  );
}

/** An EgressIP's zone-independent part. */
interface ValidEip {
  readonly eip: EgressIP;
  readonly name: string;
  readonly ns: LabelMatcher;
  readonly pod: LabelMatcher;
}

/** The EgressIPs in render order (with the note of each invalid selector in its place). */
interface CompiledEips {
  readonly sorted: readonly (ValidEip | { readonly invalid: RenderNote })[];
  /** The valid ones with status items, in render order. */
  readonly withStatus: readonly ValidEip[];
  /** Nodes named by the status items of the valid ones. */
  readonly statusNodes: readonly string[];
}

const compiledCache = new WeakMap<readonly EgressIP[], CompiledEips>();
function compileEips(egressIPs: readonly EgressIP[]): CompiledEips {
  return getOrCreate(compiledCache, egressIPs, () => {
    const sorted: CompiledEips['sorted'][number][] = [];
    const withStatus: ValidEip[] = [];
    const statusNodes = new Set<string>();
    for (const eip of [...egressIPs].sort((a, b) => cmp(a.metadata.name, b.metadata.name))) {
      const name = eip.metadata.name ?? '';
      try {
        const { ns, pod } = selectorsOf(eip);
        const valid = { eip, name, ns, pod };
        sorted.push(valid);
        if ((eip.status?.items?.length ?? 0) > 0) withStatus.push(valid);
        for (const i of eip.status?.items ?? []) statusNodes.add(i.node);
      } catch (err) {
        sorted.push({
          invalid: { kind: 'invalid-selector', message: (err as Error).message, egressIP: name },
        });
      }
    }
    return { sorted, withStatus, statusNodes: [...statusNodes] };
  });
}

// Selectors depend on the object only; every zone's render (and every reconcile) reuses them.
const compiled = new WeakMap<EgressIP, { ns: LabelMatcher; pod: LabelMatcher }>();
export function selectorsOf(eip: EgressIP): { ns: LabelMatcher; pod: LabelMatcher } {
  return getOrCreate(compiled, eip, () => {
    const name = eip.metadata.name ?? '';
    return {
      ns: compileSelector(eip.spec.namespaceSelector, `EgressIP ${name} namespaceSelector`),
      pod: compileSelector(eip.spec.podSelector, `EgressIP ${name} podSelector`),
    };
  });
}

// Which EgressIPs with a status select a namespace depends only on the EgressIP objects and the
// namespace's labels (immutable snapshots): every zone's render of the same cluster asks it again.
const nsMatchCache = new WeakMap<readonly EgressIP[], WeakMap<object, readonly ValidEip[]>>();
function nsMatches(
  egressIPs: readonly EgressIP[],
  labels: Readonly<Record<string, string>>,
  withStatus: readonly ValidEip[],
): readonly ValidEip[] {
  const byLabels = getOrCreate(nsMatchCache, egressIPs, () => new WeakMap());
  return getOrCreate(byLabels, labels, () => withStatus.filter((e) => e.ns(labels)));
}

function cmp(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}
