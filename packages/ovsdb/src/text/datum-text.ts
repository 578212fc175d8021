// A whole column value (native form, docs/design/contracts.md) in OVSDB's string syntax
// (ovsdb_datum_to_string: what ovsdb-client dump prints) or bare syntax (ovsdb_datum_to_bare),
// with sets and maps in the order OVSDB keeps them.
import { type ColumnType, maxOf } from '../schema/types.js';
import { compareAtoms, type NativeAtom } from './atom-order.js';
import { atomToBare, atomToString } from './atom-text.js';

/** Any native column value: an atom, undefined (empty optional), a set, or a map. */
export type NativeValue =
  | NativeAtom
  | undefined
  | readonly NativeAtom[]
  | Readonly<Record<string, NativeAtom>>
  | ReadonlyMap<NativeAtom, NativeAtom>;

/** A set element (value undefined) or a map pair. */
export type DatumPair = readonly [NativeAtom, NativeAtom | undefined];

/** The value's (key, value) pairs, sorted as OVSDB sorts them. */
export function datumPairs(value: NativeValue, type: ColumnType): DatumPair[] {
  let pairs: DatumPair[];
  if (value === undefined || value === null) pairs = [];
  else if (Array.isArray(value)) pairs = (value as readonly NativeAtom[]).map((k) => [k, undefined] as const);
  else if (value instanceof Map)
    pairs = [...(value as ReadonlyMap<NativeAtom, NativeAtom>)].map(([k, v]) => [k, v] as const);
  else if (typeof value === 'object')
    pairs = Object.entries(value as Record<string, NativeAtom>).map(([k, v]) => [k, v] as const);
  else pairs = [[value as NativeAtom, undefined]];
  if (pairs.length > 1) pairs.sort((x, y) => compareAtoms(x[0], y[0], type.key.type));
  return pairs;
}

/** A column value as ovsdb text, as `list` prints it. */
export function datumToString(value: NativeValue, type: ColumnType): string {
  const pairs = datumPairs(value, type);
  const map = type.value;
  const parts = pairs.map(([k, v]) =>
    map
      ? `${atomToString(k, type.key.type)}=${atomToString(v as NativeAtom, map.type)}`
      : atomToString(k, type.key.type),
  );
  const body = parts.join(', ');
  return maxOf(type) > 1 || pairs.length === 0 ? (map ? `{${body}}` : `[${body}]`) : body;
}

/** A column value as `--bare` prints it. */
export function datumToBare(value: NativeValue, type: ColumnType): string {
  const map = type.value;
  return datumPairs(value, type)
    .map(([k, v]) =>
      map
        ? `${atomToBare(k, type.key.type)}=${atomToBare(v as NativeAtom, map.type)}`
        : atomToBare(k, type.key.type),
    )
    .join(' ');
}
