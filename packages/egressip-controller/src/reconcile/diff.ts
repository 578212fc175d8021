// diffNb: desired rows vs an NB snapshot -> the minimal changes, in units that must commit
// together. Converged input gives no changes at all (restart = zero writes).

import type { NbRow, NbSnapshot } from '../nb/snapshot.js';
import { getOrCreate } from '../render/get-or-create.js';
import { EXT } from '../render/ids.js';
import {
  type DesiredNat,
  type DesiredPolicy,
  type DesiredState,
  FEATURE_GROUP,
  natKey,
  natMoveKey,
  policyKey,
  type RowGroup,
} from '../render/rows.js';
import type { Change, ChangeTable, ChangeUnit, ParentRef } from './changes.js';
import { changedColumns } from './compare.js';
import { diffPodSnats, diffStaticRoutes } from './diff-zone.js';
import { type OwnedIndex, ownedIndex, type PodKeySet, rerouteIp } from './owned-index.js';
import { groupOf, ownsAddressSet, ownsNat, ownsPolicy, podKeyOfRow } from './ownership.js';

export { podKeyOfRow };

export const POLICY_COLUMNS = [
  'priority',
  'match',
  'action',
  'nexthop',
  'nexthops',
  'options',
  'external_ids',
] as const;
export const NAT_COLUMNS = [
  'type',
  'external_ip',
  'external_mac',
  'external_port_range',
  'logical_ip',
  'logical_port',
  'options',
  'external_ids',
] as const;
export const QOS_COLUMNS = ['priority', 'direction', 'match', 'action', 'bandwidth', 'external_ids'] as const;

class UnitCollector {
  readonly units: ChangeUnit[] = [];
  add(group: RowGroup, ...changes: Change[]): void {
    if (changes.length > 0) this.units.push({ group, changes });
  }
}

/** uuid -> the parent references (router/switch column) that hold it, for the uuids in `only`. */
function referrers(
  snapshot: NbSnapshot,
  column: 'policies' | 'nat' | 'qos_rules',
  only: ReadonlySet<string>,
): Map<string, ParentRef[]> {
  const map = new Map<string, ParentRef[]>();
  const parents =
    column === 'qos_rules'
      ? snapshot.Logical_Switch.map((s) => ({
          table: 'Logical_Switch' as const,
          uuid: s._uuid,
          refs: s.qos_rules,
        }))
      : snapshot.Logical_Router.map((r) => ({
          table: 'Logical_Router' as const,
          uuid: r._uuid,
          refs: column === 'nat' ? r.nat : r.policies,
        }));
  for (const p of parents) {
    let ref: ParentRef | undefined;
    for (const uuid of p.refs) {
      if (!only.has(uuid)) continue;
      ref ??= { table: p.table, uuid: p.uuid, column };
      const list = map.get(uuid);
      if (list) list.push(ref);
      else map.set(uuid, [ref]);
    }
  }
  return map;
}

interface Placed<R> {
  readonly key: string;
  readonly group: RowGroup;
  readonly row: R;
  /** Parents that must reference the row. */
  readonly parents: readonly ParentRef[];
}

/**
 * Generic keyed diff for a non-root table held by parent reference columns: insert missing rows
 * with their references, update differing columns, fix references, delete stale rows (duplicates
 * of one key included) and unlink them. With `moveKeyOf`, a missing row first takes over a stale
 * row of the same move key (a NAT whose egress IP moved to another gateway router): its changed
 * columns are updated and its references moved, which leaves the same row contents as a delete
 * and an insert, for less work on the server and on every client's replica.
 */
