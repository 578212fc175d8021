import { describe, expect, it } from '@jest/globals';
import { ConnectError, serverErrorFromJson } from '@ovnkit/ovsdb';
import { classifyError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';

describe('classifyError: one exit code per kind of failure', () => {
  it('maps usage, connection, rejection and other failures', () => {
    expect(classifyError(new UsageError('bad', 'show'), 'db').code).toBe(EXIT.USAGE);
    const c = classifyError(new ConnectError('unix:/x', 'ENOENT'), 'unix:/x');
    expect(c.code).toBe(EXIT.CANNOT_CONNECT);
    expect(c.hint).toMatch(/OVN_NB_DB/);
    const rejected = serverErrorFromJson(
      { error: 'constraint violation', details: 'bad value' },
      { method: 'transact', database: 'OVN_Northbound' },
    );
    expect(classifyError(rejected, 'db').code).toBe(EXIT.TRANSACTION_REJECTED);
    expect(classifyError(new Error('boom'), 'db')).toEqual({ code: EXIT.FAILED, message: 'boom' });
  });
});
