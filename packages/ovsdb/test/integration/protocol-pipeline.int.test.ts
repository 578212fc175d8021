// A pipeline as a controller runs one: a window of callers, each sending its next transaction as
// soon as its previous one settles (so requests are queued from promise continuations and
// coalesced into shared writes), on a connection that also monitors the table written (update2
// notifications interleaved with the replies), with failing transactions in the middle.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConstraintViolationError,
  connect,
  type OvsdbClient,
  OvsdbServerError,
  UnknownColumnError,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';

const DB = 'OVN_Northbound';
const TAKEN = 'taken'; // Address_Set names are unique (the schema's index on name)

type Outcome = { kind: 'ok'; uuid: string } | { kind: 'failed'; error: unknown };

describe('pipelined transactions against ovsdb-server', () => {
  let server: OvsdbServer;
  let client: OvsdbClient;

  beforeAll(async () => {
    server = await startOvsdbServer({ schemas: ['nb'] });
    client = await connect({ remote: server.remote });
    await client.transact(DB, [{ op: 'insert', table: 'Address_Set', row: { name: TAKEN } }]);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  // Transaction i inserts `as-i`; every 7th also inserts the taken name (the commit fails), every
  // 11th names a column that does not exist (its first operation fails).
  const commitFails = (i: number) => i % 7 === 3;
  const opFails = (i: number) => i % 11 === 5 && !commitFails(i);
  const opsOf = (i: number) => {
    const row = opFails(i) ? { name: `as-${i}`, no_such_column: 1 } : { name: `as-${i}` };
    const ops: object[] = [{ op: 'insert', table: 'Address_Set', row }];
    if (commitFails(i)) ops.push({ op: 'insert', table: 'Address_Set', row: { name: TAKEN } });
    return ops;
  };

  it('each caller gets its own reply, failures fail alone and change nothing, updates match', async () => {
    const inserted = new Map<string, string>(); // name -> uuid, from the update2 notifications
    let notifications = 0;
    const off = client.onNotification((n) => {
      if (n.kind !== 'update2') return;
      notifications++;
      for (const [uuid, change] of Object.entries(n.updates.Address_Set ?? {})) {
        const row = (change as { insert?: { name?: string } }).insert;
        if (row?.name) inserted.set(row.name, uuid);
      }
    });
    await client.monitorCond(DB, 'pipeline', {
      Address_Set: [{ columns: ['name'], select: { initial: false } }],
    });

    const n = 800;
    const depth = 32;
    const outcomes: Outcome[] = new Array(n);
    let next = 0;
    const worker = async () => {
      while (next < n) {
        const i = next++;
        try {
          const r = await client.transact(DB, opsOf(i) as never[]);
          outcomes[i] = { kind: 'ok', uuid: (r[0] as { uuid: [string, string] }).uuid[1] };
        } catch (error) {
          outcomes[i] = { kind: 'failed', error };
        }
      }
    };
    await Promise.all(Array.from({ length: depth }, worker));
    off();

    const rows = (await client.transact(DB, [{ op: 'select', table: 'Address_Set', where: [] }]))[0] as {
      rows: Array<{ name: string; _uuid: [string, string] }>;
    };
    const onServer = new Map(rows.rows.map((r) => [r.name, r._uuid[1]]));
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const o = outcomes[i] as Outcome;
      const name = `as-${i}`;
      if (commitFails(i)) {
        expect(o.kind).toBe('failed');
        const err = (o as { error: unknown }).error;
        expect(err).toBeInstanceOf(ConstraintViolationError);
        expect((err as OvsdbServerError).isCommitError).toBe(true);
        expect(onServer.has(name)).toBe(false);
      } else if (opFails(i)) {
        expect(o.kind).toBe('failed');
        const err = (o as { error: unknown }).error;
        expect(err).toBeInstanceOf(UnknownColumnError);
        expect((err as OvsdbServerError).operationIndex).toBe(0);
        expect(onServer.has(name)).toBe(false);
      } else {
        ok++;
        // This caller's reply names this caller's row, as the server and the updates say.
        expect(o).toEqual({ kind: 'ok', uuid: onServer.get(name) });
        expect(inserted.get(name)).toBe(onServer.get(name));
      }
    }
    expect(ok).toBeGreaterThan(n / 2);
    expect(onServer.size).toBe(ok + 1); // the taken row and the committed ones, nothing else
    expect(inserted.size).toBe(ok);
    expect(notifications).toBe(ok);
    expect(client.stats.unmatchedReplies).toBe(0);
    expect(client.pendingRequests).toBe(0);
  });

  it('a failed transaction in a pipeline is an OvsdbServerError naming the operation', async () => {
    const results = await Promise.allSettled([
      client.transact(DB, [{ op: 'insert', table: 'Address_Set', row: { name: 'p-1' } }]),
      client.transact(DB, [
        { op: 'insert', table: 'Address_Set', row: { name: 'p-2' } },
        { op: 'insert', table: 'No_Such_Table', row: {} },
      ]),
      client.transact(DB, [{ op: 'insert', table: 'Address_Set', row: { name: 'p-3' } }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const err = (results[1] as PromiseRejectedResult).reason as OvsdbServerError;
    expect(err).toBeInstanceOf(OvsdbServerError);
    expect(err.operationIndex).toBe(1);
    expect(err.message).toContain('No_Such_Table');
    const names = (
      (
        await client.transact(DB, [
          { op: 'select', table: 'Address_Set', where: [['name', 'includes', 'p-2']], columns: ['name'] },
        ])
      )[0] as { rows: unknown[] }
    ).rows;
    expect(names).toEqual([]);
  });
});
