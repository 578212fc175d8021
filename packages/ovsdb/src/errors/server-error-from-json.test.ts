// The mapping from server error strings to classes, including the strings ovsdb-server 3.1 cannot
// be made to send from a client (resources exhausted, not supported, unknown table, internal
// error), which therefore have no integration test.
import { describe, expect, it } from '@jest/globals';
import { OvsdbError } from './ovsdb-error.js';
import { OvsdbServerError } from './server-error.js';
import { serverErrorFromJson, toServerErrorBody } from './server-error-from-json.js';
import {
  NotSupportedError,
  OvsdbInternalError,
  OvsdbUnknownTableError,
  ResourcesExhaustedError,
  SERVER_ERROR_CLASSES,
} from './server-errors.js';

describe('serverErrorFromJson', () => {
  it('maps every listed string to its own class, named after it', () => {
    const names = new Set<string>();
    for (const [text, Class] of SERVER_ERROR_CLASSES) {
      const err = serverErrorFromJson({ error: text, details: 'd' }, { method: 'transact' });
      expect(err).toBeInstanceOf(Class);
      expect(err).toBeInstanceOf(OvsdbServerError);
      expect(err).toBeInstanceOf(OvsdbError);
      expect(err.name).toBe(Class.name);
      expect(err.error).toBe(text);
      names.add(err.name);
    }
    expect(names.size).toBe(SERVER_ERROR_CLASSES.size);
    expect(SERVER_ERROR_CLASSES.size).toBeGreaterThanOrEqual(24);
  });

  it.each([
    ['resources exhausted', ResourcesExhaustedError],
    ['not supported', NotSupportedError],
    ['unknown table', OvsdbUnknownTableError],
    ['internal error', OvsdbInternalError],
  ])('maps %s (not provokable from a client of ovsdb-server 3.1)', (text, Class) => {
    expect(
      serverErrorFromJson(
        { error: text },
        {
          method: 'transact',
          database: 'DB',
          operationIndex: 0,
          operationCount: 1,
          operation: { op: 'insert', table: 'T' },
        },
      ),
    ).toBeInstanceOf(Class);
  });

  it('keeps unknown strings as the base class with the string', () => {
    const err = serverErrorFromJson('something new', { method: 'frob' });
    expect(err.constructor).toBe(OvsdbServerError);
    expect(err.error).toBe('something new');
    expect(err.message).toBe('frob failed with "something new"');
  });

  it('describes operation, commit and RPC errors differently', () => {
    const ctx = { method: 'transact', database: 'DB', operationCount: 2 };
    const op = serverErrorFromJson(
      { error: 'constraint violation', details: 'bad', syntax: '{}' },
      { ...ctx, operationIndex: 1, operation: { op: 'insert', table: 'T' } },
    );
    expect(op.message).toBe(
      'transact on DB: operation 1 (insert on T) failed with "constraint violation": bad (in {})',
    );
    expect(op.isCommitError).toBe(false);
    const commit = serverErrorFromJson(
      { error: 'referential integrity violation' },
      { ...ctx, operationIndex: 2 },
    );
    expect(commit.message).toBe(
      'transact on DB: all 2 operations succeeded but the commit failed with "referential integrity violation"',
    );
    expect(commit.isCommitError).toBe(true);
  });

  it('reads bare strings and objects, and rejects other shapes', () => {
    expect(toServerErrorBody('x')).toEqual({ error: 'x' });
    expect(toServerErrorBody({ error: 'x', details: 'y', syntax: 1 })).toEqual({
      error: 'x',
      details: 'y',
      syntax: undefined,
    });
    expect(toServerErrorBody([1])).toBeUndefined();
    expect(toServerErrorBody({ details: 'no error member' })).toBeUndefined();
    expect(serverErrorFromJson(42, { method: 'm' }).error).toBe('malformed error');
  });
});