function diffReferenced<R extends object, C extends NbRow>(
  out: UnitCollector,
  table: ChangeTable,
  columns: readonly string[],
  desired: readonly Placed<R>[],
  current: readonly C[],
  keyOf: (row: C) => string,
  groupOfRow: (row: C) => RowGroup,
  refsOf: (uuids: ReadonlySet<string>) => Map<string, ParentRef[]>,
  moveKeyOf?: (row: R | C) => string,
): void {
  const refs = refsOf(new Set(current.map((r) => r._uuid)));
  const byKey = new Map<string, C>();
  const stale: C[] = [];
  for (const row of [...current].sort((a, b) => (a._uuid < b._uuid ? -1 : 1))) {
    const k = keyOf(row);
    if (byKey.has(k)) stale.push(row);
    else byKey.set(k, row);
  }
  const toRow = (d: Placed<R>, cur: C) => {
    const changes: Change[] = [];
    const diff = changedColumns(columns, d.row, cur);
    if (Object.keys(diff).length > 0) {
      const pruneOnly = onlyShrinks(diff, cur);
      const staleCleanup = pruneOnly
        ? undefined
        : nexthopCleanup(table, diff, cur, refs.get(cur._uuid) ?? []);
      changes.push({ kind: 'update', table, uuid: cur._uuid, columns: diff, pruneOnly, staleCleanup });
    }
    const have = refs.get(cur._uuid) ?? [];
    for (const p of d.parents) {
      if (!have.some((h) => h.uuid === p.uuid && h.column === p.column))
        changes.push({ kind: 'link', parent: p, uuid: cur._uuid });
    }
    for (const h of have) {
      if (!d.parents.some((p) => p.uuid === h.uuid && p.column === h.column))
        changes.push({ kind: 'unlink', parent: h, uuid: cur._uuid });
    }
    out.add(d.group, ...changes);
  };
  const wanted = new Set<string>();
  const missing: Placed<R>[] = [];
  for (const d of desired) {
    wanted.add(d.key);
    const cur = byKey.get(d.key);
    if (cur) toRow(d, cur);
    else if (moveKeyOf) missing.push(d);
    else out.add(d.group, { kind: 'insert', table, row: d.row, parents: d.parents });
  }
  const unwanted = [...byKey].flatMap(([k, row]) => (wanted.has(k) ? [] : [row]));
  if (moveKeyOf) {
    // Only a row of the same group moves, so the change stays in the unit of its EgressIP.
    const movable = new Map<string, C[]>();
    for (const row of unwanted) getOrCreate(movable, moveKeyOf(row), () => []).push(row);
    const moved = new Set<C>();
    for (const d of missing) {
      const cur = movable.get(moveKeyOf(d.row))?.find((r) => !moved.has(r) && groupOfRow(r) === d.group);
      if (cur) {
        moved.add(cur);
        toRow(d, cur);
      } else out.add(d.group, { kind: 'insert', table, row: d.row, parents: d.parents });
    }
    for (const row of unwanted) if (!moved.has(row)) stale.push(row);
  } else stale.push(...unwanted);
  for (const row of stale) {
    out.add(groupOfRow(row), { kind: 'delete', table, uuid: row._uuid, parents: refs.get(row._uuid) ?? [] });
  }
}

/** True when every changed column is a set that only loses members. */
function onlyShrinks(diff: Readonly<Record<string, unknown>>, cur: object): boolean {
  return Object.entries(diff).every(([c, v]) => {
    const have = (cur as Readonly<Record<string, unknown>>)[c];
    return Array.isArray(v) && Array.isArray(have) && v.every((x) => have.includes(x));
  });
}

/**
 * Startup-sync view of a reroute update that also adds nexthops (spec 5.5 step 1): keep only the
 * nexthops still wanted, and delete the row when none is left.
 */
function nexthopCleanup(
  table: ChangeTable,
  diff: Readonly<Record<string, unknown>>,
  cur: object,
  parents: readonly ParentRef[],
): Change | undefined {
  const want = diff.nexthops;
  const have = (cur as { nexthops?: unknown }).nexthops;
  const uuid = (cur as NbRow)._uuid;
  if (table !== 'Logical_Router_Policy' || !Array.isArray(want) || !Array.isArray(have)) return undefined;
  const kept = have.filter((x) => want.includes(x));
  if (kept.length === 0) return { kind: 'delete', table, uuid, parents };
  return kept.length < have.length
    ? { kind: 'update', table, uuid, columns: { nexthops: kept }, pruneOnly: true }
    : undefined;
}

/** Limits a diff to the per-pod rows of these pods (`<ns>/<pod>`); feature rows are left alone. */
export interface DiffScope {
  readonly podKeys: PodKeySet;
  /** Our rows of exactly these pods (buildOwnedIndex(snapshot, podKeys)); the diff reads these. */
  readonly owned: OwnedIndex;
}

/**
 * Compares the desired rows with the NB rows the controller owns and returns the changes, grouped in units
 * that must commit together.
 */
