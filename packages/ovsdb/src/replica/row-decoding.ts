// Building frozen native rows from the three wire forms: full rows (update `new`, update2
// `initial`/`insert`, where update2 leaves out columns holding their default) and update2 `modify`
// diffs. A modified row is a new object; columns the update did not touch keep their old values
// (same references), which keeps memory shared between old and new rows.
import type { ValueDecoder } from '../model/value-codec.js';
import { applyColumnDiff, defineSetColumn, recordSetVersions, setVersionsOf } from './large-set-columns.js';
import { SetVersion } from './set-versions.js';
import type { ReplicaRow, TableCodec } from './types.js';

type Mutable = Record<string, unknown>;

/** A row from a full wire row; columns missing from it take `base`'s value, else the default. */
export function decodeRow(
  codec: TableCodec,
  uuid: string,
  wire: Record<string, unknown>,
  base?: ReplicaRow,
): ReplicaRow {
  const { names, codecs, build } = planOf(codec);
  const id = codec.intern ? codec.intern(uuid) : uuid;
  const prev = base as unknown as Mutable | undefined;
  if (build) return Object.freeze(build(id, wire, prev, codecs)) as unknown as ReplicaRow;
  const row: Mutable = { _uuid: id };
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const w = wire[name];
    row[name] = w !== undefined ? codecs[i]!.decode(w) : prev ? prev[name] : codecs[i]!.defaultValue;
  }
  return Object.freeze(row) as unknown as ReplicaRow;
}

/** decodeRow's loop as one object literal: the row's columns all sit inside the object. */
type RowBuilder = (
  uuid: string,
  wire: Record<string, unknown>,
  prev: Mutable | undefined,
  codecs: readonly ValueDecoder[],
) => Mutable;

interface Plan {
  readonly names: readonly string[];
  readonly codecs: readonly ValueDecoder[];
  readonly build: RowBuilder | undefined;
}
const plans = new WeakMap<TableCodec, Plan>();

/** The codec's columns as arrays (iterating a Map with destructuring costs more per row). */
function planOf(codec: TableCodec): Plan {
  let p = plans.get(codec);
  if (!p) {
    const names = [...codec.columns.keys()];
    p = { names, codecs: [...codec.columns.values()], build: rowBuilder(names) };
    plans.set(codec, p);
  }
  return p;
}

// A row built by adding columns one by one to `{ _uuid }` keeps one of them inside the object and
// the rest in a separate property array: about 24 bytes more per row than an object literal with
// every column, which V8 lays out inline. Column names are JSON string literals in the generated
// code (the schema checked them; "__proto__" would set the prototype in a literal, so such a
// table, and one too wide to lay out inline, keeps the loop). The literal evaluates the columns in
// the loop's order, so the same column's error is the one thrown.
const MAX_INLINE_COLUMNS = 64;

function rowBuilder(names: readonly string[]): RowBuilder | undefined {
  if (names.length > MAX_INLINE_COLUMNS || names.includes('__proto__') || names.includes('_uuid'))
    return undefined;
  const columns = names.map((n, i) => {
    const key = JSON.stringify(n);
    return `${key}: (w = wire[${key}]) !== undefined ? codecs[${i}].decode(w) : prev ? prev[${key}] : codecs[${i}].defaultValue`;
  });
  return new Function(
    'uuid',
    'wire',
    'prev',
    'codecs',
    `let w;\nreturn { _uuid: uuid, ${columns.join(',\n')} };`,
  ) as RowBuilder;
}

/**
 * The row after an update2 `modify` diff. Large set columns are carried as SetVersions (see
 * large-set-columns.ts): neither the diff nor an untouched column copies or even reads the set.
 */
export function applyModify(codec: TableCodec, old: ReplicaRow, diff: Record<string, unknown>): ReplicaRow {
  const prev = old as unknown as Mutable;
  const prevSets = setVersionsOf(old);
  const row: Mutable = { _uuid: old._uuid };
  let sets: Map<string, SetVersion> | undefined;
  for (const [name, col] of codec.columns) {
    const d = diff[name];
    const cur = prevSets?.get(name) ?? prev[name];
    const v = d !== undefined ? applyColumnDiff(col, cur, d) : cur;
    if (v instanceof SetVersion) {
      sets ??= new Map();
      sets.set(name, v);
      defineSetColumn(row, name, v);
    } else row[name] = v;
  }
  if (sets) recordSetVersions(row, sets);
  return Object.freeze(row) as unknown as ReplicaRow;
}

/** Structural equality of native values (sets compared in order: the codecs normalise order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    if (a.every((x, i) => sameValue(x, b[i]))) return true;
    // Sets may come in any order from the server.
    const rest = [...b];
    return a.every((x) => {
      const i = rest.findIndex((y) => sameValue(x, y));
      if (i < 0) return false;
      rest.splice(i, 1);
      return true;
    });
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !sameValue(v, b.get(k))) return false;
    return true;
  }
  if (b instanceof Map || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !sameValue((a as Mutable)[k], (b as Mutable)[k])) return false;
  }
  return true;
}

/** True when every replicated column of the two rows holds the same value. */
export function sameRow(codec: TableCodec, a: ReplicaRow, b: ReplicaRow): boolean {
  const x = a as unknown as Mutable;
  const y = b as unknown as Mutable;
  for (const name of codec.columns.keys()) {
    if (!(name in x) || !sameValue(x[name], y[name])) return false;
  }
  return true;
}
