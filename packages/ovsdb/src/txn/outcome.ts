// Typed results of a transaction, one per operation, in order.
/** The result of an insert: the new row's uuid, and its uuid-name if it had one. */
export interface InsertOutcome {
  readonly op: 'insert';
  /** The uuid the server gave the new row. */
  readonly uuid: string;
  readonly uuidName?: string;
}
/** The result of a select: the decoded, frozen rows. */
export interface SelectOutcome<Row> {
  readonly op: 'select';
  readonly rows: readonly Row[];
}
/** The result of an update, mutate or delete: how many rows it touched. */
export interface CountOutcome<Op extends 'update' | 'mutate' | 'delete'> {
  readonly op: Op;
  /** Rows matched by `where`. */
  readonly count: number;
}
/** The result of an operation that returns nothing. */
export interface EmptyOutcome<Op extends 'wait' | 'commit' | 'abort' | 'comment' | 'assert'> {
  readonly op: Op;
}

/** Any typed operation result. */
export type Outcome =
  | InsertOutcome
  | SelectOutcome<unknown>
  | CountOutcome<'update' | 'mutate' | 'delete'>
  | EmptyOutcome<'wait' | 'commit' | 'abort' | 'comment' | 'assert'>;

/** The typed results of a transaction, in order, and the uuids of its named inserts. */
export interface TransactionResult<R extends readonly Outcome[]> {
  /** One outcome per operation, in the order they were added. */
  readonly results: R;
  /** uuid-name -> the uuid the server gave that row. */
  readonly uuids: Readonly<Record<string, string>>;
}
