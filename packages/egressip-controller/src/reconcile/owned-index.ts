// One pass over a snapshot's EgressIP-owned per-pod rows, grouped the ways the diff and the
// scoped reconcile look them up. Memoised per snapshot object (the session returns the same
// object until the replica changes).
import type { NatRow, NbSnapshot, PolicyRow } from '../nb/snapshot.js';
import { getOrCreate } from '../render/get-or-create.js';
import { EXT, parsePodRowName } from '../render/ids.js';
import type { RowGroup } from '../render/rows.js';
import { ownsNat, ownsPolicy } from './ownership.js';

export interface PodRows {
  readonly policies: readonly PolicyRow[];
  readonly nats: readonly NatRow[];
}

// Arrays of the exact length: a pod nearly always has one row of each kind, and pushing onto an
// empty array reserves room for 16.
interface PodRowsBuilder {
  policies: readonly PolicyRow[];
  nats: readonly NatRow[];
}
const NO_ROWS: readonly never[] = Object.freeze([]);
const appended = <R>(rows: readonly R[], row: R): readonly R[] =>
  rows.length === 0 ? [row] : [...rows, row];

export interface OwnedIndex {
  /** Our per-pod rows (reroutes and SNATs) by `<ns>/<pod>`. */
  readonly byPod: ReadonlyMap<string, PodRows>;
  /** `<ns>/<pod>` keys whose rows belong to each EgressIP. */
  readonly podsOfGroup: ReadonlyMap<RowGroup, ReadonlySet<string>>;
  /** Pod key -> EgressIP serving it in the NB (the first one found). */
  readonly hints: ReadonlyMap<string, string>;
  /** Pod IP -> EgressIP of the rows that use it. */
  readonly ipGroup: ReadonlyMap<string, RowGroup>;
}

/** A membership test on pod keys (a Set, or a union of sets nobody needs to build). */
export interface PodKeySet {
  has(key: string): boolean;
  /**
   * Every key's namespace, when there are few: a row whose name holds none of them is skipped
   * without parsing its name (a failover's pass over every row of the cluster).
   */
  readonly namespaces?: readonly string[];
}

const SLASH = 47; // '/'
/** Whether `<eip>_<ns>/<pod>` names one of `namespaces` (no string is built). */
function namesNamespace(name: string | undefined, namespaces: readonly string[]): boolean {
  const at = name === undefined ? -1 : name.indexOf('_') + 1;
  if (at <= 0) return false;
  for (const ns of namespaces)
    if (name!.startsWith(ns, at) && name!.charCodeAt(at + ns.length) === SLASH) return true;
  return false;
}

// Held weakly: a plan uses the index several times, but keeping it for as long as the snapshot
// lives (until the NB next changes, so for ever on a converged NB) would cost about as much heap
// as the rows it points to. A scoped reconcile builds its own, restricted to its pods (scope.ts).
const cache = new WeakMap<NbSnapshot, WeakRef<OwnedIndex>>();

/** The pod IP of a reroute row: the last token of `ip4.src == <ip>`. */
export function rerouteIp(p: PolicyRow): string | undefined {
  const i = p.match.lastIndexOf(' ');
  return i < 0 ? undefined : p.match.slice(i + 1);
}

export function ownedIndex(snapshot: NbSnapshot): OwnedIndex {
  const hit = cache.get(snapshot)?.deref();
  if (hit) return hit;
  const index = buildOwnedIndex(snapshot);
  cache.set(snapshot, new WeakRef(index));
  return index;
}

/**
 * The index restricted to the given pods (scoped reconciles: no work for the other pods). With
 * `alsoGroup`, the rows of that EgressIP are kept too, whatever their pod, so that one pass also
 * yields `podsOfGroup` of it.
 */
export function buildOwnedIndex(snapshot: NbSnapshot, only?: PodKeySet, alsoGroup?: RowGroup): OwnedIndex {
  const byPod = new Map<string, PodRowsBuilder>();
  const podsOfGroup = new Map<RowGroup, Set<string>>();
  const hints = new Map<string, string>();
  const ipGroup = new Map<string, RowGroup>();
  const slot = (key: string, group: RowGroup): PodRowsBuilder => {
    const s = getOrCreate(byPod, key, () => ({ policies: NO_ROWS, nats: NO_ROWS }));
    getOrCreate(podsOfGroup, group, () => new Set<string>()).add(key);
    if (!hints.has(key)) hints.set(key, group);
    return s;
  };
  const namespaces = only?.namespaces;
  const prefix = alsoGroup === undefined ? undefined : `${alsoGroup}_`;
  const ofGroup = (ids: Readonly<Record<string, string>>) =>
    prefix !== undefined && ids[EXT.name]?.startsWith(prefix) === true;
  const skip = (ids: Readonly<Record<string, string>>) =>
    namespaces !== undefined && !namesNamespace(ids[EXT.name], namespaces) && !ofGroup(ids);
  const wanted = (key: string, ids: Readonly<Record<string, string>>) =>
    !only || only.has(key) || ofGroup(ids);
  // One parse of a row's name gives both its pod key and its group (podKeyOfRow and groupOf parse each).
  for (const p of snapshot.Logical_Router_Policy) {
    if (p.priority !== 100 || skip(p.external_ids) || !ownsPolicy(p.external_ids)) continue;
    const name = parsePodRowName(p.external_ids[EXT.name] ?? '');
    if (!name?.key || !wanted(name.key, p.external_ids)) continue;
    const { key, eip: group } = name;
    const s = slot(key, group);
    s.policies = appended(s.policies, p);
    const ip = rerouteIp(p);
    if (ip) ipGroup.set(ip, group);
  }
  for (const n of snapshot.NAT) {
    if (skip(n.external_ids) || !ownsNat(n.external_ids)) continue;
    const name = parsePodRowName(n.external_ids[EXT.name] ?? '');
    if (!name?.key || !wanted(name.key, n.external_ids)) continue;
    const { key, eip: group } = name;
    const s = slot(key, group);
    s.nats = appended(s.nats, n);
    ipGroup.set(n.logical_ip, group);
  }
  return { byPod, podsOfGroup, hints, ipGroup };
}
