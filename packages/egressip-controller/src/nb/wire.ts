// RFC 7047 wire values for the columns this package reads and writes, converted with the live
// schema's column types (contracts.md "native" form: sets as arrays, maps as records,
// optional as undefined, uuids as strings, named uuids as NamedRef).

/** Column type as found in an .ovsschema / get_schema reply. */
export interface SchemaColumnType {
  key: SchemaBaseType;
  value?: SchemaBaseType;
  min: number;
  max: number | 'unlimited';
}
export type SchemaBaseType = { type: string; enum?: unknown; refTable?: string; refType?: string };

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
export interface NamedRef {
  readonly namedUuid: string;
}
export const namedRef = (name: string): NamedRef => ({ namedUuid: name });
const isNamedRef = (v: unknown): v is NamedRef => typeof v === 'object' && v !== null && 'namedUuid' in v;

export type WireValue = unknown;

export function columnType(schema: SchemaJson, table: string, column: string): SchemaColumnType {
  const col = schema.tables[table]?.columns[column];
  if (!col)
    throw new NbSchemaError(`${schema.name} ${schema.version}: table ${table} has no column ${column}`);
  return normalise(col.type);
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

function atomFromWire(base: SchemaBaseType, v: unknown): unknown {
  if (base.type === 'uuid' && Array.isArray(v)) return v[1];
  return v;
}

function atomToWire(base: SchemaBaseType, v: unknown): unknown {
  if (base.type === 'uuid') return isNamedRef(v) ? ['named-uuid', v.namedUuid] : ['uuid', v];
  return v;
}

/** Wire -> native value of one column. */
export function fromWire(type: SchemaColumnType, v: unknown): unknown {
  if (type.value) {
    const pairs = Array.isArray(v) && v[0] === 'map' ? (v[1] as unknown[][]) : [];
    const out: Record<string, unknown> = {};
    for (const [k, val] of pairs) out[String(atomFromWire(type.key, k))] = atomFromWire(type.value, val);
    return out;
  }
  const atoms = Array.isArray(v) && v[0] === 'set' ? (v[1] as unknown[]) : [v];
  const native = atoms.map((a) => atomFromWire(type.key, a));
  if (type.min === 1 && type.max === 1) return native[0];
  if (type.max === 1) return native[0];
  return native;
}

/** Native -> wire value of one column. */
export function toWire(type: SchemaColumnType, v: unknown): WireValue {
  if (type.value) {
    const entries = Object.entries((v ?? {}) as Record<string, unknown>);
    return ['map', entries.map(([k, val]) => [atomToWire(type.key, k), atomToWire(type.value!, val)])];
  }
  if (type.min === 1 && type.max === 1) return atomToWire(type.key, v);
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return ['set', list.map((a) => atomToWire(type.key, a))];
}

/** Wire set of uuid refs for a mutation. */
export function uuidSet(refs: ReadonlyArray<string | NamedRef>): WireValue {
  return ['set', refs.map((r) => (typeof r === 'string' ? ['uuid', r] : ['named-uuid', r.namedUuid]))];
}

/** Wire set of plain string atoms for a mutation. */
export function stringSet(values: readonly string[]): WireValue {
  return ['set', [...values]];
}
