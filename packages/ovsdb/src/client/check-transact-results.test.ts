import { describe, expect, it } from '@jest/globals';
import { ProtocolError } from '../errors/request-errors.js';
import { ConstraintViolationError, TimedOutError } from '../errors/server-errors.js';
import { checkTransactResults, transactError } from './check-transact-results.js';

const ops = [
  { op: 'insert', table: 'T' },
  { op: 'wait', table: 'T' },
];

describe('checkTransactResults', () => {
  it('returns one result per operation when all succeeded', () => {
    expect(checkTransactResults('DB', ops, [{ uuid: ['uuid', 'u'] }, {}])).toEqual([
      { uuid: ['uuid', 'u'] },
      {},
    ]);
  });

  it('reports the first failing operation with its index and the operation', () => {
    const err = transactError('DB', ops, [{ uuid: ['uuid', 'u'] }, { error: 'timed out', details: 'w' }]);
    expect(err).toBeInstanceOf(TimedOutError);
    expect(err?.operationIndex).toBe(1);
    expect(err?.operation).toBe(ops[1]);
    expect(err?.isCommitError).toBe(false);
  });

  it('treats the extra element after all operations as the commit error', () => {
    expect(() => checkTransactResults('DB', ops, [{}, {}, { error: 'constraint violation' }])).toThrow(
      ConstraintViolationError,
    );
    const err = transactError('DB', ops, [{}, {}, { error: 'constraint violation' }]);
    expect([err?.operationIndex, err?.isCommitError, err?.operation]).toEqual([2, true, undefined]);
  });

  it('rejects malformed replies with ProtocolError', () => {
    expect(() => checkTransactResults('DB', ops, { not: 'an array' })).toThrow(ProtocolError);
    expect(() => checkTransactResults('DB', ops, [{}])).toThrow(/2 operations but only 1 results/);
  });
});