export function diffNb(desired: DesiredState, snapshot: NbSnapshot, scope?: DiffScope): ChangeUnit[] {
  const out = new UnitCollector();
  const routerUuid = new Map(snapshot.Logical_Router.map((r) => [r.name, r._uuid]));
  const switchUuid = new Map(snapshot.Logical_Switch.map((s) => [s.name, s._uuid]));
  const owned = scope?.owned ?? ownedIndex(snapshot);
  const inScope = (ids: Readonly<Record<string, string>>): boolean => {
    if (!scope) return true;
    const key = podKeyOfRow(ids);
    return key !== undefined && scope.podKeys.has(key);
  };

  if (scope) diffServedMembers(out, desired, snapshot, scope);
  else diffAddressSets(out, desired, snapshot);
  // Feature-level rows left to someone else are neither compared nor deleted.
  const featureRows = desired.featureRows !== false;

  const routerRef = (router: string, column: 'policies' | 'nat'): ParentRef[] => {
    const uuid = routerUuid.get(router);
    return uuid ? [{ table: 'Logical_Router', uuid, column }] : [];
  };
  const placedPolicies = desired.policies
    .filter((p: DesiredPolicy) => routerUuid.has(p.router) && inScope(p.row.external_ids))
    .map((p) => ({ key: p.key, group: p.group, row: p.row, parents: routerRef(p.router, 'policies') }));
  diffReferenced(
    out,
    'Logical_Router_Policy',
    POLICY_COLUMNS,
    placedPolicies,
    scope
      ? [...owned.byPod.values()].flatMap((rows) => rows.policies)
      : snapshot.Logical_Router_Policy.filter(
          (p) => ownsPolicy(p.external_ids) && (featureRows || groupOf(p.external_ids) !== FEATURE_GROUP),
        ),
    policyKey,
    (p) => groupOf(p.external_ids),
    (u) => referrers(snapshot, 'policies', u),
  );
  const placedNats = desired.nats
    .filter((n: DesiredNat) => routerUuid.has(n.router) && inScope(n.row.external_ids))
    .map((n) => ({ key: n.key, group: n.group, row: n.row, parents: routerRef(n.router, 'nat') }));
  diffReferenced(
    out,
    'NAT',
    NAT_COLUMNS,
    placedNats,
    scope
      ? [...owned.byPod.values()].flatMap((rows) => rows.nats)
      : snapshot.NAT.filter((n) => ownsNat(n.external_ids)),
    natKey,
    (n) => groupOf(n.external_ids),
    (u) => referrers(snapshot, 'nat', u),
    natMoveKey,
  );
  diffPodSnats((g, ...c) => out.add(g, ...c), desired, snapshot);
  if (scope) return out.units;
  diffStaticRoutes((g, ...c) => out.add(g, ...c), desired, snapshot);
  if (!featureRows) return out.units;
  const qosByKey = new Map(snapshot.QoS.map((q) => [q.external_ids[EXT.id] ?? '', q._uuid]));
  const placedQos = desired.qos.map((q) => {
    const uuid = qosByKey.get(q.key);
    const kept = uuid
      ? snapshot.Logical_Switch.filter((s) => s.qos_rules.includes(uuid) && q.keepLinkOn?.(s.name)).map(
          (s) => s.name,
        )
      : [];
    return {
      key: q.key,
      group: FEATURE_GROUP,
      row: q.row,
      parents: [...new Set([...q.switches, ...kept])].flatMap((s) => {
        const sw = switchUuid.get(s);
        return sw ? [{ table: 'Logical_Switch' as const, uuid: sw, column: 'qos_rules' as const }] : [];
      }),
    };
  });
  diffReferenced(
    out,
    'QoS',
    QOS_COLUMNS,
    placedQos,
    snapshot.QoS.filter((q) => ownsPolicy(q.external_ids)),
    (q) => q.external_ids[EXT.id] ?? '',
    () => FEATURE_GROUP,
    (u) => referrers(snapshot, 'qos_rules', u),
  );
  return out.units;
}

/**
 * Scoped form of the served-pods membership: only IPs of the scoped pods (those desired now and
 * those the pods' current rows use) are added or removed; every other member is left as it is.
 */
function diffServedMembers(
  out: UnitCollector,
  desired: DesiredState,
  snapshot: NbSnapshot,
  scope: DiffScope,
): void {
  const former = new Set<string>();
  const owned = scope.owned;
  for (const rows of owned.byPod.values()) {
    for (const p of rows.policies) {
      const ip = rerouteIp(p);
      if (ip) former.add(ip);
    }
    for (const n of rows.nats) former.add(n.logical_ip);
  }
  const byName = new Map(snapshot.Address_Set.map((a) => [a.name, a]));
  for (const d of desired.addressSets) {
    if (d.row.external_ids[EXT.name] !== 'egressip-served-pods') continue;
    const want = new Set(d.row.addresses);
    // Only the IPs this diff can change (wanted now, or used by the scope's rows) are looked up in
    // the current set: one pass over it finds them, instead of a copy of the whole set (100k
    // addresses at scale) per failover.
    const have = new Set<string>();
    for (const ip of byName.get(d.key)?.addresses ?? []) if (want.has(ip) || former.has(ip)) have.add(ip);
    const byGroup = new Map<RowGroup, { add: string[]; remove: string[] }>();
    const slot = (g: RowGroup) =>
      getOrCreate(byGroup, g, () => ({ add: [] as string[], remove: [] as string[] }));
    for (const ip of want) if (!have.has(ip)) slot(desired.servedIps.get(ip) ?? FEATURE_GROUP).add.push(ip);
    const candidates = [...former].filter((ip) => have.has(ip) && !want.has(ip));
    // An IP can pass from a deleted pod to a new one outside the scope: keep it while rows of a
    // pod outside the scope still use it.
    const usedOutside =
      candidates.length > 0
        ? ipsUsedOutside(snapshot, new Set(candidates), scope.podKeys)
        : new Set<string>();
    for (const ip of candidates)
      if (!usedOutside.has(ip)) slot(owned.ipGroup.get(ip) ?? FEATURE_GROUP).remove.push(ip);
    for (const [g, { add, remove }] of byGroup) out.add(g, { kind: 'addresses', name: d.key, add, remove });
  }
}

