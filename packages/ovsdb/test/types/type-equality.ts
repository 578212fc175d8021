// Compile-time assertion helpers for the type tests.
import type { DatabaseSchema, InsertOf, RowOf, TableNameOf, UpdateOf } from '@ovnkit/ovsdb';

/** true only when X and Y are identical types (modifiers included). */
export type Equals<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

type AllTrue<T> = T[keyof T] extends true ? true : false;

/** true when the generated name -> type maps equal what the descriptor infers, for every table. */
export type GeneratedTypesMatch<S extends DatabaseSchema, Rows, Inserts, Updates> = [
  Equals<keyof Rows, TableNameOf<S>>,
  AllTrue<{ [T in TableNameOf<S>]: T extends keyof Rows ? Equals<Rows[T], RowOf<S, T>> : false }>,
  AllTrue<{ [T in TableNameOf<S>]: T extends keyof Inserts ? Equals<Inserts[T], InsertOf<S, T>> : false }>,
  AllTrue<{ [T in TableNameOf<S>]: T extends keyof Updates ? Equals<Updates[T], UpdateOf<S, T>> : false }>,
] extends [true, true, true, true]
  ? true
  : false;

/** Compiles only when T is exactly `true`. */
export function assertType<T extends true>(_proof?: T): void {}
