// Every server error that ovsdb-server 3.1 can be made to send, provoked for real, arriving as
// its own class with the operation index, the operation and the server's details. (Errors the
// server cannot be made to send are covered by the mapping test in src/errors.)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AbortedError,
  CanceledError,
  ConstraintViolationError,
  connect,
  DatabaseNotAvailableError,
  DuplicateUuidError,
  DuplicateUuidNameError,
  IoError,
  NotAllowedError,
  NotOwnerError,
  type OvsdbClient,
  OvsdbDomainError,
  OvsdbRangeError,
  OvsdbServerError,
  OvsdbSyntaxError,
  PermissionError,
  ReferentialIntegrityViolationError,
  TimedOutError,
  UnknownColumnError,
  UnknownDatabaseError,
  UnknownMethodError,
  UnknownMonitorError,
  UntaggedOvsdbError,
  type WireOperation,
} from '@ovnkit/ovsdb';
import {
  createDbFile,
  findBinary,
  makeTempDir,
  type OvsdbServer,
  rawCall,
  removeTempDir,
  startDaemon,
  startOvsdbServer,
  until,
} from '@ovnkit/testkit';

const fixture = (f: string) => join(import.meta.dirname, '..', 'fixtures', f);

async function failure(p: Promise<unknown>): Promise<OvsdbServerError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof OvsdbServerError) return err;
    throw err;
  }
  throw new Error('expected the server to reject the request');
}

