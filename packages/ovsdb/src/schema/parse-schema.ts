// Parses and checks an .ovsschema document (or a `get_schema` reply) against RFC 7047 3.2 and
// the rules ovsdb-server enforces, collecting every problem before throwing one SchemaError.
import { isIdentifier, isUuidString, isWireSet } from '../wire/notation.js';
import { SchemaError, type SchemaProblem } from './schema-error.js';
import {
  ATOMIC_TYPES,
  type AtomicType,
  type BaseType,
  type ColumnSchema,
  type ColumnType,
  type DatabaseSchema,
  type SchemaAtom,
  type TableSchema,
} from './types.js';

type Json = Record<string, unknown>;

const DB_MEMBERS = new Set(['name', 'version', 'cksum', 'tables']);
const TABLE_MEMBERS = new Set(['columns', 'mutable', 'maxRows', 'isRoot', 'indexes']);
const COLUMN_MEMBERS = new Set(['type', 'ephemeral', 'mutable']);
const TYPE_MEMBERS = new Set(['key', 'value', 'min', 'max']);
const BASE_MEMBERS = new Set([
  'type',
  'enum',
  'minInteger',
  'maxInteger',
  'minReal',
  'maxReal',
  'minLength',
  'maxLength',
  'refTable',
  'refType',
]);
const CONSTRAINTS_OF: Record<AtomicType, readonly string[]> = {
  integer: ['minInteger', 'maxInteger'],
  real: ['minReal', 'maxReal'],
  boolean: [],
  string: ['minLength', 'maxLength'],
  uuid: ['refTable', 'refType'],
};

