// RFC 7047 wire values → the native form (docs/design/contracts.md), with @ovnkit/ovsdb's value
// codecs; this file only names the failing column.
import {
  type ColumnType,
  compileValueCodec,
  isUuidString,
  type NativeValue,
  parseSchema,
  SchemaError,
  type ValueCodec,
  WireFormatError,
} from '@ovnkit/ovsdb';
import type { NbRow, SchemaInfo, TableInfo } from './snapshot.js';

/** A value in a server reply does not fit its column's type. */
export class WireValueError extends Error {
  override name = 'WireValueError';
}

const codecs = new WeakMap<ColumnType, ValueCodec>();

/** The codec of a column type, compiled once per type object. */
function codecOf(type: ColumnType): ValueCodec {
  let codec = codecs.get(type);
  if (!codec) {
    codec = compileValueCodec(type);
    codecs.set(type, codec);
  }
  return codec;
}

const UUID_TYPE: ColumnType = { key: { type: 'uuid' }, min: 1, max: 1 };

export function valueFromWire(v: unknown, type: ColumnType, where: string): NativeValue {
  try {
    return codecOf(type).decode(v) as NativeValue;
  } catch (err) {
    if (err instanceof WireFormatError) throw new WireValueError(`${where}: ${err.message}`);
    throw err;
  }
}

/** Decodes one row of a `select` result (columns absent from the row stay absent). */
export function rowFromWire(table: TableInfo, wire: Record<string, unknown>): NbRow {
  // Rows are read-only by contract (NbRow is readonly); not freezing them keeps big reads fast.
  const out: Record<string, NativeValue> = {};
  for (const col in wire) {
    const v = wire[col];
    if (col === '_uuid') out._uuid = valueFromWire(v, UUID_TYPE, `${table.name}._uuid`);
    else if (col !== '_version') {
      const type = table.columns[col];
      if (type) out[col] = valueFromWire(v, type, `${table.name}.${col}`);
    }
  }
  if (typeof out._uuid !== 'string') throw new WireValueError(`${table.name}: row without _uuid`);
  return out as NbRow;
}

/**
 * Like rowFromWire, but converts the given wire row object in place and returns it: for big
 * reads this avoids a second copy of every row (the wire rows are ours, fresh from JSON.parse).
 * A monitor reply keys rows by UUID instead of giving `_uuid`: pass it as `uuid`.
 */
export function rowFromWireInPlace(table: TableInfo, wire: Record<string, unknown>, uuid?: string): NbRow {
  for (const col in wire) {
    const v = wire[col];
    if (col === '_uuid') wire._uuid = valueFromWire(v, UUID_TYPE, `${table.name}._uuid`);
    else if (col === '_version') delete wire._version;
    else {
      const type = table.columns[col];
      if (!type) delete wire[col];
      else wire[col] = valueFromWire(v, type, `${table.name}.${col}`);
    }
  }
  if (uuid !== undefined) {
    // The row key stands in for the _uuid column, so it gets the check that column's value gets.
    if (!isUuidString(uuid))
      throw new WireValueError(`${table.name}: row key ${JSON.stringify(uuid)} is not a UUID`);
    wire._uuid = uuid;
  }
  if (typeof wire._uuid !== 'string') throw new WireValueError(`${table.name}: row without _uuid`);
  return wire as NbRow;
}

/**
 * The value a column has when a monitor reply leaves it out: OVSDB's default datum
 * (ovsdb_datum_init_default), i.e. `min` default atoms (so a set with min 1 defaults to [""]).
 */
export function defaultValue(type: ColumnType): NativeValue {
  return codecOf(type).defaultValue as NativeValue;
}

/** Parses a `get_schema` reply into the column types the formatters need. */
export function schemaInfoFromJson(json: unknown): SchemaInfo {
  let schema: ReturnType<typeof parseSchema>;
  try {
    schema = parseSchema(json);
  } catch (err) {
    if (err instanceof SchemaError)
      throw new WireValueError(`get_schema reply is not a valid database schema: ${err.message}`);
    throw err;
  }
  const tables: Record<string, TableInfo> = {};
  for (const [name, t] of Object.entries(schema.tables)) {
    const columns: Record<string, ColumnType> = {};
    for (const [col, c] of Object.entries(t.columns)) columns[col] = c.type;
    tables[name] = { name, columns };
  }
  return { name: schema.name, version: schema.version, tables };
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Like schemaInfoFromJson, but reads only the given tables and columns of the reply (those the
 * server has): a command that knows what it reads skips parsing the other ~200 columns of the NB
 * schema. The tables those columns refer to are kept, without columns, so references still check.
 */
export function schemaInfoOfColumns(
  json: unknown,
  wanted: Readonly<Record<string, readonly string[]>>,
): SchemaInfo {
  if (!isObject(json) || !isObject(json.tables)) return schemaInfoFromJson(json);
  const all = json.tables;
  const tables: Record<string, JsonObject> = {};
  for (const [t, cols] of Object.entries(wanted)) {
    const table = all[t];
    if (!isObject(table) || !isObject(table.columns)) continue;
    const columns: JsonObject = {};
    for (const c of cols) if (c in table.columns) columns[c] = table.columns[c];
    tables[t] = { columns };
    for (const col of Object.values(columns)) {
      const type = isObject(col) ? col.type : undefined;
      for (const base of isObject(type) ? [type.key, type.value] : [])
        if (isObject(base) && typeof base.refTable === 'string') tables[base.refTable] ??= { columns: {} };
    }
  }
  const info = schemaInfoFromJson({ ...json, tables });
  // Tables kept only as reference targets are not part of the answer.
  return { ...info, tables: Object.fromEntries(Object.entries(info.tables).filter(([t]) => t in wanted)) };
}
