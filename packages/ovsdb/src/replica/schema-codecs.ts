// Column codecs built from a parsed schema: wire value -> native value (docs/design/contracts.md)
// and update2 diffs applied directly to native values. Tuned for the replica's hot path: no
// intermediate wire values, one shared frozen object for every empty set and map.
import { type ColumnType, columnShape, type DatabaseSchema } from '../schema/types.js';
import { ReplicaError } from './errors.js';
import type { ColumnCodec, TableCodec } from './types.js';

const EMPTY_ARRAY: readonly unknown[] = Object.freeze([]);
const EMPTY_RECORD: Readonly<Record<string, unknown>> = Object.freeze({});
const EMPTY_MAP: ReadonlyMap<unknown, unknown> = Object.freeze(new Map());

/** A column the caller asked for is not in the server's schema. */
export class UnknownSchemaColumnError extends ReplicaError {
  override name = 'UnknownSchemaColumnError';
  constructor(
    readonly table: string,
    readonly column: string,
    known: readonly string[],
  ) {
    super(`table "${table}" has no column "${column}" (columns: ${known.join(', ')})`);
  }
}

/** A table the caller asked for is not in the server's schema. */
export class UnknownSchemaTableError extends ReplicaError {
  override name = 'UnknownSchemaTableError';
  constructor(
    readonly table: string,
    known: readonly string[],
  ) {
    super(`the database schema has no table "${table}" (tables: ${known.join(', ')})`);
  }
}

/** A wire value that does not fit its column type. */
export class ColumnValueError extends ReplicaError {
  override name = 'ColumnValueError';
}

function atom(w: unknown): unknown {
  // ["uuid", s] -> s; numbers, bigints, booleans and strings are already native.
  if (Array.isArray(w)) {
    if (w[0] === 'uuid' && typeof w[1] === 'string') return w[1];
    throw new ColumnValueError(`expected an atom, got ${JSON.stringify(w)}`);
  }
  return w;
}

function elements(w: unknown): readonly unknown[] {
  if (Array.isArray(w) && w[0] === 'set') return w[1] as unknown[];
  return [w];
}

function pairsOf(w: unknown): ReadonlyArray<readonly [unknown, unknown]> {
  if (Array.isArray(w) && w[0] === 'map' && Array.isArray(w[1])) return w[1] as Array<[unknown, unknown]>;
  throw new ColumnValueError(`expected a map, got ${JSON.stringify(w)}`);
}

const scalarCodec = (empty: unknown): ColumnCodec => ({
  decode: atom,
  applyDiff: (_cur, diff) => atom(diff),
  empty,
});

const optionalCodec: ColumnCodec = {
  decode(w) {
    const e = elements(w);
    return e.length === 0 ? undefined : atom(e[0]);
  },
  // A max-1 column's diff is its whole new value.
  applyDiff(_cur, diff) {
    return optionalCodec.decode(diff);
  },
  empty: undefined,
};

const setCodec: ColumnCodec = {
  decode(w) {
    const e = elements(w);
    if (e.length === 0) return EMPTY_ARRAY;
    const out = new Array<unknown>(e.length);
    for (let i = 0; i < e.length; i++) out[i] = atom(e[i]);
    return Object.freeze(out);
  },
  applyDiff(cur, diff) {
    // Symmetric difference: an element in the diff is removed if present, added if not.
    const toggled = new Set((setCodec.decode(diff) as unknown[]) ?? []);
    const out: unknown[] = [];
    for (const x of cur as unknown[]) {
      if (toggled.has(x)) toggled.delete(x);
      else out.push(x);
    }
    for (const x of toggled) out.push(x);
    return out.length === 0 ? EMPTY_ARRAY : Object.freeze(out);
  },
  empty: EMPTY_ARRAY,
};

const recordMapCodec: ColumnCodec = {
  decode(w) {
    const pairs = pairsOf(w);
    if (pairs.length === 0) return EMPTY_RECORD;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i]!;
      const k = p[0] as string;
      const v = p[1];
      const nv = typeof v === 'string' ? v : atom(v);
      // defineProperty, not assignment: a "__proto__" key must stay an ordinary key.
      if (k === '__proto__') Object.defineProperty(out, k, { value: nv, enumerable: true });
      else out[k] = nv;
    }
    return Object.freeze(out);
  },
  applyDiff(cur, diff) {
    const out: Record<string, unknown> = { ...(cur as Record<string, unknown>) };
    for (const [k, w] of pairsOf(diff)) {
      const key = k as string;
      const v = atom(w);
      if (Object.hasOwn(out, key) && out[key] === v) delete out[key];
      else
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return Object.keys(out).length === 0 ? EMPTY_RECORD : Object.freeze(out);
  },
  empty: EMPTY_RECORD,
};

const mapCodec: ColumnCodec = {
  decode(w) {
    const pairs = pairsOf(w);
    if (pairs.length === 0) return EMPTY_MAP;
    return new Map(pairs.map(([k, v]) => [atom(k), atom(v)]));
  },
  applyDiff(cur, diff) {
    const out = new Map(cur as ReadonlyMap<unknown, unknown>);
    for (const [k, w] of pairsOf(diff)) {
      const key = atom(k);
      const v = atom(w);
      if (out.has(key) && out.get(key) === v) out.delete(key);
      else out.set(key, v);
    }
    return out.size === 0 ? EMPTY_MAP : out;
  },
  empty: EMPTY_MAP,
};

const scalarDefaults: Record<string, unknown> = {
  integer: 0,
  real: 0,
  boolean: false,
  string: '',
  uuid: '00000000-0000-0000-0000-000000000000',
};
const scalarCodecs = new Map(Object.entries(scalarDefaults).map(([t, d]) => [t, scalarCodec(d)]));

/** The codec of one column type. */
export function columnCodec(t: ColumnType): ColumnCodec {
  switch (columnShape(t)) {
    case 'scalar':
      return scalarCodecs.get(t.key.type)!;
    case 'optional':
      return optionalCodec;
    case 'set':
      return setCodec;
    case 'map':
      return t.key.type === 'string' ? recordMapCodec : mapCodec;
  }
}

/** Which columns of a table to replicate (all when omitted). */
export interface TableSelection {
  readonly columns?: readonly string[];
}

/**
 * Codecs for the selected tables and columns of `schema`, in schema column order; schema indexes
 * are kept only when all their columns are replicated.
 */
export function tableCodecsFromSchema(
  schema: DatabaseSchema,
  tables: Readonly<Record<string, TableSelection>>,
): Record<string, TableCodec> {
  const out: Record<string, TableCodec> = {};
  for (const [name, sel] of Object.entries(tables)) {
    const ts = schema.tables[name];
    if (!ts) throw new UnknownSchemaTableError(name, Object.keys(schema.tables));
    const all = Object.keys(ts.columns);
    const wanted = sel.columns ?? all;
    for (const c of wanted) if (!ts.columns[c]) throw new UnknownSchemaColumnError(name, c, all);
    const columns = new Map<string, ColumnCodec>();
    for (const c of wanted) columns.set(c, columnCodec(ts.columns[c]!.type));
    out[name] = { columns, uniqueIndexes: ts.indexes };
  }
  return out;
}
