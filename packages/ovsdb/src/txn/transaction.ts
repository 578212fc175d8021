// The immutable transaction builder (RFC 7047 5.2 operations). Each call returns a new builder;
// nothing is validated, encoded or sent until compile() / executeTransaction().
import type { InsertOf, RowOf, TableNameOf, UpdateOf } from '../model/row-types.js';
import type { DatabaseSchema } from '../schema/types.js';
import type { Operation } from '../wire/operation.js';
import { compileOperations } from './compile.js';
import type { NativeCondition, NativeMutation, NativeOperation } from './native-operation.js';
import type { CountOutcome, EmptyOutcome, InsertOutcome, Outcome, SelectOutcome } from './outcome.js';
import type { ConditionOf, MutationOf, PartialRowOf, SelectableColumnOf } from './typed-clauses.js';

/** Options of an insert: the uuid-name to refer to it, or an explicit uuid. */
export interface InsertOptions {
  /** Names the row so later operations can refer to it with namedUuid(name). */
  readonly uuidName?: string;
  /** Open vSwitch 2.13+: the uuid the new row must get (ovsdb-server fails on a duplicate). */
  readonly uuid?: string;
}

/** Options of a wait operation: the columns, the expected rows, the comparison, the timeout. */
export interface WaitOptions<C extends string, Row> {
  /** Columns compared. */
  readonly columns: readonly C[];
  /** `==`: wait until the selected rows equal `rows`; `!=`: until they differ. */
  readonly until: '==' | '!=';
  readonly rows: readonly Row[];
  /** Give up (and fail the transaction with "timed out") after this many ms; 0 checks once. */
  readonly timeoutMs?: number;
}

/** Compiled form: the `transact` params after the database name. */
export interface CompiledTransaction {
  readonly db: string;
  readonly ops: readonly Operation[];
}

type PickRow<Row, C extends PropertyKey> = { [K in keyof Row as K extends C ? K : never]: Row[K] };

/**
 * An immutable, typed transaction builder: each call returns a new builder; `compile()` validates against the
 * schema.
 */
export class Transaction<S extends DatabaseSchema, R extends readonly Outcome[] = []> {
  readonly schema: S;
  // A persistent list (each builder points at the one it extends), so adding an operation is O(1)
  // and a 10k-operation transaction is built in linear time; `operations` is assembled on demand.
  readonly #previous: Transaction<S, readonly Outcome[]> | undefined;
  readonly #last: NativeOperation | undefined;
  readonly #length: number;
  #operations: readonly NativeOperation[] | undefined;

  constructor(schema: S, previous?: Transaction<S, readonly Outcome[]>, op?: NativeOperation) {
    this.schema = schema;
    this.#previous = previous;
    this.#last = op;
    this.#length = previous ? previous.#length + 1 : 0;
    Object.freeze(this);
  }

  get db(): S['name'] {
    return this.schema.name;
  }

