// The pods an interconnect zone's full render needs (spec 1.4 Profile B). A zone's NB has rows only
// for its local pods (reroutes, served-pods set, node SNATs) and for pods an EgressIP with a local
// egress node serves (SNAT on the local GR). One process driving many zones renders the same pods
// array once per zone, so the indexes below are built once per array and each zone gets only the
// pods that can matter to it, in render order: the render gives the same rows and notes as with
// every pod of the cluster (see zone-pods.test.ts).
import type { LabelMatcher } from '../api/label-selector.js';
import type { EgressIP, Namespace, Pod } from '../api/types.js';
import { getOrCreate } from './get-or-create.js';
import { markSorted, podKeyOf, sortedPods } from './pod-order.js';
import { selectorsOf } from './render-desired.js';
import type { ZoneLocality } from './zone.js';

/** Positions in the sorted pods array, by node, namespace and key. */
interface PodIndex {
  readonly sorted: readonly Pod[];
  readonly byNode: ReadonlyMap<string, readonly number[]>;
  readonly byNamespace: ReadonlyMap<string, readonly number[]>;
  /** First position of a key (pods with the same key are adjacent in the sorted array). */
  readonly byKey: ReadonlyMap<string, number>;
}

const indexes = new WeakMap<readonly Pod[], PodIndex>();
function indexOf(pods: readonly Pod[]): PodIndex {
  return getOrCreate(indexes, pods, () => {
    const sorted = sortedPods(pods);
    const byNode = new Map<string, number[]>();
    const byNamespace = new Map<string, number[]>();
    const byKey = new Map<string, number>();
    sorted.forEach((p, i) => {
      getOrCreate(byNode, p.spec?.nodeName ?? '', () => []).push(i);
      getOrCreate(byNamespace, p.metadata?.namespace ?? '', () => []).push(i);
      const k = podKeyOf(p);
      if (!byKey.has(k)) byKey.set(k, i);
    });
    return { sorted, byNode, byNamespace, byKey };
  });
}

const matchers = (eips: readonly EgressIP[]) =>
  eips.flatMap((e) => {
    try {
      return [selectorsOf(e).ns];
    } catch {
      return []; // an invalid selector selects nothing; the render reports it
    }
  });

// Namespaces two EgressIPs with a status select: their pods may get standby notes in any zone.
const shared = new WeakMap<readonly EgressIP[], WeakMap<readonly Namespace[], ReadonlySet<string>>>();
function sharedNamespaces(
  egressIPs: readonly EgressIP[],
  namespaces: readonly Namespace[],
): ReadonlySet<string> {
  const byNs = getOrCreate(shared, egressIPs, () => new WeakMap());
  return getOrCreate(byNs, namespaces, () => {
    const ms = matchers(egressIPs.filter((e) => (e.status?.items?.length ?? 0) > 0));
    const found = new Set<string>();
    for (const n of namespaces) {
      const labels = n.metadata?.labels;
      if (!labels || Object.keys(labels).length === 0) continue;
      let count = 0;
      for (const m of ms) if (m(labels) && ++count === 2) break;
      if (count === 2) found.add(n.metadata?.name ?? '');
    }
    return found;
  });
}

// Namespace labels by name, once per namespaces array (the scoped filter looks up a few names).
const labelIndexes = new WeakMap<readonly Namespace[], ReadonlyMap<string, Namespace['metadata']>>();
function metadataByName(namespaces: readonly Namespace[]): ReadonlyMap<string, Namespace['metadata']> {
  return getOrCreate(
    labelIndexes,
    namespaces,
    () => new Map(namespaces.map((n) => [n.metadata?.name ?? '', n.metadata])),
  );
}

/** Namespace selectors of the EgressIPs with an egress node in this zone. */
const localMatchers = (egressIPs: readonly EgressIP[], locality: ZoneLocality) =>
  matchers(egressIPs.filter((e) => e.status?.items?.some((i) => locality.isLocal(i.node))));

/**
 * Whether every pod of a namespace can have rows in the zone: it has labels, and two EgressIPs
 * select it (standby notes) or one with a local egress node does (`local`).
 */
