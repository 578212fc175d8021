// Typed conditions, mutations and wait rows for one table of a schema descriptor. Illegal
// combinations fail to compile: ordering only on single-valued integer/real columns, `%=` only
// on integers, arithmetic never on maps, insert/delete only on sets and maps, values typed per
// column.
import type { NamedUuid } from '../model/named-uuid.js';
import type {
  ColumnNameOf,
  ColumnTypeOf,
  MutableColumnOf,
  TableNameOf,
  WriteAtomOf,
  WriteValue,
} from '../model/row-types.js';
import type { ColumnType, DatabaseSchema } from '../schema/types.js';

/** Condition functions valid on every column. */
export type EqualityFunction = '==' | '!=' | 'includes' | 'excludes';
/** Condition functions valid only on single-valued integer and real columns. */
export type OrderingFunction = '<' | '<=' | '>' | '>=';
/** Mutators valid on integer and real columns. */
export type ArithmeticMutator = '+=' | '-=' | '*=' | '/=';

type IsMap<CT> = CT extends { readonly value: unknown } ? true : false;
type IsNumber<CT extends ColumnType> = CT['key']['type'] extends 'integer' | 'real' ? true : false;
type IsSingle<CT extends ColumnType> = CT['max'] extends 1 ? true : false;
type IsCollection<CT extends ColumnType> =
  IsMap<CT> extends true ? true : IsSingle<CT> extends true ? (CT['min'] extends 1 ? false : true) : true;

type ColumnCondition<C extends string, CT extends ColumnType> =
  | readonly [C, EqualityFunction, WriteValue<CT>]
  | (IsNumber<CT> extends true
      ? IsSingle<CT> extends true
        ? IsMap<CT> extends true
          ? never
          : readonly [C, OrderingFunction, WriteAtomOf<CT['key']>]
        : never
      : never);

/**
 * `[column, function, value]` for a table; `_uuid` and `_version` compare with uuids. `true`
 * matches every row and `false` none (an Open vSwitch extension).
 */
export type ConditionOf<S extends DatabaseSchema, T extends TableNameOf<S>> =
  | boolean
  | { [C in ColumnNameOf<S, T>]: ColumnCondition<C, ColumnTypeOf<S, T, C>> }[ColumnNameOf<S, T>]
  | readonly ['_uuid' | '_version', EqualityFunction, string | NamedUuid];

/** Elements (or, for maps, keys) as a native set: the value of set insert/delete mutations. */
type ElementsOf<CT extends ColumnType> = readonly WriteAtomOf<CT['key']>[];

type ColumnMutation<C extends string, CT extends ColumnType> =
  | (IsNumber<CT> extends true
      ? IsMap<CT> extends true
        ? never
        : readonly [
            C,
            ArithmeticMutator | (CT['key']['type'] extends 'integer' ? '%=' : never),
            WriteAtomOf<CT['key']>,
          ]
      : never)
  | (IsCollection<CT> extends true
      ? IsMap<CT> extends true
        ? readonly [C, 'insert', WriteValue<CT>] | readonly [C, 'delete', WriteValue<CT> | ElementsOf<CT>]
        : readonly [C, 'insert' | 'delete', ElementsOf<CT>]
      : never);

/** `[column, mutator, value]` for a table's mutable columns. */
export type MutationOf<S extends DatabaseSchema, T extends TableNameOf<S>> = {
  [C in MutableColumnOf<S, T>]: ColumnMutation<C, ColumnTypeOf<S, T, C>>;
}[MutableColumnOf<S, T>];

/** A row fragment for `wait`: any columns, written as for insert. */
export type PartialRowOf<S extends DatabaseSchema, T extends TableNameOf<S>> = {
  [C in ColumnNameOf<S, T>]?: WriteValue<ColumnTypeOf<S, T, C>>;
};

/** Columns a select or wait may name. */
export type SelectableColumnOf<S extends DatabaseSchema, T extends TableNameOf<S>> =
  | ColumnNameOf<S, T>
  | '_uuid'
  | '_version';
