// A read-only snapshot of Northbound rows in the native value form of docs/design/contracts.md.
// Every renderer in this package is a pure function of one of these.
import type { ColumnType, NativeValue } from '@ovnkit/ovsdb';

/** One NB row: its uuid and every read column as a native value (docs/design/contracts.md). */
export interface NbRow {
  readonly _uuid: string;
  readonly [column: string]: NativeValue;
}

/** Rows by table name; tables that were not read are absent, empty tables are `[]`. */
export type NbSnapshot = { readonly [table: string]: readonly NbRow[] | undefined };

/** One table of the schema: its name and column types. */
export interface TableInfo {
  readonly name: string;
  /** Column name → type, without `_uuid`/`_version`. */
  readonly columns: Readonly<Record<string, ColumnType>>;
}

/** The parts of a database schema the renderers need: name, version and tables. */
export interface SchemaInfo {
  readonly name: string;
  readonly version: string;
  readonly tables: Readonly<Record<string, TableInfo>>;
}

/** UUID lookups over a snapshot, built once per table on first use. */
export class SnapshotIndex {
  private readonly byTable = new Map<string, Map<string, NbRow>>();
  constructor(readonly snapshot: NbSnapshot) {}

  rows(table: string): readonly NbRow[] {
    return this.snapshot[table] ?? [];
  }

  get(table: string, uuid: string): NbRow | undefined {
    let m = this.byTable.get(table);
    if (!m) {
      m = new Map();
      for (const r of this.rows(table)) m.set(r._uuid, r);
      this.byTable.set(table, m);
    }
    return m.get(uuid);
  }
}

// Typed accessors: the snapshot is loosely typed on purpose (any table, any schema version), so
// renderers read columns through these, which tolerate absent columns the way the IDL does
// (an absent column reads as its default).
export const str = (r: NbRow, c: string): string => (typeof r[c] === 'string' ? (r[c] as string) : '');
export const optStr = (r: NbRow, c: string): string | undefined =>
  typeof r[c] === 'string' ? (r[c] as string) : undefined;
export const strList = (r: NbRow, c: string): readonly string[] => {
  const v = r[c];
  if (Array.isArray(v)) return v as readonly string[];
  return typeof v === 'string' ? [v] : [];
};
export const num = (r: NbRow, c: string): number | bigint | undefined => {
  const v = r[c];
  if (Array.isArray(v)) return v.length ? (v[0] as number | bigint) : undefined;
  return typeof v === 'number' || typeof v === 'bigint' ? v : undefined;
};
export const strMap = (r: NbRow, c: string): Readonly<Record<string, string>> => {
  const v = r[c];
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), String(x)]));
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Readonly<Record<string, string>>) : {};
};
