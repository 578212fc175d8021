// Index names a row type allows, so that a misspelt index fails to compile: parts (a column or
// `map_column:key`) joined by "," (beyond two parts only the first two are checked). Untyped
// rows (the bare ReplicaRow) accept any string.
import type { ReplicaRow } from './types.js';

type ColumnOf<R> = Exclude<keyof R & string, '_version'>;

type MapColumnOf<R> = {
  [K in ColumnOf<R>]: R[K] extends readonly unknown[]
    ? never
    : R[K] extends ReadonlyMap<unknown, unknown> | Readonly<Record<string, unknown>>
      ? K
      : never;
}[ColumnOf<R>];

/** One part of an index: a column, or one key of a map column (`map_column:key`). */
export type IndexPartOf<R> = ReplicaRow extends R ? string : ColumnOf<R> | `${MapColumnOf<R>}:${string}`;

/** The name of an index on rows `R`: one to three parts joined by `,` (any string for untyped rows). */
export type IndexNameOf<R> = ReplicaRow extends R
  ? string
  : IndexPartOf<R> | `${IndexPartOf<R>},${IndexPartOf<R>}` | `${IndexPartOf<R>},${IndexPartOf<R>},${string}`;
