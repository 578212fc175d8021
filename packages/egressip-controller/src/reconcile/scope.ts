// The pods a scoped (one EgressIP) reconcile compares: those in namespaces its selector matches
// now, and those its rows serve in the NB now (they may have moved out of the selector or been
// deleted). The first half depends only on the cluster, so one process driving many zones builds
// it once per (EgressIP object, namespaces, pods) and every zone shares it; only the NB half and
// the zone's pick of pods are per zone, and a zone picks its pods through indexes instead of
// looking at every pod in scope.
import { compileSelector } from '../api/label-selector.js';
import type { EgressIP, Namespace, Pod } from '../api/types.js';
import type { NbSnapshot } from '../nb/snapshot.js';
import { FEATURE_NAMES } from '../render/feature-rows.js';
import { getOrCreate } from '../render/get-or-create.js';
import { EXT } from '../render/ids.js';
import { podIps } from '../render/pod-ips.js';
import { podKeyOf } from '../render/pod-order.js';
import type { ZonePodFilter } from '../render/zone-pods.js';
import type { DiffScope } from './diff.js';
import { buildOwnedIndex } from './owned-index.js';

/** The cluster objects a scope is computed from. */
export interface ScopeCluster {
  readonly egressIPs: readonly EgressIP[];
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
}

/** Pods of the namespaces one EgressIP selects now, with positions by node, namespace and key. */
interface SelectedPods {
  readonly pods: readonly Pod[];
  readonly keys: ReadonlySet<string>;
  /** The selected namespaces. */
  readonly namespaces: readonly string[];
  index?: {
    readonly byNode: ReadonlyMap<string, readonly number[]>;
    readonly byNamespace: ReadonlyMap<string, readonly number[]>;
    readonly byKey: ReadonlyMap<string, readonly number[]>;
  };
}

// Pods by namespace, once per pods array: a multi-zone failover scopes the same cluster per zone.
const podsByNs = new WeakMap<readonly Pod[], Map<string, Pod[]>>();
function podsByNamespace(pods: readonly Pod[]): ReadonlyMap<string, readonly Pod[]> {
  return getOrCreate(podsByNs, pods, () => {
    const m = new Map<string, Pod[]>();
    for (const p of pods) getOrCreate(m, p.metadata?.namespace ?? '', () => []).push(p);
    return m;
  });
}

const NONE: SelectedPods = { pods: [], keys: new Set(), namespaces: [] };
// Up to this many namespaces in scope, rows of other namespaces are skipped before their name is parsed.
const MAX_PREFILTER_NAMESPACES = 16;
// Held weakly: the zones of one failover plan in the same turn and share it, but a converged
// cluster keeps its pods array for long, and holding a key set per EgressIP ever moved would grow
// with the cluster.
const selectedCache = new WeakMap<
  readonly Pod[],
  WeakMap<readonly Namespace[], WeakMap<EgressIP, WeakRef<SelectedPods>>>
>();

function selectedPods(eip: EgressIP | undefined, cluster: ScopeCluster): SelectedPods {
  if (!eip) return NONE;
  const byNs = getOrCreate(selectedCache, cluster.pods, () => new WeakMap());
  const byEip = getOrCreate(byNs, cluster.namespaces, () => new WeakMap());
  let sel = byEip.get(eip)?.deref();
  if (!sel) {
    sel = computeSelected(eip, cluster);
    byEip.set(eip, new WeakRef(sel));
  }
  return sel;
}

function computeSelected(eip: EgressIP, cluster: ScopeCluster): SelectedPods {
  let matches: ((labels: Readonly<Record<string, string>> | undefined) => boolean) | undefined;
  try {
    matches = compileSelector(eip.spec.namespaceSelector, `EgressIP ${eip.metadata.name} namespaceSelector`);
  } catch {
    return NONE; // an invalid selector selects nothing; the render reports it
  }
  const byNamespace = podsByNamespace(cluster.pods);
  const pods: Pod[] = [];
  const keys = new Set<string>();
  const seen = new Set<string>();
  for (const n of cluster.namespaces) {
    const name = n.metadata?.name ?? '';
    if (seen.has(name) || !matches(n.metadata?.labels) || Object.keys(n.metadata?.labels ?? {}).length === 0)
      continue;
    seen.add(name);
    for (const p of byNamespace.get(name) ?? []) {
      pods.push(p);
      keys.add(podKeyOf(p));
    }
  }
  return { pods, keys, namespaces: [...seen] };
}