function keepsNamespace(
  input: Pick<ZonePodsInput, 'egressIPs' | 'namespaces'>,
  local: readonly LabelMatcher[],
  name: string,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (!labels || Object.keys(labels).length === 0) return false;
  return sharedNamespaces(input.egressIPs, input.namespaces).has(name) || local.some((m) => m(labels));
}

export interface ZonePodsInput {
  readonly pods: readonly Pod[];
  readonly egressIPs: readonly EgressIP[];
  readonly namespaces: readonly Namespace[];
  readonly locality: ZoneLocality;
  /** Pods with rows in this zone's NB now (their rows' group is needed even if they leave). */
  readonly hints?: ReadonlyMap<string, string>;
}

/**
 * The pods a zone's full render needs, in render order: pods not on a remote node (local, node
 * gone, unscheduled), pods with rows in the NB now, and every pod of a namespace that an EgressIP
 * with a local egress node selects, or that two EgressIPs select (standby notes).
 */
export function zonePods(input: ZonePodsInput): readonly Pod[] {
  const { locality } = input;
  if (!locality.interconnect) return input.pods;
  const idx = indexOf(input.pods);
  const picked: number[] = [];
  for (const [node, at] of idx.byNode) if (!locality.isRemote(node)) for (const i of at) picked.push(i);
  const local = localMatchers(input.egressIPs, locality);
  const namespaces = new Set<string>();
  for (const n of input.namespaces) {
    const name = n.metadata?.name ?? '';
    if (keepsNamespace(input, local, name, n.metadata?.labels)) namespaces.add(name);
  }
  for (const ns of namespaces) for (const i of idx.byNamespace.get(ns) ?? []) picked.push(i);
  for (const key of input.hints?.keys() ?? []) {
    const first = idx.byKey.get(key);
    if (first === undefined) continue;
    for (let i = first; i < idx.sorted.length && podKeyOf(idx.sorted[i]!) === key; i++) picked.push(i);
  }
  const order = Int32Array.from(picked).sort();
  const out: Pod[] = [];
  for (let i = 0; i < order.length; i++)
    if (i === 0 || order[i] !== order[i - 1]) out.push(idx.sorted[order[i]!]!);
  markSorted(out);
  return out;
}

/** {@link zonePodFilter}'s answer for one zone. */
export interface ZonePodFilter {
  /** True for a pod that can have rows in the zone: keepsNode, keepsNamespace or hinted. */
  readonly keep: (pod: Pod) => boolean;
  /** Pods on this node are kept (it is not a remote node: local, gone or none). */
  readonly keepsNode: (node: string) => boolean;
  /** Every pod of this namespace is kept. */
  readonly keepsNamespace: (namespace: string) => boolean;
  /**
   * Whether the render looks at remote pods at all (an EgressIP with a valid selector has a
   * local egress node); without one it renders only the local pods (render-desired.ts).
   */
  readonly remotePodsRendered: boolean;
}

/**
 * {@link zonePods}' rule as a test on single pods, for a scoped (one EgressIP) reconcile that has
 * its own few pods. Undefined: every pod can have rows (the single zone). `hints` needs only the
 * entries of the pods that will be tested.
 */
export function zonePodFilter(input: Omit<ZonePodsInput, 'pods'>): ZonePodFilter | undefined {
  const { locality } = input;
  if (!locality.interconnect) return undefined;
  const local = localMatchers(input.egressIPs, locality);
  const kept = new Map<string, boolean>();
  // Asked once per pod tested: the answer is kept per namespace (no closure per call).
  const namespaceKept = (name: string): boolean => {
    let k = kept.get(name);
    if (k === undefined) {
      k = keepsNamespace(input, local, name, metadataByName(input.namespaces).get(name)?.labels);
      kept.set(name, k);
    }
    return k;
  };
  const keepsNode = (node: string) => !locality.isRemote(node);
  return {
    keep: (pod) =>
      keepsNode(pod.spec?.nodeName ?? '') ||
      namespaceKept(pod.metadata?.namespace ?? '') ||
      (input.hints?.has(podKeyOf(pod)) ?? false),
    keepsNode,
    keepsNamespace: namespaceKept,
    remotePodsRendered: local.length > 0,
  };
}
