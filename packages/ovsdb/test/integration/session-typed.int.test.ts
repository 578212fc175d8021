// A session opened with a schema descriptor against a real NB ovsdb-server: rows hold exactly the
// replicated columns, transact takes the builder (typed results, sort honoured by the server), and
// waitForRow resolves on a matching row, or rejects on timeout, abort and close.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  connect,
  type OvsdbClient,
  openSession,
  ReplicaWaitAbortedError,
  ReplicaWaitTimeoutError,
  SessionConfigError,
  txn,
  ValidationError,
} from '@ovnkit/ovsdb';
import { OVN_Northbound as NB } from '@ovnkit/ovsdb/schemas/ovn-nb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';

let server: OvsdbServer;
let other: OvsdbClient;

beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'] });
  other = await connect({ remote: server.remote });
});

afterAll(async () => {
  await other?.close();
  await server?.stop();
});

const open = () =>
  openSession({
    remote: server.remote,
    schema: NB,
    tables: { Logical_Router: { columns: ['name', 'external_ids'] } },
    indexes: { Logical_Router: ['name'] },
  });

describe('typed session against ovsdb-server', () => {
  it('replicates exactly the selected columns and takes the builder in transact', async () => {
    const session = open();
    try {
      await session.ready;
      const { results } = await session.transact(
        txn(NB)
          .insert('Logical_Router', { name: 'r-b', external_ids: { k: '2' } })
          .insert('Logical_Router', { name: 'r-a', external_ids: { k: '1' } })
          .select('Logical_Router', [], { columns: ['name'], sort: ['name'] }),
      );
      expect(results[2].rows.map((r) => r.name)).toEqual(['r-a', 'r-b']);
      const row = session.replica.table('Logical_Router').lookup('name', 'r-a');
      expect(Object.keys(row!).sort()).toEqual(['_uuid', 'external_ids', 'name']);
      expect(row!.external_ids).toEqual({ k: '1' });
      await expect(
        session.transact(txn(NB).select('Logical_Router', [], { sort: ['nmae' as 'name'] })),
      ).rejects.toThrow(ValidationError);
    } finally {
      await session.close();
    }
  });

  it('refuses a builder for another database', async () => {
    const session = open();
    try {
      const fake = { ...NB, name: 'Other' } as unknown as typeof NB;
      await expect(session.transact(txn(fake).comment('x'))).rejects.toThrow(SessionConfigError);
    } finally {
      await session.close();
    }
  });

  it('waitForRow: an existing row at once, a later one when it arrives, else timeout, abort or close', async () => {
    const session = open();
    try {
      await session.ready;
      const existing = await session.replica.waitForRow('Logical_Router', (r) => r.name === 'r-a');
      expect(existing.name).toBe('r-a');

      const later = session.replica.waitForRow('Logical_Router', (r) => r.external_ids.wanted === 'yes', {
        timeoutMs: 30_000,
      });
      await other.transact('OVN_Northbound', [
        {
          op: 'insert',
          table: 'Logical_Router',
          row: { name: 'r-c', external_ids: ['map', [['wanted', 'yes']]] },
        },
      ]);
      expect((await later).name).toBe('r-c');

      await expect(
        session.replica.waitForRow('Logical_Router', (r) => r.name === 'never', { timeoutMs: 50 }),
      ).rejects.toThrow(ReplicaWaitTimeoutError);
      const ac = new AbortController();
      const aborted = session.replica.waitForRow('Logical_Router', (r) => r.name === 'never', {
        signal: ac.signal,
      });
      ac.abort(new Error('stop'));
      await expect(aborted).rejects.toThrow(ReplicaWaitAbortedError);
      const closing = session.replica.waitForRow('Logical_Router', (r) => r.name === 'never');
      const closed = expect(closing).rejects.toThrow(/replica closed/);
      await session.close();
      await closed;
    } finally {
      await session.close();
    }
  });
});
