// A real ovsdb-server frozen with SIGSTOP on a unix socket (no inactivity probe there): the
// kernel still accepts bytes, nothing ever answers. Every deadline a caller sets must still fire,
// and closing must not wait for the frozen peer. Bound: each call settles within its timeout
// plus the cancel grace (one more timeout), far below the Jest limit stated per test.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ConnectionClosedError,
  connect,
  openSession,
  RequestTimeoutError,
  TransactionOutcomeUnknownError,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';

const NB_DB = 'OVN_Northbound';
const insertLS = (name: string) => ({ op: 'insert', table: 'Logical_Switch', row: { name } });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function frozenLater(): Promise<{ srv: OvsdbServer; freeze(): void; thaw(): void }> {
  const srv = await startOvsdbServer({ schemas: ['nb'] });
  let frozen = false;
  const thaw = () => {
    if (frozen) process.kill(srv.pid, 'SIGCONT');
    frozen = false;
  };
  cleanups.push(async () => {
    thaw();
    await srv.stop();
  });
  return {
    srv,
    freeze: () => {
      process.kill(srv.pid, 'SIGSTOP');
      frozen = true;
    },
    thaw,
  };
}

describe('a frozen server (SIGSTOP) over a unix socket', () => {
  it('client.transact with timeoutMs fails (outcome unknown) and the connection is closed', async () => {
    const { srv, freeze } = await frozenLater();
    const client = await connect({ remote: srv.remote });
    cleanups.push(() => client.close());
    await client.listDbs();
    freeze();
    const err = await client.transact(NB_DB, [insertLS('a')], { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect((err as ConnectionClosedError).mayHaveBeenExecuted).toBe(true);
    expect((err as Error).cause).toBeInstanceOf(RequestTimeoutError);
    expect(await client.closed).toBeInstanceOf(RequestTimeoutError);
  }, 15_000);

  it('client.close() returns although the peer never closes its side', async () => {
    const { srv, freeze } = await frozenLater();
    const client = await connect({ remote: srv.remote });
    await client.listDbs();
    freeze();
    const pending = client.listDbs().catch((e: unknown) => e);
    await client.close();
    expect(await pending).toBeInstanceOf(ConnectionClosedError);
  }, 15_000);

  it('session.transact with timeoutMs fails, and the session recovers once the server resumes', async () => {
    const { srv, freeze, thaw } = await frozenLater();
    const s = openSession<{ Logical_Switch: { readonly _uuid: string; readonly name: string } }>({
      remote: srv.remote,
      db: NB_DB,
      tables: { Logical_Switch: { columns: ['name'] } },
    });
    cleanups.push(() => s.close());
    await s.whenReady(10_000);
    freeze();
    const err = await s.transact([insertLS('b')], { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionOutcomeUnknownError);
    thaw();
    await s.transact([insertLS('c')], { timeoutMs: 20_000 });
    const names = [...s.replica.table('Logical_Switch').rows()].map((r) => r.name);
    expect(names).toContain('c');
  }, 40_000);
});
