// OVSDB's canonical JSON text, as Open vSwitch prints it (ovsdb-client get-schema, ovsdb-tool
// query, ovsdb-client dump --format=json, the test suite's expected output): object members
// sorted by name, no spaces, strings escaped as json_serialize_string does, reals as "%.15g",
// sets and map pairs in OVSDB atom order, a one-element set as its bare atom.
import { isNamedUuid } from '../model/named-uuid.js';
import type { BaseType, ColumnSchema, ColumnType, DatabaseSchema, TableSchema } from '../schema/types.js';
import type { ConditionFunction } from '../wire/operation.js';
import type { NativeAtom } from './atom-order.js';
import { atomToString, formatReal, ovsJsonQuote } from './atom-text.js';
import { datumPairs, type NativeValue } from './datum-text.js';

/**
 * Any JSON value as OVS prints it. Integral numbers print as integers and others as "%.15g";
 * a real that happens to be integral and at least 1e15 therefore prints as OVS prints an
 * integer (use `datumToJsonText`, which knows the type, for column values).
 */
export function canonicalJsonText(json: unknown): string {
  if (json === null) return 'null';
  switch (typeof json) {
    case 'string':
      return ovsJsonQuote(json);
    case 'boolean':
      return json ? 'true' : 'false';
    case 'bigint':
      return json.toString();
    case 'number':
      return Number.isInteger(json) ? String(json) : formatReal(json);
    case 'object': {
      if (Array.isArray(json)) return `[${json.map(canonicalJsonText).join(',')}]`;
      const keys = Object.keys(json as object)
        .filter((k) => (json as Record<string, unknown>)[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${ovsJsonQuote(k)}:${canonicalJsonText((json as Record<string, unknown>)[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`not a JSON value: ${typeof json}`);
  }
}

function atomJsonText(atom: NativeAtom, base: BaseType): string {
  if (base.type === 'string') return ovsJsonQuote(String(atom));
  if (base.type !== 'uuid') return atomToString(atom, base.type); // numbers and booleans alike
  if (isNamedUuid(atom)) return `["named-uuid",${ovsJsonQuote(atom.name)}]`;
  return `["uuid",${ovsJsonQuote(String(atom).toLowerCase())}]`;
}

/** A column value (native form) as ovsdb_datum_to_json prints it. */
export function datumToJsonText(value: NativeValue, type: ColumnType): string {
  const pairs = datumPairs(value, type);
  const map = type.value;
  if (map)
    return `["map",[${pairs.map(([k, v]) => `[${atomJsonText(k, type.key)},${atomJsonText(v as NativeAtom, map)}]`).join(',')}]]`;
  if (pairs.length === 1) return atomJsonText(pairs[0]![0], type.key);
  return `["set",[${pairs.map(([k]) => atomJsonText(k, type.key)).join(',')}]]`;
}

/** RFC 7047 <base-type> in OVS's shortest form (ovsdb_base_type_to_json). */
export function baseTypeToJson(base: BaseType): unknown {
  const out: Record<string, unknown> = {};
  if (base.enum) {
    const enumType: ColumnType = { key: base, min: 0, max: 'unlimited' };
    out.enum = JSON.parse(datumToJsonText(base.enum as readonly NativeAtom[], enumType));
  }
  if (base.minInteger !== undefined) out.minInteger = base.minInteger;
  if (base.maxInteger !== undefined) out.maxInteger = base.maxInteger;
  if (base.minReal !== undefined) out.minReal = base.minReal;
  if (base.maxReal !== undefined) out.maxReal = base.maxReal;
  if (base.minLength !== undefined && base.minLength !== 0) out.minLength = base.minLength;
  if (base.maxLength !== undefined) out.maxLength = base.maxLength;
  if (base.refTable !== undefined) {
    out.refTable = base.refTable;
    if (base.refType === 'weak') out.refType = 'weak';
  }
  if (Object.keys(out).length === 0) return base.type;
  out.type = base.type;
  return out;
}

/** RFC 7047 <type> in OVS's shortest form (ovsdb_type_to_json): defaults left out. */
export function typeToJson(type: ColumnType): unknown {
  const key = baseTypeToJson(type.key);
  if (!type.value && type.min === 1 && type.max === 1 && typeof key === 'string') return key;
  const out: Record<string, unknown> = { key };
  if (type.value) out.value = baseTypeToJson(type.value);
  if (type.min !== 1) out.min = type.min;
  if (type.max !== 1) out.max = type.max;
  return out;
}

function columnToJson(column: ColumnSchema): unknown {
  const out: Record<string, unknown> = { type: typeToJson(column.type) };
  if (column.ephemeral) out.ephemeral = true;
  if (!column.mutable) out.mutable = false;
  return out;
}

function tableToJson(table: TableSchema, defaultIsRoot: boolean): unknown {
  const columns: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(table.columns)) columns[name] = columnToJson(c);
  const out: Record<string, unknown> = { columns };
  if (table.isRoot !== defaultIsRoot) out.isRoot = table.isRoot;
  if (table.maxRows !== undefined) out.maxRows = table.maxRows;
  if (table.indexes.length > 0) out.indexes = table.indexes;
  return out;
}

/** A schema as ovsdb_schema_to_json gives it (what `ovsdb-client get-schema` prints). */
export function schemaToJson(schema: DatabaseSchema): unknown {
  // OVS leaves "isRoot" out when every table is a root table (schemas older than isRoot).
  const defaultIsRoot = Object.values(schema.tables).every((t) => t.isRoot);
  const tables: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(schema.tables)) tables[name] = tableToJson(t, defaultIsRoot);
  const out: Record<string, unknown> = { name: schema.name, tables };
  if (schema.version) out.version = schema.version;
  if (schema.cksum) out.cksum = schema.cksum;
  return out;
}

/** One `where` clause: `[column, function, native value]`, or `true`/`false`. */
export type NativeClause = readonly [string, ConditionFunction, NativeValue] | boolean;

/**
 * A condition as ovsdb_condition_to_json prints it: each value as a datum of its column's type
 * (`_uuid`/`_version` compare with uuids).
 */
export function conditionToJsonText(table: TableSchema, clauses: readonly NativeClause[]): string {
  const parts = clauses.map((c) => {
    if (typeof c === 'boolean') return c ? 'true' : 'false';
    const [column, fn, value] = c;
    const type = column === '_uuid' || column === '_version' ? UUID_TYPE : table.columns[column]?.type;
    if (!type) throw new RangeError(`condition names column "${column}", which the table does not have`);
    return `[${ovsJsonQuote(column)},${ovsJsonQuote(fn)},${datumToJsonText(value, type)}]`;
  });
  return `[${parts.join(',')}]`;
}

const UUID_TYPE: ColumnType = { key: { type: 'uuid' }, min: 1, max: 1 };