class Collector {
  readonly problems: SchemaProblem[] = [];
  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInteger(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function checkMembers(c: Collector, path: string, obj: Json, allowed: ReadonlySet<string>): void {
  for (const k of Object.keys(obj)) if (!allowed.has(k)) c.add(join(path, k), 'member not allowed here');
}

/**
 * Parses a schema document into the normalised model. Throws SchemaError listing every problem:
 * unknown members, bad names, bad types and constraints, references to missing tables, bad
 * indexes.
 */
export function parseSchema(json: unknown): DatabaseSchema {
  const c = new Collector();
  if (!isObject(json)) throw new SchemaError([{ path: '', message: 'schema must be a JSON object' }]);
  checkMembers(c, '', json, DB_MEMBERS);
  const name = json.name;
  if (!isIdentifier(name))
    c.add('name', 'must be an identifier (letters, digits, _; not starting with a digit)');
  // Optional, as in ovsdb-server (old databases have none): absent reads as "". Digits only, as
  // python-ovs checks it (ovsdb-server's scanf would also take "+1.2.3").
  const version = json.version ?? '';
  if (typeof version !== 'string' || (version !== '' && !/^\d+\.\d+\.\d+$/.test(version)))
    c.add('version', 'must be a string "x.y.z"');
  if (json.cksum !== undefined && typeof json.cksum !== 'string') c.add('cksum', 'must be a string');
  const tables: Record<string, TableSchema> = {};
  if (!isObject(json.tables)) {
    c.add('tables', 'must be an object mapping table names to table schemas');
  } else {
    const tableNames = new Set(Object.keys(json.tables));
    // RFC 7047 3.2: when no table says isRoot, every table is a root (pre-isRoot schemas).
    const anyRoot = Object.values(json.tables).some((t) => isObject(t) && t.isRoot === true);
    for (const [tname, tjson] of Object.entries(json.tables)) {
      const table = parseTable(c, `tables.${tname}`, tname, tjson, tableNames, anyRoot);
      if (table) tables[tname] = table;
    }
    if (c.problems.length === 0) persistStrongRefsToNonRoots(tables);
  }
  if (c.problems.length > 0) throw new SchemaError(c.problems);
  return {
    name: name as string,
    version: version as string,
    ...(typeof json.cksum === 'string' ? { cksum: json.cksum } : {}),
    tables,
  };
}

/**
 * Like ovsdb-server: a strong reference to a non-root table is never ephemeral, because replaying
 * the log without it would garbage-collect the row it keeps alive.
 */
function persistStrongRefsToNonRoots(tables: Record<string, TableSchema>): void {
  const keepsNonRootAlive = (b: BaseType | undefined) =>
    b?.refType === 'strong' && tables[b.refTable as string]?.isRoot === false;
  for (const [tname, table] of Object.entries(tables)) {
    const columns = { ...table.columns };
    let changed = false;
    for (const [cname, col] of Object.entries(columns)) {
      if (col.ephemeral && (keepsNonRootAlive(col.type.key) || keepsNonRootAlive(col.type.value))) {
        columns[cname] = { ...col, ephemeral: false };
        changed = true;
      }
    }
    if (changed) tables[tname] = { ...table, columns };
  }
}

function parseTable(
  c: Collector,
  path: string,
  tname: string,
  tjson: unknown,
  tableNames: ReadonlySet<string>,
  anyRoot: boolean,
): TableSchema | undefined {
  if (!isIdentifier(tname) || tname.startsWith('_'))
    c.add(path, 'table name must be an identifier not starting with _');
  if (!isObject(tjson)) {
    c.add(path, 'table schema must be an object');
    return undefined;
  }
  checkMembers(c, path, tjson, TABLE_MEMBERS);
  const columns: Record<string, ColumnSchema> = {};
  if (!isObject(tjson.columns)) {
    c.add(join(path, 'columns'), 'must be an object mapping column names to column schemas');
  } else {
    if (Object.keys(tjson.columns).length === 0)
      c.add(join(path, 'columns'), 'a table must have at least one column');
    for (const [cname, cjson] of Object.entries(tjson.columns)) {
      const col = parseColumn(c, `${path}.columns.${cname}`, cname, cjson, tableNames);
      if (col) columns[cname] = col;
    }
  }
  if (tjson.isRoot !== undefined && typeof tjson.isRoot !== 'boolean')
    c.add(join(path, 'isRoot'), 'must be a boolean');
  let maxRows: number | undefined;
  if (tjson.maxRows !== undefined) {
    if (typeof tjson.maxRows === 'number' && Number.isInteger(tjson.maxRows) && tjson.maxRows >= 1)
      maxRows = tjson.maxRows;
    else c.add(join(path, 'maxRows'), 'must be a positive integer');
  }
  const indexes = parseIndexes(c, join(path, 'indexes'), tjson.indexes, tjson.columns);
  if (tjson.mutable !== undefined && typeof tjson.mutable !== 'boolean')
    c.add(join(path, 'mutable'), 'must be a boolean');
  return {
    columns,
    isRoot: anyRoot ? tjson.isRoot === true : true,
    indexes,
    ...(maxRows === undefined ? {} : { maxRows }),
    ...(tjson.mutable === false ? { mutable: false } : {}),
  };
}

function parseIndexes(c: Collector, path: string, json: unknown, columns: unknown): string[][] {
  if (json === undefined) return [];
  if (!Array.isArray(json)) {
    c.add(path, 'must be an array of column-name arrays');
    return [];
  }
  const cols = isObject(columns) ? columns : {};
  const out: string[][] = [];
  json.forEach((idx, i) => {
    const p = `${path}[${i}]`;
    if (!Array.isArray(idx) || idx.length === 0 || !idx.every((x) => typeof x === 'string')) {
      c.add(p, 'must be a non-empty array of column names');
      return;
    }
    for (const col of idx as string[]) {
      const cj = cols[col];
      if (col === '_uuid' || col === '_version') continue;
      if (!isObject(cj)) c.add(p, `index names unknown column "${col}"`);
      else if (cj.ephemeral === true) c.add(p, `index names ephemeral column "${col}"`);
    }
    out.push([...(idx as string[])]);
  });
  return out;
}

function parseColumn(
  c: Collector,
  path: string,
  cname: string,
  cjson: unknown,
  tableNames: ReadonlySet<string>,
): ColumnSchema | undefined {
  if (!isIdentifier(cname) || cname.startsWith('_'))
    c.add(path, 'column name must be an identifier not starting with _');
  if (!isObject(cjson)) {
    c.add(path, 'column schema must be an object');
    return undefined;
  }
  checkMembers(c, path, cjson, COLUMN_MEMBERS);
  for (const flag of ['ephemeral', 'mutable'] as const) {
    if (cjson[flag] !== undefined && typeof cjson[flag] !== 'boolean')
      c.add(join(path, flag), 'must be a boolean');
  }
  if (cjson.type === undefined) {
    c.add(join(path, 'type'), 'is required');
    return undefined;
  }
  const type = parseColumnType(c, join(path, 'type'), cjson.type, tableNames);
  if (!type) return undefined;
  // Like ovsdb-server: a weak reference is always mutable, since deleting a row it points to
  // must be able to remove it.
  const weak = type.key.refType === 'weak' || type.value?.refType === 'weak';
  return { type, ephemeral: cjson.ephemeral === true, mutable: cjson.mutable !== false || weak };
}

function parseColumnType(
  c: Collector,
  path: string,
  json: unknown,
  tableNames: ReadonlySet<string>,
): ColumnType | undefined {
  if (typeof json === 'string') {
    const key = parseBaseType(c, path, json, tableNames);
    return key ? { key, min: 1, max: 1 } : undefined;
  }
  if (!isObject(json)) {
    c.add(path, 'must be an atomic type name or an object with "key"');
    return undefined;
  }
  checkMembers(c, path, json, TYPE_MEMBERS);
  if (json.key === undefined) {
    c.add(join(path, 'key'), 'is required');
    return undefined;
  }
  const key = parseBaseType(c, join(path, 'key'), json.key, tableNames);
  const value =
    json.value === undefined ? undefined : parseBaseType(c, join(path, 'value'), json.value, tableNames);
  let min: 0 | 1 = 1;
  if (json.min !== undefined) {
    if (json.min === 0 || json.min === 1) min = json.min;
    else c.add(join(path, 'min'), 'must be 0 or 1');
  }
  let max: number | 'unlimited' = 1;
  if (json.max !== undefined) {
    if (
      json.max === 'unlimited' ||
      (typeof json.max === 'number' && Number.isInteger(json.max) && json.max >= 1)
    )
      max = json.max;
    else c.add(join(path, 'max'), 'must be a positive integer or "unlimited"');
  }
  if (max !== 'unlimited' && min > max) c.add(path, `min ${min} is greater than max ${max}`);
  if (!key || (json.value !== undefined && !value)) return undefined;
  return value ? { key, value, min, max } : { key, min, max };
}

function isAtomicType(v: unknown): v is AtomicType {
  return typeof v === 'string' && (ATOMIC_TYPES as readonly string[]).includes(v);
}

function parseBaseType(
  c: Collector,
  path: string,
  json: unknown,
  tableNames: ReadonlySet<string>,
): BaseType | undefined {
  if (typeof json === 'string') {
    if (isAtomicType(json)) return { type: json };
    c.add(path, `unknown atomic type "${json}" (expected one of ${ATOMIC_TYPES.join(', ')})`);
    return undefined;
  }
  if (!isObject(json)) {
    c.add(path, 'must be an atomic type name or an object with "type"');
    return undefined;
  }
  checkMembers(c, path, json, BASE_MEMBERS);
  const type = json.type;
  if (!isAtomicType(type)) {
    c.add(join(path, 'type'), `must be one of ${ATOMIC_TYPES.join(', ')}`);
    return undefined;
  }
  const allowed = new Set(CONSTRAINTS_OF[type]);
  for (const k of BASE_MEMBERS) {
    if (k === 'type' || k === 'enum' || json[k] === undefined) continue;
    if (!allowed.has(k)) c.add(join(path, k), `not allowed for type ${type}`);
  }
  const out: { -readonly [K in keyof BaseType]: BaseType[K] } = { type };
  if (json.enum !== undefined) {
    const members = parseEnum(c, join(path, 'enum'), json.enum, type);
    if (members) out.enum = members;
  }
  if (type === 'integer') {
    for (const k of ['minInteger', 'maxInteger'] as const) {
      const v = json[k];
      if (v === undefined) continue;
      if (isInteger(v)) out[k] = v;
      else c.add(join(path, k), 'must be an integer');
    }
    if (
      out.minInteger !== undefined &&
      out.maxInteger !== undefined &&
      BigInt(out.minInteger) > BigInt(out.maxInteger)
    ) {
      c.add(path, `minInteger ${out.minInteger} is greater than maxInteger ${out.maxInteger}`);
    }
  } else if (type === 'real') {
    for (const k of ['minReal', 'maxReal'] as const) {
      const v = json[k];
      if (v === undefined) continue;
      if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
      else if (typeof v === 'bigint') out[k] = Number(v);
      else c.add(join(path, k), 'must be a number');
    }
    if (out.minReal !== undefined && out.maxReal !== undefined && out.minReal > out.maxReal) {
      c.add(path, `minReal ${out.minReal} is greater than maxReal ${out.maxReal}`);
    }
  } else if (type === 'string') {
    for (const k of ['minLength', 'maxLength'] as const) {
      const v = json[k];
      if (v === undefined) continue;
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[k] = v;
      else c.add(join(path, k), 'must be a non-negative integer');
    }
    if (out.minLength !== undefined && out.maxLength !== undefined && out.minLength > out.maxLength) {
      c.add(path, `minLength ${out.minLength} is greater than maxLength ${out.maxLength}`);
    }
  } else if (type === 'uuid') {
    if (json.refTable !== undefined) {
      if (typeof json.refTable !== 'string') c.add(join(path, 'refTable'), 'must be a table name');
      else if (!tableNames.has(json.refTable))
        c.add(join(path, 'refTable'), `names unknown table "${json.refTable}"`);
      else out.refTable = json.refTable;
    }
    if (json.refType !== undefined) {
      if (json.refType !== 'strong' && json.refType !== 'weak')
        c.add(join(path, 'refType'), 'must be "strong" or "weak"');
      else if (json.refTable === undefined) c.add(join(path, 'refType'), 'requires refTable');
      else out.refType = json.refType;
    }
    if (out.refTable !== undefined && out.refType === undefined) out.refType = 'strong';
  }
  return out;
}

function atomMatches(type: AtomicType, v: unknown): v is SchemaAtom {
  switch (type) {
    case 'integer':
      return isInteger(v);
    case 'real':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'uuid':
      return isUuidString(v);
  }
}

/** A uuid enum member as the RFC writes it (`["uuid", "..."]`), or already normalised. */
function enumAtom(type: AtomicType, v: unknown): unknown {
  if (type !== 'uuid') return v;
  const uuid = Array.isArray(v) && v.length === 2 && v[0] === 'uuid' ? v[1] : v;
  return typeof uuid === 'string' ? uuid.toLowerCase() : uuid;
}

function parseEnum(c: Collector, path: string, json: unknown, type: AtomicType): SchemaAtom[] | undefined {
  // RFC form: ["set", [...]] or one bare atom. A plain array is the normalised form this parser
  // emits (generated descriptors), accepted so that parsing is idempotent.
  const oneUuid = type === 'uuid' && Array.isArray(json) && json[0] === 'uuid';
  const members: readonly unknown[] = isWireSet(json)
    ? json[1]
    : Array.isArray(json) && !oneUuid
      ? json
      : [json];
  const out: SchemaAtom[] = [];
  members.forEach((raw, i) => {
    const m = enumAtom(type, raw);
    if (atomMatches(type, m)) out.push(m);
    else
      c.add(
        `${path}[${i}]`,
        `enum member ${JSON.stringify(typeof m === 'bigint' ? String(m) : m)} is not a ${type}`,
      );
  });
  if (members.length === 0) c.add(path, 'enum must have at least one member');
  return out.length === members.length && out.length > 0 ? out : undefined;
}
