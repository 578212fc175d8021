// The public entry: openSession(options) starts connecting at once and returns the Session.
// Given a generated schema descriptor (`schema`), the replica's row types follow from `tables`:
// `_uuid` plus the replicated columns, so a column left out is not in the type.
import type { ColumnNameOf, ColumnTypeOf, ColumnValue, TableNameOf } from '../model/row-types.js';
import type { IndexNameOf } from '../replica/index-names.js';
import type { IndexSpec, TableRows } from '../replica/types.js';
import type { DatabaseSchema } from '../schema/types.js';
import { connectWithClient } from './client-adapter.js';
import { SessionConfigError } from './errors.js';
import type { SessionOptions, SessionTableOptions } from './options.js';
import { Session } from './session.js';

/** Tables to replicate from a schema descriptor, each with its columns (all when omitted). */
export type SchemaTableSelection<S extends DatabaseSchema> = {
  readonly [T in TableNameOf<S>]?: Omit<SessionTableOptions, 'columns'> & {
    readonly columns?: readonly ColumnNameOf<S, T>[];
  };
};

/** `_uuid` and columns `C` of table `T`, as the replica holds them. */
export type ReplicatedRow<S extends DatabaseSchema, T extends TableNameOf<S>, C extends string> = {
  readonly [K in '_uuid' | C]: K extends '_uuid'
    ? string
    : ColumnValue<ColumnTypeOf<S, T, K & ColumnNameOf<S, T>>>;
};

/** A replicated row: `_uuid` and the selected columns (every column when none are listed). */
export type ReplicatedRowOf<S extends DatabaseSchema, T extends TableNameOf<S>, Sel> = Sel extends {
  readonly columns: readonly (infer C)[];
}
  ? ReplicatedRow<S, T, C & ColumnNameOf<S, T>>
  : ReplicatedRow<S, T, ColumnNameOf<S, T>>;

/** The replica's tables: name -> replicated row type. */
export type ReplicatedRows<S extends DatabaseSchema, Tables> = {
  readonly [T in keyof Tables & TableNameOf<S>]: ReplicatedRowOf<S, T, Tables[T]>;
};

/** openSession options with a schema descriptor: `db` defaults to its name; index names are checked. */
export type SchemaSessionOptions<S extends DatabaseSchema, Tables extends SchemaTableSelection<S>> = Omit<
  SessionOptions,
  'db' | 'tables' | 'indexes'
> & {
  /** A generated descriptor, e.g. `OVN_Northbound` from `@ovnkit/ovsdb/schemas/ovn-nb`. */
  readonly schema: S;
  readonly db?: S['name'];
  readonly tables: Tables;
  readonly indexes?: {
    readonly [T in keyof Tables & TableNameOf<S>]?: readonly (
      | IndexNameOf<ReplicatedRowOf<S, T, Tables[T]>>
      | IndexSpec
    )[];
  };
};

/**
 * Opens a session that keeps a replica of `options.tables` of `options.db` in sync (see Session).
 * `await session.ready` for the first snapshot; `session.close()` when done.
 */
export function openSession<S extends DatabaseSchema, const Tables extends SchemaTableSelection<S>>(
  options: SchemaSessionOptions<S, Tables>,
): Session<ReplicatedRows<S, Tables>>;
/** Opens a session on untyped (or hand-typed) rows `T`, the tables given by name. */
export function openSession<T extends TableRows = TableRows>(options: SessionOptions): Session<T>;
export function openSession(
  options: SessionOptions | { readonly schema: DatabaseSchema; readonly db?: string },
  // biome-ignore lint/suspicious/noExplicitAny: the overloads above give the precise row types
): Session<any> {
  if (!('schema' in options)) return new Session(options, connectWithClient);
  const { schema, ...rest } = options as { readonly schema: DatabaseSchema; readonly db?: string };
  if (rest.db !== undefined && rest.db !== schema.name)
    throw new SessionConfigError(`db "${rest.db}" is not the schema's database "${schema.name}"`);
  return new Session({ ...rest, db: schema.name } as SessionOptions, connectWithClient);
}
