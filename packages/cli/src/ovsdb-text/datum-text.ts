// A whole column value (native form, see docs/design/contracts.md) in OVSDB string syntax
// (ovsdb_datum_to_string) or bare syntax (ovsdb_datum_to_bare), with the set/map order OVSDB keeps.
import { type Atom, atomToBare, atomToString, compareAtoms } from './atom-text.js';
import { type ColumnType, isMapType } from './column-type.js';

export type NativeValue =
  | Atom
  | undefined
  | readonly Atom[]
  | Readonly<Record<string, Atom>>
  | ReadonlyMap<Atom, Atom>;

type Pair = readonly [Atom, Atom | undefined];

/** The datum's (key, value) pairs, sorted as OVSDB sorts them. */
export function datumPairs(value: NativeValue, type: ColumnType): Pair[] {
  let pairs: Pair[];
  if (value === undefined || value === null) pairs = [];
  else if (Array.isArray(value)) pairs = (value as readonly Atom[]).map((k) => [k, undefined] as const);
  else if (value instanceof Map)
    pairs = [...(value as ReadonlyMap<Atom, Atom>)].map(([k, v]) => [k, v] as const);
  else if (typeof value === 'object')
    pairs = Object.entries(value as Record<string, Atom>).map(([k, v]) => [k, v] as const);
  else pairs = [[value as Atom, undefined]];
  if (pairs.length > 1) pairs.sort((x, y) => compareAtoms(x[0], y[0], type.key));
  return pairs;
}

export function datumToString(value: NativeValue, type: ColumnType): string {
  const pairs = datumPairs(value, type);
  const map = isMapType(type);
  const parts = pairs.map(([k, v]) =>
    map ? `${atomToString(k, type.key)}=${atomToString(v as Atom, type.value!)}` : atomToString(k, type.key),
  );
  const body = parts.join(', ');
  return type.max > 1 || pairs.length === 0 ? (map ? `{${body}}` : `[${body}]`) : body;
}

export function datumToBare(value: NativeValue, type: ColumnType): string {
  const map = isMapType(type);
  return datumPairs(value, type)
    .map(([k, v]) =>
      map ? `${atomToBare(k, type.key)}=${atomToBare(v as Atom, type.value!)}` : atomToBare(k, type.key),
    )
    .join(' ');
}
