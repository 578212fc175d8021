// A monitor_cond reply's "initial" rows -> the snapshot the renderers take (native values, the
// columns the reply leaves out set to their defaults).
import type { TableUpdates2Json } from '@ovnkit/ovsdb';
import { InputDataError } from '../cli/errors.js';
import type { NbRow, NbSnapshot, SchemaInfo } from './snapshot.js';
import { defaultValue, rowFromWireInPlace } from './wire-decode.js';

/** Tables to read, each with its columns or 'all'. */
export type TableSelection = Readonly<Record<string, readonly string[] | 'all'>>;

export function decodeUpdates(
  schema: SchemaInfo,
  tables: TableSelection,
  updates: TableUpdates2Json,
): NbSnapshot {
  const snapshot: Record<string, NbRow[]> = {};
  for (const t of Object.keys(tables)) {
    const info = schema.tables[t];
    if (!info) continue;
    // "initial" rows leave out columns that hold their default value; put the defaults back.
    const wanted = tables[t]!;
    // One default value per column, looked up once and shared by the rows lacking it (rows are read-only).
    const columns = wanted === 'all' ? Object.keys(info.columns) : wanted.filter((c) => info.columns[c]);
    const defaults = columns.map((c) => defaultValue(info.columns[c]!));
    const byUuid = updates[t] ?? {};
    const uuids = Object.keys(byUuid);
    const rows: NbRow[] = new Array(uuids.length);
    // Indexed loops, no per-row temporaries: at 10k rows this runs before the code is optimised.
    for (let i = 0; i < uuids.length; i++) {
      const uuid = uuids[i]!;
      const initial = byUuid[uuid]?.initial;
      if (!initial) throw new InputDataError(`monitor reply for ${t} row ${uuid} has no initial contents`);
      // The reply is ours alone, so rows are decoded in place rather than copied.
      const decoded = rowFromWireInPlace(info, initial as Record<string, unknown>, uuid) as Record<
        string,
        unknown
      >;
      for (let k = 0; k < columns.length; k++)
        if (decoded[columns[k]!] === undefined) decoded[columns[k]!] = defaults[k];
      rows[i] = decoded as NbRow;
    }
    snapshot[t] = rows;
  }
  return snapshot;
}
