// Level-triggered ownership: which of our objects must be reconciled again because NB rows
// changed under it. A row we own (created, altered or deleted by anyone: another client, a
// restore, a database replaced by an empty one) points at its EgressIP through its name, or at
// the whole feature (address sets, no-reroute policies, ...). A change to the facts our rows are
// computed from (routers, switches, router ports, node management ports) concerns every object.
import type { RowChange } from '@ovnkit/ovsdb';
import type { RowOwners } from '../api/nb-port.js';
import { EXT, OWNER_CONTROLLER } from '../render/ids.js';
import { FEATURE_GROUP } from '../render/rows.js';
import { groupOf } from './ownership.js';

type Row = { readonly external_ids?: Readonly<Record<string, string>> } & Record<string, unknown>;

const OWNED_TABLES = new Set([
  'Logical_Router_Policy',
  'NAT',
  'QoS',
  'Address_Set',
  'Logical_Router_Static_Route',
]);

/** Columns of topology rows that our rows are computed from (not the ones our writes change). */
const FACT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  Logical_Router: ['name', 'ports', 'options', 'external_ids'],
  Logical_Switch: ['name', 'other_config', 'external_ids'],
  Logical_Router_Port: ['name', 'mac', 'networks', 'options'],
  Logical_Switch_Port: ['name', 'type', 'addresses'],
};

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

function ownedGroup(row: Row | undefined): string | undefined {
  const ids = row?.external_ids;
  if (!ids || ids[EXT.ownerController] !== OWNER_CONTROLLER) return undefined;
  return groupOf(ids);
}

const oldRow = (c: RowChange) => (c.kind === 'insert' ? undefined : (c.old as unknown as Row));
const newRow = (c: RowChange) => (c.kind === 'delete' ? undefined : (c.new as unknown as Row));

function factChanged(table: string, change: RowChange): boolean {
  const columns = FACT_COLUMNS[table];
  if (!columns) return false;
  const o = oldRow(change);
  const n = newRow(change);
  // Node management ports (k8s-<node>) only: pod ports churn and no row of ours depends on them.
  if (table === 'Logical_Switch_Port' && ![o, n].some((r) => String(r?.name ?? '').startsWith('k8s-')))
    return false;
  if (!o || !n) return true;
  return columns.some((c) => !same(o[c], n[c]));
}

export function ownersOf(changes: ReadonlyArray<RowChange>): RowOwners {
  const egressIPs = new Set<string>();
  let all = false;
  for (const change of changes) {
    const table = change.table as string;
    if (OWNED_TABLES.has(table)) {
      for (const g of [ownedGroup(oldRow(change)), ownedGroup(newRow(change))]) {
        if (g === undefined) continue;
        if (g === FEATURE_GROUP) all = true;
        else egressIPs.add(g);
      }
    } else if (factChanged(table, change)) all = true;
  }
  return { egressIPs, all };
}
