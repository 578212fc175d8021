// The two row kinds a zone adds to the diff: the catch-all static route (ensured, never deleted)
// and, with per-pod SNAT, the pods' node-IP SNATs (rows with no external_ids, told apart from the
// gateway router's own SNATs by a bare pod address as logical IP and no logical_port).
import type { NatRow, NbSnapshot } from '../nb/snapshot.js';
import { podSnatRowKey } from '../render/pod-snat-rows.js';
import { type DesiredState, FEATURE_GROUP, type RowGroup } from '../render/rows.js';
import type { Change, ParentRef } from './changes.js';
import { changedColumns } from './compare.js';

type Add = (group: RowGroup, ...changes: Change[]) => void;

export function diffStaticRoutes(add: Add, desired: DesiredState, snapshot: NbSnapshot): void {
  const routes = desired.staticRoutes ?? [];
  if (routes.length === 0) return;
  const byUuid = new Map(snapshot.Logical_Router_Static_Route.map((r) => [r._uuid, r]));
  for (const d of routes) {
    const router = snapshot.Logical_Router.find((r) => r.name === d.router);
    if (!router) continue;
    const current = router.static_routes
      .map((u) => byUuid.get(u))
      .filter((r) => r !== undefined)
      .sort((a, b) => (a._uuid < b._uuid ? -1 : 1))
      .find((r) => d.replaces(r));
    if (!current) {
      const parent: ParentRef = { table: 'Logical_Router', uuid: router._uuid, column: 'static_routes' };
      add(FEATURE_GROUP, {
        kind: 'insert',
        table: 'Logical_Router_Static_Route',
        row: d.row,
        parents: [parent],
      });
      continue;
    }
    const columns = changedColumns(['ip_prefix', 'nexthop', 'policy'], d.row, current);
    if (Object.keys(columns).length > 0)
      add(FEATURE_GROUP, {
        kind: 'update',
        table: 'Logical_Router_Static_Route',
        uuid: current._uuid,
        columns,
      });
  }
}

/** Per-pod node-IP SNAT rows on the local gateway routers: insert missing, delete unwanted. */
export function diffPodSnats(add: Add, desired: DesiredState, snapshot: NbSnapshot): void {
  const spec = desired.podSnats;
  if (!spec) return;
  const byUuid = new Map(snapshot.NAT.map((n) => [n._uuid, n]));
  const current = new Map<string, { row: NatRow; parent: ParentRef }>();
  const duplicates: Array<{ row: NatRow; parent: ParentRef }> = [];
  for (const router of snapshot.Logical_Router) {
    if (!spec.routers.has(router.name)) continue;
    const parent: ParentRef = { table: 'Logical_Router', uuid: router._uuid, column: 'nat' };
    for (const uuid of router.nat) {
      const row = byUuid.get(uuid);
      if (!row || !isPodSnat(row, spec.isPodIp)) continue;
      if (spec.scopeIps && !spec.scopeIps.has(row.logical_ip)) continue;
      const key = podSnatRowKey(router.name, row);
      if (current.has(key)) duplicates.push({ row, parent });
      else current.set(key, { row, parent });
    }
  }
  const routerUuid = new Map(snapshot.Logical_Router.map((r) => [r.name, r._uuid]));
  const wanted = new Set<string>();
  for (const d of spec.rows) {
    wanted.add(d.key);
    const have = current.get(d.key);
    if (have) {
      const columns = changedColumns(['external_port_range', 'options'], d.row, have.row);
      if (Object.keys(columns).length > 0)
        add(d.group, { kind: 'update', table: 'NAT', uuid: have.row._uuid, columns });
      continue;
    }
    const uuid = routerUuid.get(d.router);
    if (!uuid) continue;
    add(d.group, {
      kind: 'insert',
      table: 'NAT',
      row: d.row,
      parents: [{ table: 'Logical_Router', uuid, column: 'nat' }],
    });
  }
  const stale = [...duplicates, ...[...current].filter(([k]) => !wanted.has(k)).map(([, v]) => v)];
  for (const { row, parent } of stale) {
    add(spec.groupOfIp.get(row.logical_ip) ?? FEATURE_GROUP, {
      kind: 'delete',
      table: 'NAT',
      uuid: row._uuid,
      parents: [parent],
    });
  }
}

function isPodSnat(row: NatRow, isPodIp: (ip: string) => boolean): boolean {
  return (
    row.type === 'snat' &&
    row.logical_port === undefined &&
    Object.keys(row.external_ids).length === 0 &&
    isPodIp(row.logical_ip)
  );
}
