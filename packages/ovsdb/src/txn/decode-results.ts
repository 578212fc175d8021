// Turns a `transact` reply into typed outcomes, one per operation, in order.

import { rowCodec } from '../model/row-codec.js';
import { describe } from '../model/value-codec.js';
import type { DatabaseSchema } from '../schema/types.js';
import { isWireUuid } from '../wire/notation.js';
import { isErrorResult } from '../wire/operation.js';
import type { NativeOperation } from './native-operation.js';
import type { Outcome, TransactionResult } from './outcome.js';

/**
 * The reply does not fit the operations sent (wrong length or shape), or carries an error result
 * that the client did not turn into an error first.
 */
export class UnexpectedResultError extends Error {
  override name = 'UnexpectedResultError';
  /** Index of the operation whose result is wrong, when one is. */
  readonly index?: number;

  constructor(message: string, index?: number) {
    super(index === undefined ? message : `result ${index}: ${message}`);
    if (index !== undefined) this.index = index;
  }
}

function asObject(r: unknown, i: number): Record<string, unknown> {
  if (typeof r !== 'object' || r === null || Array.isArray(r))
    throw new UnexpectedResultError(`expected an object, got ${describe(r)}`, i);
  if (isErrorResult(r)) {
    throw new UnexpectedResultError(`operation failed: ${r.error}${r.details ? ` (${r.details})` : ''}`, i);
  }
  return r as Record<string, unknown>;
}

/** Decodes `raw` (the transact result array) for the operations `ops` of a transaction on `schema`. */
export function decodeResults<R extends readonly Outcome[]>(
  schema: DatabaseSchema,
  ops: readonly NativeOperation[],
  raw: readonly unknown[],
): TransactionResult<R> {
  if (!Array.isArray(raw))
    throw new UnexpectedResultError(`expected an array of results, got ${describe(raw)}`);
  if (raw.length < ops.length)
    throw new UnexpectedResultError(`expected ${ops.length} results, got ${raw.length}`);
  // A failed commit appends one extra element (RFC 7047 4.1.3).
  if (raw.length > ops.length) asObject(raw[ops.length], ops.length);
  const uuids: Record<string, string> = {};
  const results = ops.map((op, i): Outcome => {
    const r = asObject(raw[i], i);
    switch (op.op) {
      case 'insert': {
        if (!isWireUuid(r.uuid))
          throw new UnexpectedResultError(`insert result has no uuid: ${describe(r)}`, i);
        const uuid = r.uuid[1];
        if (op.uuidName !== undefined) {
          uuids[op.uuidName] = uuid;
          return { op: 'insert', uuid, uuidName: op.uuidName };
        }
        return { op: 'insert', uuid };
      }
      case 'select': {
        if (!Array.isArray(r.rows))
          throw new UnexpectedResultError(`select result has no rows: ${describe(r)}`, i);
        const codec = rowCodec(schema, op.table);
        const rows = (r.rows as Record<string, unknown>[]).map((row) =>
          op.columns ? codec.decodePartialRow(row) : codec.decodeRow(row),
        );
        return { op: 'select', rows: Object.freeze(rows) };
      }
      case 'update':
      case 'mutate':
      case 'delete':
        if (typeof r.count !== 'number')
          throw new UnexpectedResultError(`${op.op} result has no count: ${describe(r)}`, i);
        return { op: op.op, count: r.count };
      default:
        return { op: op.op };
    }
  });
  return { results: Object.freeze(results) as unknown as R, uuids: Object.freeze(uuids) };
}
