// Runs a built transaction through a client: validate + compile, send, decode.

import type { DatabaseSchema } from '../schema/types.js';
import type { Operation } from '../wire/operation.js';
import { decodeResults } from './decode-results.js';
import type { Outcome, TransactionResult } from './outcome.js';
import type { Transaction } from './transaction.js';

/** What executeTransaction needs from a client: `transact` returning the raw result array. */
export interface TransactClient<O = never> {
  transact(db: string, ops: readonly Operation[], options?: O): Promise<readonly unknown[]>;
}

/** Or any function that sends the ops, e.g. `(db, ops) => session.transact(ops)`. */
export type TransactFunction = (db: string, ops: readonly Operation[]) => Promise<readonly unknown[]>;

/**
 * Validates and compiles `t` (throwing ValidationError before anything is sent), sends it with
 * `client.transact(db, ops, options)` (or calls `client(db, ops)` when it is a function), and
 * decodes the reply into typed outcomes. Server-side failures are thrown by the client as its
 * typed errors.
 */
export async function executeTransaction<S extends DatabaseSchema, R extends readonly Outcome[], O = never>(
  client: TransactClient<O> | TransactFunction,
  t: Transaction<S, R>,
  options?: O,
): Promise<TransactionResult<R>> {
  const { db, ops } = t.compile();
  let raw: readonly unknown[];
  if (typeof client === 'function') raw = await client(db, ops);
  else if (options === undefined) raw = await client.transact(db, ops);
  else raw = await client.transact(db, ops, options);
  return decodeResults<R>(t.schema, t.operations, raw);
}
