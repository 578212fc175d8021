// Reads an NbSnapshot with one transaction of `select` operations (consistent: one commit point).
import { selectOp } from './operations.js';
import { type NbSnapshot, SNAPSHOT_COLUMNS, type SnapshotTable } from './snapshot.js';
import { checkResults, type NbTransactor } from './transactor.js';
import { columnType, fromWire, type SchemaJson } from './wire.js';

/** Reads the tables the controller uses with one transaction of `select`s (one consistent point in time). */
export async function readNbSnapshot(nb: NbTransactor, schema?: SchemaJson): Promise<NbSnapshot> {
  const live = schema ?? (await nb.schema());
  const tables = Object.keys(SNAPSHOT_COLUMNS) as SnapshotTable[];
  const ops = tables.map((t) => selectOp(t, ['_uuid', '_version', ...SNAPSHOT_COLUMNS[t]]));
  const results = await nb.transact(ops);
  checkResults(ops, results);
  const out: Record<string, unknown[]> = {};
  tables.forEach((table, i) => {
    const rows = (results[i] as { rows: Array<Record<string, unknown>> }).rows;
    const types = SNAPSHOT_COLUMNS[table].map((c) => [c, columnType(live, table, c)] as const);
    out[table] = rows.map((r) => {
      const row: Record<string, unknown> = {
        _uuid: (r._uuid as unknown[])[1],
        _version: (r._version as unknown[])[1],
      };
      for (const [c, type] of types) row[c] = fromWire(type, r[c]);
      return Object.freeze(row);
    });
  });
  // The select projection and fromWire follow the schema's column types, which is exactly the
  // NbSnapshot shape; this is the one place the untyped reply becomes typed.
  return out as unknown as NbSnapshot;
}
