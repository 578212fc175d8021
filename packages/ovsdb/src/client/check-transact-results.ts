// RFC 7047 4.1.3: a transact reply holds one result per operation, and processing stops at the
// first failing one. If every operation succeeded but the commit failed (constraints, references,
// index uniqueness), ovsdb-server appends ONE extra element carrying that error.
import { ProtocolError } from '../errors/request-errors.js';
import type { OvsdbServerError } from '../errors/server-error.js';
import { serverErrorFromJson } from '../errors/server-error-from-json.js';
import type { JsonValue } from '../json/json-value.js';
import type { OperationResultJson } from './protocol-types.js';

type SentOperation = { readonly op: string };

/** Returns the typed error of a failed transaction, or undefined when it committed. */
export function transactError(
  database: string,
  ops: readonly SentOperation[],
  results: readonly JsonValue[],
): OvsdbServerError | undefined {
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    if (typeof r === 'object' && r !== null && !Array.isArray(r) && 'error' in r && r.error !== null) {
      return serverErrorFromJson(r, {
        method: 'transact',
        database,
        operationIndex: i,
        operation: i < ops.length ? ops[i] : undefined,
        operationCount: ops.length,
        results,
      });
    }
  }
  return undefined;
}

/**
 * Checks a transact result array: throws the typed server error, or a ProtocolError if malformed.
 * Returns one result per operation (the array itself when it holds no more than that).
 */
export function checkTransactResults(
  database: string,
  ops: readonly SentOperation[],
  result: JsonValue,
): OperationResultJson[] {
  if (!Array.isArray(result))
    throw new ProtocolError(
      `transact on ${database}: expected a result array, got ${JSON.stringify(result)}`,
    );
  const results = result as readonly JsonValue[];
  const err = transactError(database, ops, results);
  if (err) throw err;
  if (results.length < ops.length) {
    throw new ProtocolError(
      `transact on ${database}: ${ops.length} operations but only ${results.length} results`,
    );
  }
  // The array is this reply's own (parsed for this call): no copy unless it has extra elements.
  return (results.length === ops.length ? results : results.slice(0, ops.length)) as OperationResultJson[];
}
