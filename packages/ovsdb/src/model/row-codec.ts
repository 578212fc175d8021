// Row decoding for one table: the column codecs compiled once, then a tight loop per row. This is
// the replica's hot path (200k-row snapshots), so rows are built in one pass with a stable key
// order (one hidden class per table) and frozen.
import type { DatabaseSchema, TableSchema } from '../schema/types.js';
import { isWireUuid } from '../wire/notation.js';
import { WireFormatError } from '../wire/wire-format-error.js';
import { compileValueCodec, type ValueCodec } from './value-codec.js';

/** A decoded row: `_uuid`, maybe `_version`, and native column values. Frozen. */
export interface NativeRow {
  readonly _uuid: string;
  readonly _version?: string;
  readonly [column: string]: unknown;
}

/** Decodes and encodes the rows of one table between wire JSON and native values. */
export interface RowCodec {
  readonly name: string;
  readonly schema: TableSchema;
  /** Column codecs in schema order. */
  readonly columns: ReadonlyMap<string, ValueCodec>;
  /** Column lists of the schema's `indexes` (each one unique). */
  readonly uniqueIndexes: ReadonlyArray<readonly string[]>;
  /**
   * A full row (update2 `initial`/`insert`, update `new`, a select of all columns): every column
   * is set, and columns the wire row leaves out take their default (update2 omits them).
   * `uuid` is used when the row has no `_uuid` member (monitor rows are keyed by uuid instead).
   * Columns the schema does not know are ignored, so a newer server does not break an older model.
   */
  decodeRow(wire: Readonly<Record<string, unknown>>, uuid?: string): NativeRow;
  /** Only the columns present in the wire row (a select with `columns`). */
  decodePartialRow(wire: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>;
}

function uuidOf(
  wire: Readonly<Record<string, unknown>>,
  member: '_uuid' | '_version',
  table: string,
): string | undefined {
  const w = wire[member];
  if (w === undefined) return undefined;
  if (!isWireUuid(w)) throw new WireFormatError(`expected ["uuid", ...]`, `${table}.${member}`);
  return w[1];
}

/** Builds the {@link RowCodec} of table `name` from its schema. */
export function compileRowCodec(name: string, schema: TableSchema): RowCodec {
  const columns = new Map<string, ValueCodec>();
  for (const [cname, col] of Object.entries(schema.columns)) columns.set(cname, compileValueCodec(col.type));
  const names = [...columns.keys()];
  const codecs = [...columns.values()];
  const n = names.length;
  const template: Record<string, unknown> = { _uuid: '' };
  for (let i = 0; i < n; i++) template[names[i] as string] = (codecs[i] as ValueCodec).defaultValue;
  const decodeColumn = (codec: ValueCodec, w: unknown, column: string): unknown => {
    try {
      return codec.decode(w);
    } catch (err) {
      if (err instanceof WireFormatError) throw new WireFormatError(err.message, `${name}.${column}`);
      throw err;
    }
  };
  return {
    name,
    schema,
    columns,
    uniqueIndexes: schema.indexes,
    decodeRow(wire, uuid) {
      const id = uuidOf(wire, '_uuid', name) ?? uuid;
      if (id === undefined) throw new WireFormatError('row has no _uuid and none was given', name);
      // Cloning a template that already has every column (at its default) gives all rows of the
      // table one hidden class and skips per-property transitions.
      const row: Record<string, unknown> = { ...template };
      row._uuid = id;
      if (wire._version !== undefined) row._version = uuidOf(wire, '_version', name);
      for (let i = 0; i < n; i++) {
        const c = names[i] as string;
        const w = wire[c];
        if (w !== undefined) row[c] = decodeColumn(codecs[i] as ValueCodec, w, c);
      }
      return Object.freeze(row) as NativeRow;
    },
    decodePartialRow(wire) {
      const row: Record<string, unknown> = {};
      for (const [c, w] of Object.entries(wire)) {
        if (c === '_uuid' || c === '_version') row[c] = uuidOf(wire, c, name);
        else {
          const codec = columns.get(c);
          if (codec) row[c] = decodeColumn(codec, w, c);
        }
      }
      return Object.freeze(row);
    },
  };
}

const cache = new WeakMap<DatabaseSchema, ReadonlyMap<string, RowCodec>>();

/** Codecs for every table of a schema, compiled once per schema object. */
export function rowCodecs(schema: DatabaseSchema): ReadonlyMap<string, RowCodec> {
  let codecs = cache.get(schema);
  if (!codecs) {
    const m = new Map<string, RowCodec>();
    for (const [t, ts] of Object.entries(schema.tables)) m.set(t, compileRowCodec(t, ts));
    codecs = m;
    cache.set(schema, codecs);
  }
  return codecs;
}

/** The codec of one table; throws a clear error for a table the schema does not have. */
export function rowCodec(schema: DatabaseSchema, table: string): RowCodec {
  const c = rowCodecs(schema).get(table);
  if (!c) throw new RangeError(`table "${table}" is not in schema ${schema.name}`);
  return c;
}
