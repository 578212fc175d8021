// RFC 7047 wire values for the columns this package reads and writes, converted by
// @ovnkit/ovsdb's value codecs with the live schema's column types (contracts.md "native" form:
// sets as arrays, maps as records, optional as undefined, uuids as strings, named uuids as NamedRef).
import { compileValueCodec, type NamedUuid, namedUuid, type ValueCodec } from '@ovnkit/ovsdb';

/** Column type as found in an .ovsschema / get_schema reply. */
export interface SchemaColumnType {
  key: SchemaBaseType;
  value?: SchemaBaseType;
  min: number;
  max: number | 'unlimited';
}
export type SchemaBaseType = { type: string; enum?: unknown; refTable?: string; refType?: string };

/** The `get_schema` reply of the NB, as far as this package reads it (tables, columns, types). */
export interface SchemaJson {
  name: string;
  version: string;
  tables: Record<
    string,
    { columns: Record<string, { type: unknown }>; isRoot?: boolean; indexes?: string[][] }
  >;
}

export class NbSchemaError extends Error {
  override readonly name = 'NbSchemaError';
}

/** A reference to a row inserted earlier in the same transaction (`uuid-name`). */
export type NamedRef = NamedUuid;
export const namedRef = (name: string): NamedRef => namedUuid(name);

export type WireValue = unknown;

const columnTypes = new WeakMap<SchemaJson, Map<string, SchemaColumnType>>();

/** The column's type, one object per schema, table and column (its codec is cached on it). */
export function columnType(schema: SchemaJson, table: string, column: string): SchemaColumnType {
  let types = columnTypes.get(schema);
  if (!types) {
    types = new Map();
    columnTypes.set(schema, types);
  }
  const id = `${table}\0${column}`;
  let type = types.get(id);
  if (!type) {
    const col = schema.tables[table]?.columns[column];
    if (!col)
      throw new NbSchemaError(`${schema.name} ${schema.version}: table ${table} has no column ${column}`);
    type = normalise(col.type);
    types.set(id, type);
  }
  return type;
}

function normalise(t: unknown): SchemaColumnType {
  if (typeof t === 'string') return { key: { type: t }, min: 1, max: 1 };
  const o = t as { key: unknown; value?: unknown; min?: number; max?: number | 'unlimited' };
  const base = (b: unknown): SchemaBaseType => (typeof b === 'string' ? { type: b } : (b as SchemaBaseType));
  return {
    key: base(o.key),
    value: o.value === undefined ? undefined : base(o.value),
    min: o.min ?? 1,
    max: o.max ?? 1,
  };
}

const codecs = new WeakMap<SchemaColumnType, ValueCodec>();

function codecOf(type: SchemaColumnType): ValueCodec {
  let codec = codecs.get(type);
  if (!codec) {
    const base = (b: SchemaBaseType) => ({ type: b.type as 'string' });
    codec = compileValueCodec({
      key: base(type.key),
      ...(type.value ? { value: base(type.value) } : {}),
      min: type.min === 0 ? 0 : 1,
      max: type.max,
    });
    codecs.set(type, codec);
  }
  return codec;
}

/** Native -> wire conversion of one column's values. */
export type ColumnEncoder = (v: unknown) => WireValue;

const encoders = new WeakMap<SchemaJson, Map<string, Map<string, ColumnEncoder>>>();

/**
 * The column's native -> wire conversion (as `toWire`), resolved once per schema, table and
 * column: encoding thousands of rows then costs no key building or codec lookups per value.
 */
export function columnEncoder(schema: SchemaJson, table: string, column: string): ColumnEncoder {
  let tables = encoders.get(schema);
  if (!tables) {
    tables = new Map();
    encoders.set(schema, tables);
  }
  let columns = tables.get(table);
  if (!columns) {
    columns = new Map();
    tables.set(table, columns);
  }
  let encode = columns.get(column);
  if (!encode) {
    const codec = codecOf(columnType(schema, table, column));
    if (codec.shape === 'set')
      encode = (v) => codec.encode(v === undefined ? [] : Array.isArray(v) ? v : [v]);
    else if (codec.shape === 'map') encode = (v) => codec.encode(v ?? {});
    else encode = (v) => codec.encode(v);
    columns.set(column, encode);
  }
  return encode;
}

/** Wire -> native value of one column. */
export function fromWire(type: SchemaColumnType, v: unknown): unknown {
  return codecOf(type).decode(v);
}

/** Native -> wire value of one column; a set column also takes one element or undefined. */
export function toWire(type: SchemaColumnType, v: unknown): WireValue {
  const codec = codecOf(type);
  if (codec.shape === 'set') return codec.encode(v === undefined ? [] : Array.isArray(v) ? v : [v]);
  if (codec.shape === 'map') return codec.encode(v ?? {});
  return codec.encode(v);
}

const UUID_SET = codecOf({ key: { type: 'uuid' }, min: 0, max: 'unlimited' });
const STRING_SET = codecOf({ key: { type: 'string' }, min: 0, max: 'unlimited' });

/** Wire set of uuid refs for a mutation. */
export function uuidSet(refs: ReadonlyArray<string | NamedRef>): WireValue {
  return UUID_SET.encode(refs);
}

/** Wire set of plain string atoms for a mutation. */
export function stringSet(values: readonly string[]): WireValue {
  return STRING_SET.encode(values);
}
