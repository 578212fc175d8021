// Compile-time mapping from a schema descriptor (an `as const` DatabaseSchema) to native types,
// following docs/design/contracts.md. Codegen writes the same types out by name; a type test
// checks the two agree for every table of every generated schema.
import type { AtomicType, BaseType, ColumnType, DatabaseSchema } from '../schema/types.js';
import type { NamedUuid } from './named-uuid.js';

/** Re-maps an intersection into one flat object type, keeping readonly and optional modifiers. */
type Flatten<T> = T extends infer U ? { [K in keyof U]: U[K] } : never;

type IntegerOf<B> = B extends { readonly minInteger: number; readonly maxInteger: number }
  ? number
  : number | bigint;

/** The native atom read from the server for a base type (enum -> literal union). */
export type AtomOf<B extends BaseType> = AtomicType extends B['type']
  ? number | bigint | boolean | string
  : B extends { readonly enum: ReadonlyArray<infer E> }
    ? E
    : B['type'] extends 'integer'
      ? IntegerOf<B>
      : B['type'] extends 'real'
        ? number
        : B['type'] extends 'boolean'
          ? boolean
          : string;

/** The native atom accepted when writing: any integer as number or bigint; uuids may be named. */
export type WriteAtomOf<B extends BaseType> = AtomicType extends B['type']
  ? number | bigint | boolean | string | NamedUuid
  : B extends { readonly enum: ReadonlyArray<infer E> }
    ? E
    : B['type'] extends 'integer'
      ? number | bigint
      : B['type'] extends 'real'
        ? number
        : B['type'] extends 'boolean'
          ? boolean
          : B['type'] extends 'uuid'
            ? string | NamedUuid
            : string;

type MapOf<K extends BaseType, KA, V> = K['type'] extends 'string'
  ? Readonly<Record<string, V>>
  : ReadonlyMap<KA, V>;

/** Native value of a column as read: atom, atom | undefined, readonly array, Record or Map. */
export type ColumnValue<T extends ColumnType> = T extends { readonly value: infer V extends BaseType }
  ? MapOf<T['key'], AtomOf<T['key']>, AtomOf<V>>
  : T['max'] extends 1
    ? T['min'] extends 1
      ? AtomOf<T['key']>
      : AtomOf<T['key']> | undefined
    : readonly AtomOf<T['key']>[];

/** Native value of a column as written (insert, update, conditions, wait rows). */
export type WriteValue<T extends ColumnType> = T extends { readonly value: infer V extends BaseType }
  ? MapOf<T['key'], WriteAtomOf<T['key']>, WriteAtomOf<V>>
  : T['max'] extends 1
    ? T['min'] extends 1
      ? WriteAtomOf<T['key']>
      : WriteAtomOf<T['key']> | undefined
    : readonly WriteAtomOf<T['key']>[];

type DefaultOf<A> = A extends 'string' ? '' : A extends 'boolean' ? false : A extends 'uuid' ? never : 0;
type IsPositive<N> = N extends number | bigint ? (`${N}` extends `-${string}` | '0' ? false : true) : false;
type IsNegative<N> = N extends number | bigint ? (`${N}` extends `-${string}` ? true : false) : false;
type EnumBad<B> = B extends { readonly enum: ReadonlyArray<infer E>; readonly type: infer A }
  ? DefaultOf<A> extends E
    ? false
    : true
  : false;
type RangeBad<B> =
  | (B extends { readonly minInteger: infer L } ? IsPositive<L> : false)
  | (B extends { readonly maxInteger: infer H } ? IsNegative<H> : false)
  | (B extends { readonly minReal: infer L } ? IsPositive<L> : false)
  | (B extends { readonly maxReal: infer H } ? IsNegative<H> : false);
type LengthBad<B> = B extends { readonly minLength: infer L } ? (L extends 0 ? false : true) : false;
type RefBad<B> = B extends { readonly refTable: string } ? true : false;
/** Mirrors defaultAtomIsValid(): true when the type's default atom breaks a constraint. */
type DefaultInvalid<B> = true extends EnumBad<B> | RangeBad<B> | LengthBad<B> | RefBad<B> ? true : false;

/** Mirrors isRequiredOnInsert(). */
export type IsRequiredOnInsert<T extends ColumnType> = T['min'] extends 1
  ? true extends
      | DefaultInvalid<T['key']>
      | (T extends { readonly value: infer V } ? DefaultInvalid<V> : false)
    ? true
    : false
  : false;

/** The table names of a schema. */
export type TableNameOf<S extends DatabaseSchema> = keyof S['tables'] & string;
type ColumnsOf<S extends DatabaseSchema, T extends TableNameOf<S>> = S['tables'][T]['columns'];
/** The column names of a table. */
export type ColumnNameOf<S extends DatabaseSchema, T extends TableNameOf<S>> = keyof ColumnsOf<S, T> & string;
/** The native type of one column. */
export type ColumnTypeOf<
  S extends DatabaseSchema,
  T extends TableNameOf<S>,
  C extends ColumnNameOf<S, T>,
> = ColumnsOf<S, T>[C]['type'];

/** A row as read: `_uuid`, optional `_version`, every column (all readonly). */
export type RowOf<S extends DatabaseSchema, T extends TableNameOf<S>> = Flatten<
  { readonly _uuid: string; readonly _version?: string } & {
    readonly [C in ColumnNameOf<S, T>]: ColumnValue<ColumnTypeOf<S, T, C>>;
  }
>;

type RequiredKeys<S extends DatabaseSchema, T extends TableNameOf<S>> = {
  [C in ColumnNameOf<S, T>]: IsRequiredOnInsert<ColumnTypeOf<S, T, C>> extends true ? C : never;
}[ColumnNameOf<S, T>];

/**
 * What insert accepts: every column, optional unless the server would reject its default
 * (see isRequiredOnInsert). `_uuid` and `_version` are never written.
 */
export type InsertOf<S extends DatabaseSchema, T extends TableNameOf<S>> = Flatten<
  { [C in RequiredKeys<S, T>]: WriteValue<ColumnTypeOf<S, T, C>> } & {
    [C in Exclude<ColumnNameOf<S, T>, RequiredKeys<S, T>>]?: WriteValue<ColumnTypeOf<S, T, C>>;
  }
>;

/** The columns of a table that may be updated (not immutable, not `_uuid`/`_version`). */
export type MutableColumnOf<S extends DatabaseSchema, T extends TableNameOf<S>> = {
  [C in ColumnNameOf<S, T>]: ColumnsOf<S, T>[C] extends { readonly mutable: false } ? never : C;
}[ColumnNameOf<S, T>];

/** What update accepts: any subset of the mutable columns. */
export type UpdateOf<S extends DatabaseSchema, T extends TableNameOf<S>> = {
  [C in MutableColumnOf<S, T>]?: WriteValue<ColumnTypeOf<S, T, C>>;
};
