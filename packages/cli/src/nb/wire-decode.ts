// RFC 7047 wire values → the native form (docs/design/contracts.md), driven by the column type.
import type { Atom } from '../ovsdb-text/atom-text.js';
import type { ColumnType } from '../ovsdb-text/column-type.js';
import { parseColumnType } from '../ovsdb-text/column-type.js';
import type { NativeValue } from '../ovsdb-text/datum-text.js';
import type { NbRow, SchemaInfo, TableInfo } from './snapshot.js';

export class WireValueError extends Error {
  override name = 'WireValueError';
}

function atomFromWire(v: unknown, where: string): Atom {
  if (typeof v === 'string') return v; // the common case first: this runs for every value read
  if (Array.isArray(v) && (v[0] === 'uuid' || v[0] === 'named-uuid') && typeof v[1] === 'string') return v[1];
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')
    return v;
  throw new WireValueError(
    `${where}: not an OVSDB atom: ${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}`,
  );
}

export function valueFromWire(v: unknown, type: ColumnType, where: string): NativeValue {
  if (type.value !== undefined) {
    const pairs = Array.isArray(v) && v[0] === 'map' && Array.isArray(v[1]) ? (v[1] as unknown[]) : undefined;
    if (!pairs) throw new WireValueError(`${where}: expected ["map", ...]`);
    const entries = pairs.map((p) => {
      if (!Array.isArray(p) || p.length !== 2) throw new WireValueError(`${where}: bad map pair`);
      return [atomFromWire(p[0], where), atomFromWire(p[1], where)] as const;
    });
    return type.key === 'string' ? Object.freeze(Object.fromEntries(entries)) : new Map(entries);
  }
  if (Array.isArray(v) && v[0] === 'set' && Array.isArray(v[1])) {
    const wire = v[1] as unknown[];
    const atoms: Atom[] = new Array(wire.length);
    for (let i = 0; i < wire.length; i++) atoms[i] = atomFromWire(wire[i], where);
    if (type.max > 1) return atoms;
    if (type.min === 0) return atoms[0];
    if (atoms.length !== 1) throw new WireValueError(`${where}: expected exactly one value`);
    return atoms[0];
  }
  const atom = atomFromWire(v, where);
  return type.max > 1 ? [atom] : atom;
}

/** Decodes one row of a `select` result (columns absent from the row stay absent). */
export function rowFromWire(table: TableInfo, wire: Record<string, unknown>): NbRow {
  // Rows are read-only by contract (NbRow is readonly); not freezing them keeps big reads fast.
  const out: Record<string, NativeValue> = {};
  for (const col in wire) {
    const v = wire[col];
    if (col === '_uuid') out._uuid = atomFromWire(v, `${table.name}._uuid`);
    else if (col !== '_version') {
      const type = table.columns[col];
      if (type) {
        try {
          out[col] = valueFromWire(v, type, table.name);
        } catch (err) {
          throw new WireValueError(
            `${table.name}.${col}: ${(err as Error).message.replace(`${table.name}: `, '')}`,
          );
        }
      }
    }
  }
  if (typeof out._uuid !== 'string') throw new WireValueError(`${table.name}: row without _uuid`);
  return out as NbRow;
}

/**
 * Like rowFromWire, but converts the given wire row object in place and returns it: for big
 * reads this avoids a second copy of every row (the wire rows are ours, fresh from JSON.parse).
 */
export function rowFromWireInPlace(table: TableInfo, wire: Record<string, unknown>): NbRow {
  for (const col in wire) {
    const v = wire[col];
    if (col === '_uuid') wire._uuid = atomFromWire(v, `${table.name}._uuid`);
    else if (col === '_version') delete wire._version;
    else {
      const type = table.columns[col];
      if (!type) delete wire[col];
      else if (typeof v !== 'string') {
        try {
          wire[col] = valueFromWire(v, type, table.name);
        } catch (err) {
          throw new WireValueError(
            `${table.name}.${col}: ${(err as Error).message.replace(`${table.name}: `, '')}`,
          );
        }
      } else if (type.max > 1) wire[col] = [v];
    }
  }
  if (typeof wire._uuid !== 'string') throw new WireValueError(`${table.name}: row without _uuid`);
  return wire as NbRow;
}

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

function defaultAtom(type: ColumnType['key']): Atom {
  switch (type) {
    case 'integer':
    case 'real':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return '';
    case 'uuid':
      return ZERO_UUID;
  }
}

/**
 * The value a column has when a monitor reply leaves it out: OVSDB's default datum
 * (ovsdb_datum_init_default), i.e. `min` default atoms (so a set with min 1 defaults to [""]).
 */
export function defaultValue(type: ColumnType): NativeValue {
  if (type.value !== undefined) {
    if (type.min === 0) return type.key === 'string' ? {} : new Map();
    const k = defaultAtom(type.key);
    const v = defaultAtom(type.value);
    return type.key === 'string' ? { [String(k)]: v } : new Map([[k, v]]);
  }
  if (type.max > 1) return type.min === 0 ? [] : [defaultAtom(type.key)];
  return type.min === 0 ? undefined : defaultAtom(type.key);
}

/** Parses a `get_schema` reply into the column types the formatters need. */
export function schemaInfoFromJson(json: unknown): SchemaInfo {
  const s = json as {
    name?: unknown;
    version?: unknown;
    tables?: Record<string, { columns?: Record<string, { type?: unknown }> }>;
  };
  if (!s || typeof s.name !== 'string' || typeof s.tables !== 'object' || s.tables === null) {
    throw new WireValueError('get_schema reply is not a database schema');
  }
  const tables: Record<string, TableInfo> = {};
  for (const [name, t] of Object.entries(s.tables)) {
    const columns: Record<string, ColumnType> = {};
    for (const [col, c] of Object.entries(t.columns ?? {}))
      columns[col] = parseColumnType(c.type, `${name}.${col}`);
    tables[name] = { name, columns };
  }
  return { name: s.name, version: typeof s.version === 'string' ? s.version : '', tables };
}