describe('server errors, provoked against ovsdb-server', () => {
  let server: OvsdbServer;
  let client: OvsdbClient;
  const tx = (ops: WireOperation[]) => client.transact('Proto', ops);

  beforeAll(async () => {
    server = await startOvsdbServer({ schemas: [fixture('protocol.ovsschema')] });
    client = await connect({ remote: server.remote });
    await tx([
      { op: 'insert', table: 'Kid', row: { name: 'k1' }, 'uuid-name': 'k1' },
      {
        op: 'insert',
        table: 'Parent',
        row: { name: 'p1', value: 100, big: 9223372036854775807n, fixed: 'f', kids: ['named-uuid', 'k1'] },
      },
    ]);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('constraint violation (unique index): a commit error, index = number of operations', async () => {
    const ops = [
      { op: 'comment', comment: 'dup' },
      { op: 'insert', table: 'Parent', row: { name: 'p1' } },
    ];
    const err = await failure(tx(ops));
    expect(err).toBeInstanceOf(ConstraintViolationError);
    expect(err.isCommitError).toBe(true);
    expect(err.operationIndex).toBe(2);
    expect(err.operation).toBeUndefined();
    expect(err.details).toMatch(
      /Transaction causes multiple rows in "Parent" table to have identical values \(p1\) for index on column "name"/,
    );
    expect(err.results).toHaveLength(3);
    expect(err.message).toMatch(
      /transact on Proto: all 2 operations succeeded but the commit failed with "constraint violation"/,
    );
  });

  it('constraint violation (enum, range, immutable column): operation errors with index and operation', async () => {
    const enumOp = { op: 'update', table: 'Parent', where: [], row: { color: 'pink' } };
    const e1 = await failure(tx([{ op: 'comment', comment: 'x' }, enumOp]));
    expect(e1).toBeInstanceOf(ConstraintViolationError);
    expect([e1.operationIndex, e1.isCommitError, e1.operation]).toEqual([1, false, enumOp]);
    expect(e1.details).toMatch(/pink is not one of the allowed values/);
    const e2 = await failure(
      tx([{ op: 'mutate', table: 'Parent', where: [], mutations: [['value', '+=', 1]] }]),
    );
    expect(e2).toBeInstanceOf(ConstraintViolationError);
    expect(e2.details).toMatch(/101 is not in the valid range 0 to 100/);
    const e3 = await failure(tx([{ op: 'update', table: 'Parent', where: [], row: { fixed: 'g' } }]));
    expect(e3.details).toMatch(/Cannot update immutable column fixed/);
  });

  it('referential integrity violation: deleting a strongly referenced row', async () => {
    const err = await failure(tx([{ op: 'delete', table: 'Kid', where: [['name', '==', 'k1']] }]));
    expect(err).toBeInstanceOf(ReferentialIntegrityViolationError);
    expect(err.isCommitError).toBe(true);
    expect(err.details).toMatch(/cannot delete Kid row .* because of 1 remaining reference/);
  });

  it('duplicate uuid-name', async () => {
    const err = await failure(
      tx([
        { op: 'insert', table: 'Kid', row: { name: 'a' }, 'uuid-name': 'same' },
        { op: 'insert', table: 'Kid', row: { name: 'b' }, 'uuid-name': 'same' },
      ]),
    );
    expect(err).toBeInstanceOf(DuplicateUuidNameError);
    expect(err.operationIndex).toBe(1);
  });

  it('duplicate uuid: an explicit insert uuid that already exists', async () => {
    const uuid = '5b9e9a3c-4f1e-4a43-9d7e-0123456789ab';
    const [r] = await tx([{ op: 'insert', table: 'Parent', row: { name: 'explicit' }, uuid }]);
    expect(r?.uuid).toEqual(['uuid', uuid]);
    const err = await failure(tx([{ op: 'insert', table: 'Parent', row: { name: 'explicit2' }, uuid }]));
    expect(err).toBeInstanceOf(DuplicateUuidError);
    expect(err.operationIndex).toBe(0);
  });

  it('domain error (division by zero) and range error (integer overflow)', async () => {
    const e1 = await failure(
      tx([{ op: 'mutate', table: 'Parent', where: [['name', '==', 'p1']], mutations: [['value', '/=', 0]] }]),
    );
    expect(e1).toBeInstanceOf(OvsdbDomainError);
    expect(e1.details).toBe('Division by zero.');
    const e2 = await failure(
      tx([{ op: 'mutate', table: 'Parent', where: [['name', '==', 'p1']], mutations: [['big', '+=', 1]] }]),
    );
    expect(e2).toBeInstanceOf(OvsdbRangeError);
    expect(e2.details).toBe('Result of "+=" operation is out of range.');
  });

  it('timed out: wait with timeout 0 whose rows do not match', async () => {
    const err = await failure(
      tx([
        {
          op: 'wait',
          table: 'Parent',
          where: [['name', '==', 'p1']],
          columns: ['value'],
          until: '==',
          rows: [{ value: 7 }],
          timeout: 0,
        },
      ]),
    );
    expect(err).toBeInstanceOf(TimedOutError);
    expect(err.details).toBe('"where" clause test failed');
  });

  it('aborted: the abort operation', async () => {
    const err = await failure(tx([{ op: 'insert', table: 'Kid', row: { name: 'never' } }, { op: 'abort' }]));
    expect(err).toBeInstanceOf(AbortedError);
    expect(err.operationIndex).toBe(1);
  });

  it('not owner: assert on a lock this session does not hold', async () => {
    const err = await failure(tx([{ op: 'assert', lock: 'nobody_holds_this' }]));
    expect(err).toBeInstanceOf(NotOwnerError);
    expect(err.details).toMatch(/Asserted lock nobody_holds_this not held/);
  });

  it('not allowed: writing the reserved _Server database', async () => {
    const err = await failure(client.transact('_Server', [{ op: 'delete', table: 'Database', where: [] }]));
    expect(err).toBeInstanceOf(NotAllowedError);
    expect(err.database).toBe('_Server');
  });

  it('syntax error: unknown table, unknown operation, bad uuid-name', async () => {
    const e1 = await failure(tx([{ op: 'insert', table: 'Nope', row: {} }]));
    expect(e1).toBeInstanceOf(OvsdbSyntaxError);
    expect(e1.details).toMatch(/No table named Nope/);
    expect(await failure(tx([{ op: 'frob' }]))).toBeInstanceOf(OvsdbSyntaxError);
    expect(
      await failure(tx([{ op: 'insert', table: 'Kid', row: { name: 'x' }, 'uuid-name': '9bad' }])),
    ).toBeInstanceOf(OvsdbSyntaxError);
  });

  it('unknown column', async () => {
    const err = await failure(tx([{ op: 'select', table: 'Parent', where: [['nope', '==', 1]] }]));
    expect(err).toBeInstanceOf(UnknownColumnError);
    expect(err.details).toMatch(/No column nope in table Parent/);
  });

  it('"ovsdb error" (no specific tag): a set with a duplicate element', async () => {
    const err = await failure(
      tx([{ op: 'insert', table: 'Parent', row: { name: 'dup', tags: ['set', ['a', 'a']] } }]),
    );
    expect(err).toBeInstanceOf(UntaggedOvsdbError);
    expect(err.details).toBe('set contains duplicate');
  });

  it('unknown database is an RPC-level error', async () => {
    const err = await failure(client.transact('Nope', [{ op: 'comment', comment: 'x' }]));
    expect(err).toBeInstanceOf(UnknownDatabaseError);
    expect(err.operationIndex).toBeUndefined();
    expect(err.details).toMatch(/transact request specifies unknown database Nope/);
    expect(await failure(client.getSchema('Nope'))).toBeInstanceOf(UnknownDatabaseError);
    expect(await failure(client.monitorCond('Nope', 'm', {}))).toBeInstanceOf(UnknownDatabaseError);
  });

  it('unknown method and unknown monitor are bare-string RPC errors', async () => {
    const e1 = await failure(client.call('frobnicate', []));
    expect(e1).toBeInstanceOf(UnknownMethodError);
    expect(e1.method).toBe('frobnicate');
    expect(await failure(client.monitorCancel('never-created'))).toBeInstanceOf(UnknownMonitorError);
  });

  it('syntax error at RPC level: a duplicate monitor id', async () => {
    await client.monitorCond('Proto', 'twice', { Kid: {} });
    const err = await failure(client.monitorCond('Proto', 'twice', { Kid: {} }));
    expect(err).toBeInstanceOf(OvsdbSyntaxError);
    expect(err.details).toMatch(/duplicate monitor ID/);
    await client.monitorCancel('twice');
  });

  async function cancelWhileWaiting(c: OvsdbClient): Promise<OvsdbServerError> {
    const ac = new AbortController();
    const waitFor = (value: number) => ({
      op: 'wait',
      table: 'Parent',
      where: [['name', '==', 'p1']],
      columns: ['value'],
      until: '==',
      rows: [{ value }],
    });
    const blocked = c.transact('Proto', [waitFor(1)]);
    const waiting = c.transact('Proto', [waitFor(2)], { signal: ac.signal });
    // The server answers in order, so this round trip proves both waits reached it first.
    await c.echo(['sync']);
    ac.abort(new Error('user gave up'));
    const err = await failure(waiting);
    // The other waiting transaction is unaffected; satisfy it, then undo.
    await c.transact('Proto', [
      { op: 'update', table: 'Parent', where: [['name', '==', 'p1']], row: { value: 1 } },
    ]);
    expect(await blocked).toEqual([{}]);
    await c.transact('Proto', [
      { op: 'update', table: 'Parent', where: [['name', '==', 'p1']], row: { value: 100 } },
    ]);
    return err;
  }

  it('canceled: aborting a waiting transact sends cancel; a db-change-aware session gets the server\'s "canceled"', async () => {
    const c = await connect({ remote: server.remote });
    try {
      await c.setDbChangeAware(true);
      const err = await cancelWhileWaiting(c);
      expect(err).toBeInstanceOf(CanceledError);
      expect(err.details).toBeUndefined(); // the server's bare "canceled" string
    } finally {
      await c.close();
    }
  });

  it('canceled: on a plain session the server drops the cancelled transact silently; the client settles it', async () => {
    const err = await cancelWhileWaiting(client);
    expect(err).toBeInstanceOf(CanceledError);
    expect(err.details).toMatch(
      /the server dropped the request after cancel \(transact: aborted by the caller\)/,
    );
    expect(((err.cause as Error).cause as Error).message).toBe('user gave up');
    expect(client.pendingRequests).toBe(0);
  });

  it('aborting a transact that already completed keeps its real result', async () => {
    const ac = new AbortController();
    const p = client.transact('Proto', [{ op: 'select', table: 'Kid', where: [], columns: ['name'] }], {
      signal: ac.signal,
    });
    await client.echo([]);
    ac.abort();
    expect((await p)[0]?.rows).toEqual([{ name: 'k1' }]);
  });

  it('errors point at the caller: the stack names this test file', async () => {
    const err = await failure(client.call('frobnicate', []));
    expect(err.stack).toMatch(/protocol-errors\.int\.test\.ts/);
  });

  it('transact errors name the awaiting caller by default (async stack trace), in a pipeline too', async () => {
    // An RPC-level error is built in the connection's reply handler, far from the caller's stack.
    const ops: WireOperation[] = [{ op: 'select', table: 'Kid', where: [], columns: ['name'] }];
    async function transactOnNoSuchDb(c: OvsdbClient) {
      return await c.transact('NoSuchDb', ops);
    }
    const single = await failure(transactOnNoSuchDb(client));
    expect(single.message).toMatch(/unknown database/);
    expect(single.stack).toMatch(/transactOnNoSuchDb/);
    expect(single.stack).toMatch(/protocol-errors\.int\.test\.ts/);
    const piped = await failure(Promise.all([tx(ops), transactOnNoSuchDb(client), tx(ops)]));
    expect(piped.stack).toMatch(/protocol-errors\.int\.test\.ts/);
    // captureCallSites: true captures at call time instead; false leaves the handler's stack.
    const eager = await connect({ remote: server.remote, captureCallSites: true });
    const none = await connect({ remote: server.remote, captureCallSites: false });
    try {
      const pending = eager.transact('NoSuchDb', ops);
      expect((await failure(pending)).stack).toMatch(/protocol-errors\.int\.test\.ts/);
      expect((await failure(transactOnNoSuchDb(none))).stack).not.toMatch(/transactOnNoSuchDb/);
    } finally {
      await eager.close();
      await none.close();
    }
  });
});

describe('permission error (RBAC) against ovsdb-server', () => {
  let server: OvsdbServer;
  beforeAll(async () => {
    // Remotes come from SB_Global.connections; a Connection with a role turns RBAC on for it.
    server = await startOvsdbServer({
      schemas: ['sb'],
      extraArgs: ['--remote=db:OVN_Southbound,SB_Global,connections'],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a write outside the role permissions fails with PermissionError', async () => {
    const admin = await connect({ remote: server.remote });
    const rbacSocket = join(server.dir, 'rbac.sock');
    await admin.transact('OVN_Southbound', [
      {
        op: 'insert',
        table: 'Connection',
        row: { target: `punix:${rbacSocket}`, role: 'ovn-controller' },
        'uuid-name': 'c',
      },
      { op: 'insert', table: 'SB_Global', row: { connections: ['named-uuid', 'c'] } },
    ]);
    await admin.close();
    // The server opens the new remote on its next main-loop pass.
    const limited = await until('the RBAC remote to accept connections', 10000, () =>
      connect({ remote: `unix:${rbacSocket}` }),
    );
    try {
      const op = { op: 'insert', table: 'Chassis_Private', row: { name: 'intruder' } };
      const err = await failure(limited.transact('OVN_Southbound', [op]));
      expect(err).toBeInstanceOf(PermissionError);
      expect(err.operation).toEqual(op);
      expect(err.details).toMatch(
        /RBAC rules for client .* role "ovn-controller" prohibit row insertion into table "Chassis_Private"/,
      );
    } finally {
      await limited.close();
    }
  });
});

describe('I/O error against ovsdb-server', () => {
  it('a commit the server cannot write to disk fails with IoError (as the extra commit result)', async () => {
    // The harness's daemon runner, with a file-size limit in front of ovsdb-server: writes past
    // 8 KiB fail with EFBIG (SIGXFSZ ignored, so the server lives and reports the error).
    const dir = makeTempDir('ovnkit-ioerr-');
    const db = await createDbFile(dir, fixture('protocol.ovsschema'));
    const sock = join(dir, 'db.sock');
    const script = `trap '' XFSZ; ulimit -f 16; exec "$0" "$1" --remote=punix:"$2" --unixctl="$3" -vconsole:off`;
    const daemon = startDaemon(
      'sh',
      ['-c', script, findBinary('ovsdb-server'), db, sock, join(dir, 'db.ctl')],
      dir,
    );
    try {
      await until('ovsdb-server with a file-size limit answering', 15000, async () => {
        await rawCall(`unix:${sock}`, 'list_dbs', [], { timeoutMs: 1000 });
        return true;
      });
      const c = await connect({ remote: `unix:${sock}` });
      const ops = [{ op: 'insert', table: 'Parent', row: { name: 'x'.repeat(20000) } }];
      const err = await failure(c.transact('Proto', ops));
      expect(err).toBeInstanceOf(IoError);
      expect(err.isCommitError).toBe(true);
      expect(err.operationIndex).toBe(1);
      expect(err.details).toMatch(/Proto\.db: write failed/);
      await c.close();
    } finally {
      await daemon.kill('SIGTERM');
      removeTempDir(dir);
    }
  });
});

describe('database not available against ovsdb-server', () => {
  it('a cluster member that has not received its schema yet answers DatabaseNotAvailableError', async () => {
    // A member that joins a cluster nobody serves never learns the schema.
    const dir = makeTempDir('ovnkit-joining-');
    const file = join(dir, 'nb.db');
    execFileSync(findBinary('ovsdb-tool'), [
      'join-cluster',
      file,
      'OVN_Northbound',
      `unix:${join(dir, 'self.raft')}`,
      `unix:${join(dir, 'nobody.raft')}`,
    ]);
    const server = await startOvsdbServer({ dbFiles: [file], dir });
    try {
      const c = await connect({ remote: server.remote });
      const err = await failure(
        c.transact('OVN_Northbound', [{ op: 'select', table: 'NB_Global', where: [] }]),
      );
      expect(err).toBeInstanceOf(DatabaseNotAvailableError);
      expect(err.details).toMatch(/OVN_Northbound/);
      await c.close();
    } finally {
      await server.stop();
      removeTempDir(dir);
    }
  });
});
