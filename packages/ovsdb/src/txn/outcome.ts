// Typed results of a transaction, one per operation, in order.
export interface InsertOutcome {
  readonly op: 'insert';
  /** The uuid the server gave the new row. */
  readonly uuid: string;
  readonly uuidName?: string;
}
export interface SelectOutcome<Row> {
  readonly op: 'select';
  readonly rows: readonly Row[];
}
export interface CountOutcome<Op extends 'update' | 'mutate' | 'delete'> {
  readonly op: Op;
  /** Rows matched by `where`. */
  readonly count: number;
}
export interface EmptyOutcome<Op extends 'wait' | 'commit' | 'abort' | 'comment' | 'assert'> {
  readonly op: Op;
}

export type Outcome =
  | InsertOutcome
  | SelectOutcome<unknown>
  | CountOutcome<'update' | 'mutate' | 'delete'>
  | EmptyOutcome<'wait' | 'commit' | 'abort' | 'comment' | 'assert'>;

export interface TransactionResult<R extends readonly Outcome[]> {
  /** One outcome per operation, in the order they were added. */
  readonly results: R;
  /** uuid-name -> the uuid the server gave that row. */
  readonly uuids: Readonly<Record<string, string>>;
}