/** Which of `ips` the rows of pods outside `scope` use (reroute matches and SNAT logical IPs). */
function ipsUsedOutside(snapshot: NbSnapshot, ips: ReadonlySet<string>, scope: PodKeySet): Set<string> {
  const used = new Set<string>();
  const outside = (ids: Readonly<Record<string, string>>) => {
    const key = podKeyOfRow(ids);
    return key !== undefined && !scope.has(key);
  };
  for (const p of snapshot.Logical_Router_Policy) {
    if (p.priority !== 100 || !ownsPolicy(p.external_ids)) continue;
    const ip = rerouteIp(p);
    if (ip && ips.has(ip) && outside(p.external_ids)) used.add(ip);
  }
  for (const n of snapshot.NAT)
    if (ips.has(n.logical_ip) && ownsNat(n.external_ids) && outside(n.external_ids)) used.add(n.logical_ip);
  return used;
}

/**
 * Address sets are root rows keyed by their unique name. Our sets are created empty in the
 * feature group; member changes are set mutations (never a wholesale overwrite), each filed
 * under the EgressIP whose rows change for that pod, so concurrent groups cannot clobber.
 */
function diffAddressSets(out: UnitCollector, desired: DesiredState, snapshot: NbSnapshot): void {
  const byName = new Map(snapshot.Address_Set.map((a) => [a.name, a]));
  const wanted = new Set(desired.addressSets.map((a) => a.key));
  const groupOfIp = (ip: string): RowGroup =>
    desired.servedIps.get(ip) ?? ownedIndex(snapshot).ipGroup.get(ip) ?? FEATURE_GROUP;
  for (const d of desired.addressSets) {
    const cur = byName.get(d.key);
    const have = new Set(cur?.addresses ?? []);
    const want = new Set(d.manageAddresses ? d.row.addresses : (cur?.addresses ?? []));
    if (!cur) {
      out.add(FEATURE_GROUP, {
        kind: 'insert',
        table: 'Address_Set',
        row: {
          ...d.row,
          addresses: d.manageAddresses ? d.row.addresses.filter((ip) => groupOfIp(ip) === FEATURE_GROUP) : [],
        },
        parents: [],
      });
      for (const ip of have) want.delete(ip);
    } else {
      const diff = changedColumns(['external_ids'], d.row, cur);
      if (Object.keys(diff).length > 0)
        out.add(FEATURE_GROUP, { kind: 'update', table: 'Address_Set', uuid: cur._uuid, columns: diff });
    }
    if (!d.manageAddresses) continue;
    const byGroup = new Map<RowGroup, { add: string[]; remove: string[] }>();
    const slot = (g: RowGroup) =>
      getOrCreate(byGroup, g, () => ({ add: [] as string[], remove: [] as string[] }));
    for (const ip of want)
      if (!have.has(ip) && !(!cur && groupOfIp(ip) === FEATURE_GROUP)) slot(groupOfIp(ip)).add.push(ip);
    for (const ip of have) if (!want.has(ip)) slot(groupOfIp(ip)).remove.push(ip);
    for (const [g, { add, remove }] of byGroup) out.add(g, { kind: 'addresses', name: d.key, add, remove });
  }
  if (desired.featureRows === false) return;
  for (const cur of snapshot.Address_Set) {
    if (wanted.has(cur.name) || !ownsAddressSet(cur.external_ids)) continue;
    // Deprecated sets (e.g. the Profile A node-ips set under Profile B) go only once no match uses them.
    if (referencedByMatch(snapshot, desired, cur.name)) continue;
    out.add(FEATURE_GROUP, { kind: 'delete', table: 'Address_Set', uuid: cur._uuid, parents: [] });
  }
}

function referencedByMatch(snapshot: NbSnapshot, desired: DesiredState, name: string): boolean {
  const token = new RegExp(`\\$${name}(?![0-9A-Za-z_])`);
  const kept = (ids: Readonly<Record<string, string>>) => !ownsPolicy(ids);
  return (
    desired.policies.some((p) => token.test(p.row.match)) ||
    desired.qos.some((q) => token.test(q.row.match)) ||
    snapshot.Logical_Router_Policy.some((p) => kept(p.external_ids) && token.test(p.match)) ||
    snapshot.QoS.some((q) => kept(q.external_ids) && token.test(q.match))
  );
}
