// Errors the replica raises for bad input: each names the table, column or index at fault.
import { OvsdbError } from '../errors/ovsdb-error.js';

/** Base class of the errors the replica raises for bad input (table, column or index named). */
export class ReplicaError extends OvsdbError {
  override name = 'ReplicaError';
}

/** A table that is not replicated was asked for (or appeared in an update). */
export class TableNotReplicatedError extends ReplicaError {
  override name = 'TableNotReplicatedError';
  constructor(
    readonly table: string,
    known: readonly string[],
  ) {
    super(`table "${table}" is not replicated (replicated tables: ${known.join(', ') || 'none'})`);
  }
}

/** An index spec names a column the table does not replicate, or the index was never declared. */
export class UnknownIndexError extends ReplicaError {
  override name = 'UnknownIndexError';
  constructor(
    readonly table: string,
    readonly index: string,
    why: string,
  ) {
    super(`index "${index}" on table "${table}": ${why}`);
  }
}

/** A lookup passed the wrong number of key values for the index. */
export class IndexArityError extends ReplicaError {
  override name = 'IndexArityError';
  constructor(
    readonly index: string,
    expected: number,
    got: number,
  ) {
    super(`index "${index}" has ${expected} column(s) but ${got} value(s) were given`);
  }
}

/** An update from the server does not fit the replica (a bug on one side, or schema skew). */
export class ReplicaUpdateError extends ReplicaError {
  override name = 'ReplicaUpdateError';
  constructor(
    readonly table: string,
    readonly uuid: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot apply update to ${table} row ${uuid}: ${why}`, options);
  }
}
