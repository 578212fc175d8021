// `list TABLE [RECORD...]` and `find TABLE [CONDITION...]` of db-ctl (lib/db-ctl-base.c cmd_list,
// cmd_find; lib/table.c list format): one "column : value" line per column (name padded to 20),
// rows in IDL order, separated by blank lines; `--bare` drops the names and uses bare values.

import { datumToBare, datumToString, isUuidString as looksLikeUuid } from '@ovnkit/ovsdb';
import {
  type NbRow,
  type NbSnapshot,
  type SchemaInfo,
  SnapshotIndex,
  str,
  strMap,
  type TableInfo,
} from '../nb/snapshot.js';
import { idlOrderRows } from '../ovs-order/idl-order.js';
import { type Condition, parseCondition, rowSatisfies } from './find-condition.js';
import { RowNotFoundError } from './lookup.js';
import { matchColumn, matchTable, NameMatchError } from './table-match.js';

/** Options of `list`/`find`: columns, `--bare`, `--if-exists`, as ovn-nbctl takes them. */
export interface ListOptions {
  /** `--columns=a,b` as given (names may be abbreviated; `_uuid` allowed). */
  readonly columns?: string;
  readonly bare?: boolean;
  /** `--if-exists`: missing records are skipped instead of failing. */
  readonly ifExists?: boolean;
}

/** Columns (by name) identifying rows of some tables, as ovn-nbctl's row_ids. */
const ROW_IDS: Readonly<Record<string, ReadonlyArray<readonly [string, string?]>>> = {
  Logical_Switch: [['name'], ['external_ids', 'neutron:network_name']],
  Logical_Switch_Port: [['name'], ['external_ids', 'neutron:port_name']],
  Logical_Router: [['name'], ['external_ids', 'neutron:router_name']],
  Logical_Router_Port: [['name']],
  Address_Set: [['name']],
  Port_Group: [['name']],
  ACL: [['name']],
  HA_Chassis: [['chassis_name']],
  HA_Chassis_Group: [['name']],
  Load_Balancer: [['name']],
  Load_Balancer_Group: [['name']],
  Meter: [['name']],
  Gateway_Chassis: [['name']],
  Forwarding_Group: [['name']],
  Copp: [['name']],
};

export function resolveTable(schema: SchemaInfo, wanted: string): TableInfo {
  return schema.tables[matchTable(Object.keys(schema.tables), wanted)]!;
}

/** The columns a list shows: `_uuid` then every column alphabetically, or the `--columns` list. */
export function listColumns(table: TableInfo, spec?: string): string[] {
  if (spec === undefined) return ['_uuid', ...Object.keys(table.columns).sort()];
  const names = spec.split(/[, ]+/).filter((x) => x !== '');
  if (names.length === 0) throw new NameMatchError('must specify at least one column name');
  return names.map((n) => (n.toLowerCase() === '_uuid' ? '_uuid' : matchColumn(table, n)));
}

function findRecord(index: SnapshotIndex, table: TableInfo, id: string): NbRow | undefined {
  if (looksLikeUuid(id)) {
    const hit = index.get(table.name, id.toLowerCase());
    if (hit) return hit;
  }
  for (const [col, key] of ROW_IDS[table.name] ?? []) {
    const matches = idlOrderRows(index.rows(table.name)).filter(
      (r) => (key ? strMap(r, col)[key] : str(r, col)) === id,
    );
    if (matches.length > 1) throw new RowNotFoundError(`multiple rows in ${table.name} match "${id}"`);
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

function formatRows(
  table: TableInfo,
  rows: readonly NbRow[],
  columns: readonly string[],
  bare: boolean,
): string {
  const blocks = rows.map((row) =>
    columns
      .map((c) => {
        const text =
          c === '_uuid'
            ? row._uuid
            : bare
              ? datumToBare(row[c], table.columns[c]!)
              : datumToString(row[c], table.columns[c]!);
        return bare ? `${text}\n` : `${c.padEnd(20)}: ${text}\n`;
      })
      .join(''),
  );
  return blocks.join('\n');
}

/** The rows and columns `list`/`find` selected, ready to print with {@link renderListResult}. */
export interface ListResult {
  readonly table: TableInfo;
  readonly columns: readonly string[];
  readonly rows: readonly NbRow[];
}

/** Rows `list` selects: the named records in argument order, or the whole table in IDL order. */
export function selectList(
  schema: SchemaInfo,
  snapshot: NbSnapshot | SnapshotIndex,
  tableName: string,
  records: readonly string[],
  opts: ListOptions = {},
): ListResult {
  const index = snapshot instanceof SnapshotIndex ? snapshot : new SnapshotIndex(snapshot);
  const table = resolveTable(schema, tableName);
  const columns = listColumns(table, opts.columns);
  if (records.length === 0) return { table, columns, rows: idlOrderRows(index.rows(table.name)) };
  const rows: NbRow[] = [];
  for (const id of records) {
    const row = findRecord(index, table, id);
    if (!row && !opts.ifExists) throw new RowNotFoundError(`no row "${id}" in table ${table.name}`);
    if (row) rows.push(row);
  }
  return { table, columns, rows };
}

/** `ovn-nbctl find`: the rows of `tableName` matching every condition (`column[:key]OP value`). */
export function selectFind(
  schema: SchemaInfo,
  snapshot: NbSnapshot | SnapshotIndex,
  tableName: string,
  conditions: readonly string[],
  opts: ListOptions = {},
): ListResult {
  const index = snapshot instanceof SnapshotIndex ? snapshot : new SnapshotIndex(snapshot);
  const table = resolveTable(schema, tableName);
  const columns = listColumns(table, opts.columns);
  const conds: Condition[] = conditions.map((c) => parseCondition(table, c));
  const rows = idlOrderRows(index.rows(table.name)).filter((r) =>
    conds.every((c) => rowSatisfies(table, r, c)),
  );
  return { table, columns, rows };
}

/** Prints selected rows exactly as `ovn-nbctl list`/`find` does (`bare`: values only, as `--bare`). */
export function renderListResult(res: ListResult, bare = false): string {
  return formatRows(res.table, res.rows, res.columns, bare);
}