  /** The operations so far, in order, as plain data with native values (frozen). */
  get operations(): readonly NativeOperation[] {
    if (!this.#operations) {
      const ops = new Array<NativeOperation>(this.#length);
      let node: Transaction<S, readonly Outcome[]> | undefined = this;
      for (let i = this.#length - 1; i >= 0 && node; i--, node = node.#previous)
        ops[i] = node.#last as NativeOperation;
      this.#operations = Object.freeze(ops);
    }
    return this.#operations;
  }

  private add<O extends Outcome>(op: NativeOperation): Transaction<S, [...R, O]> {
    return new Transaction<S, [...R, O]>(this.schema, this, Object.freeze(op));
  }

  insert<T extends TableNameOf<S>>(
    table: T,
    row: InsertOf<S, T>,
    options: InsertOptions = {},
  ): Transaction<S, [...R, InsertOutcome]> {
    const op: NativeOperation = {
      op: 'insert',
      table,
      row: Object.freeze({ ...(row as Record<string, unknown>) }),
    };
    return this.add({
      ...op,
      ...(options.uuidName !== undefined ? { uuidName: options.uuidName } : {}),
      ...(options.uuid !== undefined ? { uuid: options.uuid } : {}),
    });
  }

  select<T extends TableNameOf<S>, const C extends readonly SelectableColumnOf<S, T>[]>(
    table: T,
    where: readonly ConditionOf<S, T>[],
    options: { readonly columns: C; readonly sort?: readonly SelectableColumnOf<S, T>[] },
  ): Transaction<S, [...R, SelectOutcome<PickRow<RowOf<S, T>, C[number]>>]>;
  select<T extends TableNameOf<S>>(
    table: T,
    where?: readonly ConditionOf<S, T>[],
    options?: { readonly sort?: readonly SelectableColumnOf<S, T>[] },
  ): Transaction<S, [...R, SelectOutcome<RowOf<S, T>>]>;
  /**
   * `sort` is an Open vSwitch extension that ovsdb-server 3.1 honours (RFC 7047 has no such
   * member): rows sorted by those columns, ascending, in OVSDB datum order (fewer elements first,
   * then atom by atom).
   */
  select(
    table: string,
    where: readonly unknown[] = [],
    options: { readonly columns?: readonly string[]; readonly sort?: readonly string[] } = {},
  ): Transaction<S, [...R, Outcome]> {
    return this.add({
      op: 'select',
      table,
      where: clauses(where),
      ...(options.columns ? { columns: Object.freeze([...options.columns]) } : {}),
      ...(options.sort ? { sort: Object.freeze([...options.sort]) } : {}),
    });
  }

  update<T extends TableNameOf<S>>(
    table: T,
    where: readonly ConditionOf<S, T>[],
    row: UpdateOf<S, T>,
  ): Transaction<S, [...R, CountOutcome<'update'>]> {
    return this.add({
      op: 'update',
      table,
      where: clauses(where),
      row: Object.freeze({ ...(row as Record<string, unknown>) }),
    });
  }

  mutate<T extends TableNameOf<S>>(
    table: T,
    where: readonly ConditionOf<S, T>[],
    mutations: readonly MutationOf<S, T>[],
  ): Transaction<S, [...R, CountOutcome<'mutate'>]> {
    return this.add({
      op: 'mutate',
      table,
      where: clauses(where),
      mutations: clauses(mutations) as readonly NativeMutation[],
    });
  }

  delete<T extends TableNameOf<S>>(
    table: T,
    where: readonly ConditionOf<S, T>[],
  ): Transaction<S, [...R, CountOutcome<'delete'>]> {
    return this.add({ op: 'delete', table, where: clauses(where) });
  }

  wait<T extends TableNameOf<S>, C extends SelectableColumnOf<S, T>>(
    table: T,
    where: readonly ConditionOf<S, T>[],
    options: WaitOptions<C, PartialRowOf<S, T>>,
  ): Transaction<S, [...R, EmptyOutcome<'wait'>]> {
    return this.add({
      op: 'wait',
      table,
      where: clauses(where),
      columns: Object.freeze([...options.columns]),
      until: options.until,
      rows: Object.freeze(options.rows.map((r) => Object.freeze({ ...(r as Record<string, unknown>) }))),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  /** Asks for the transaction to be durable on disk before the reply (`durable: true`). */
  commit(durable = true): Transaction<S, [...R, EmptyOutcome<'commit'>]> {
    return this.add({ op: 'commit', durable });
  }

  /** Makes the whole transaction fail with "aborted" (useful to dry-run earlier operations). */
  abort(): Transaction<S, [...R, EmptyOutcome<'abort'>]> {
    return this.add({ op: 'abort' });
  }

  /** Adds text that ovsdb-server writes to its log with the transaction. */
  comment(comment: string): Transaction<S, [...R, EmptyOutcome<'comment'>]> {
    return this.add({ op: 'comment', comment });
  }

  /** Fails the transaction unless this client holds `lock`. */
  assert(lock: string): Transaction<S, [...R, EmptyOutcome<'assert'>]> {
    return this.add({ op: 'assert', lock });
  }

  /**
   * Validates every operation against the schema and encodes them to the wire form.
   * Throws ValidationError listing every problem; nothing is half-compiled.
   */
  compile(): CompiledTransaction {
    return { db: this.schema.name, ops: compileOperations(this.schema, this.operations) };
  }
}

function clauses(list: readonly unknown[]): readonly NativeCondition[] {
  return Object.freeze(
    list.map((c) =>
      typeof c === 'boolean'
        ? c
        : (Object.freeze([...(c as readonly unknown[])]) as unknown as NativeCondition),
    ),
  );
}

/** Starts an empty transaction on the database `schema` describes (a generated descriptor). */
export function txn<S extends DatabaseSchema>(schema: S): Transaction<S> {
  return new Transaction(schema);
}