function indexOf(sel: SelectedPods): NonNullable<SelectedPods['index']> {
  if (!sel.index) {
    const byNode = new Map<string, number[]>();
    const byNamespace = new Map<string, number[]>();
    const byKey = new Map<string, number[]>();
    sel.pods.forEach((p, i) => {
      getOrCreate(byNode, p.spec?.nodeName ?? '', () => []).push(i);
      getOrCreate(byNamespace, p.metadata?.namespace ?? '', () => []).push(i);
      getOrCreate(byKey, podKeyOf(p), () => []).push(i);
    });
    sel.index = { byNode, byNamespace, byKey };
  }
  return sel.index;
}

/** One NB's scope of one EgressIP: the diff's part, and the pods a render needs. */
export interface EipScope extends DiffScope {
  /** Every pod in scope (in no particular order; the render sorts). */
  allPods(): Pod[];
  /**
   * The pods in scope that pass a zone's filter, and the IPs of those it skips when
   * `skippedIps` is asked for (they are found by looking at every pod in scope).
   */
  zonePods(filter: ZonePodFilter, skippedIps: boolean): { pods: Pod[]; skippedIps: string[] };
}

/**
 * The scope of EgressIP `name` in this NB, or undefined when the NB has no served-pods set (the
 * membership cannot be scoped then; the caller falls back to a full diff).
 */
export function scopeFor(name: string, cluster: ScopeCluster, snapshot: NbSnapshot): EipScope | undefined {
  if (!snapshot.Address_Set.some((a) => a.external_ids[EXT.name] === FEATURE_NAMES.servedPods))
    return undefined;
  const sel = selectedPods(
    cluster.egressIPs.find((e) => e.metadata.name === name),
    cluster,
  );
  // One pass takes the rows of the selected pods and every row of `name`: its pods outside the
  // selector (moved out of it, or deleted) are then known. Only when there are some does a second
  // pass take their rows of other EgressIPs too.
  const selected = {
    has: (k: string) => sel.keys.has(k),
    ...(sel.namespaces.length <= MAX_PREFILTER_NAMESPACES ? { namespaces: sel.namespaces } : {}),
  };
  let owned = buildOwnedIndex(snapshot, selected, name);
  const extraKeys = new Set<string>();
  for (const k of owned.podsOfGroup.get(name) ?? []) if (!sel.keys.has(k)) extraKeys.add(k);
  const namespaces = new Set(sel.namespaces);
  for (const k of extraKeys) namespaces.add(k.slice(0, k.indexOf('/')));
  const podKeys = {
    has: (k: string) => sel.keys.has(k) || extraKeys.has(k),
    ...(namespaces.size <= MAX_PREFILTER_NAMESPACES ? { namespaces: [...namespaces] } : {}),
  };
  if (extraKeys.size > 0) owned = buildOwnedIndex(snapshot, podKeys);
  let extra: Pod[] | undefined;
  const extraPods = (): Pod[] => {
    if (!extra) {
      extra = [];
      const namespaces = new Set<string>();
      for (const k of extraKeys) namespaces.add(k.slice(0, k.indexOf('/')));
      const byNamespace = podsByNamespace(cluster.pods);
      for (const ns of namespaces)
        for (const p of byNamespace.get(ns) ?? []) if (extraKeys.has(podKeyOf(p))) extra.push(p);
    }
    return extra;
  };
  return {
    podKeys,
    owned,
    allPods: () => [...sel.pods, ...extraPods()],
    zonePods(filter, wantSkipped) {
      const pods: Pod[] = [];
      const skippedIps: string[] = [];
      if (wantSkipped) {
        for (const p of [...sel.pods, ...extraPods()])
          if (filter.keep(p)) pods.push(p);
          else skippedIps.push(...podIps(p));
        return { pods, skippedIps };
      }
      // The filter keeps a pod for its node, its namespace or its rows here (hints): take the
      // positions under each instead of testing every pod in scope.
      const idx = indexOf(sel);
      const picked: number[] = [];
      const take = (at: readonly number[] | undefined) => {
        for (const i of at ?? []) picked.push(i);
      };
      for (const [node, at] of idx.byNode) if (filter.keepsNode(node)) take(at);
      for (const [ns, at] of idx.byNamespace) if (filter.keepsNamespace(ns)) take(at);
      for (const key of owned.hints.keys()) take(idx.byKey.get(key));
      const order = Int32Array.from(picked).sort();
      for (let i = 0; i < order.length; i++)
        if (i === 0 || order[i] !== order[i - 1]) pods.push(sel.pods[order[i]!]!);
      for (const p of extraPods()) if (filter.keep(p)) pods.push(p);
      return { pods, skippedIps };
    },
  };
}
