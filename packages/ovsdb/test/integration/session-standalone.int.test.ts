// A session against a real standalone ovsdb-server: first sync, read-your-writes, a server killed
// with SIGKILL and restarted, transactions around the outage, the inactivity probe.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  connect,
  openSession,
  type Session,
  SessionClosedError,
  type SessionStatus,
  SessionTimeoutError,
  TransactionOutcomeUnknownError,
  UnknownSchemaColumnError,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, rawCall, startOvsdbServer, until } from '@ovnkit/testkit';
import { isUnknownMethod } from '../../src/session/protocol-errors.js';

interface LR {
  readonly _uuid: string;
  readonly name: string;
  readonly external_ids: Readonly<Record<string, string>>;
  readonly ports: readonly string[];
}
type NB = { Logical_Router: LR; Logical_Switch: { readonly _uuid: string; readonly name: string } };

const NB_DB = 'OVN_Northbound';
const insertLR = (name: string, id?: string) => ({
  op: 'insert',
  table: 'Logical_Router',
  row: { name, external_ids: ['map', id ? [['k8s.ovn.org/id', id]] : []] },
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(opts: { tcp?: boolean } = {}): Promise<OvsdbServer> {
  const s = await startOvsdbServer({ schemas: ['nb'], tcp: opts.tcp });
  cleanups.push(() => s.stop());
  return s;
}

function session(
  remotes: string,
  extra: Partial<Parameters<typeof openSession>[0]> = {},
): { s: Session<NB>; statuses: SessionStatus[] } {
  const s = openSession<NB>({
    remote: remotes,
    db: NB_DB,
    tables: {
      Logical_Router: { columns: ['name', 'external_ids', 'ports'] },
      Logical_Switch: { columns: ['name'] },
    },
    indexes: { Logical_Router: ['external_ids:k8s.ovn.org/id'] },
    ...extra,
  });
  const statuses: SessionStatus[] = [];
  s.onStatus((st) => statuses.push(st));
  cleanups.push(() => s.close());
  return { s, statuses };
}

describe('session on a standalone server', () => {
  it('syncs, and a transaction is visible in the replica (and its change event fired) when it resolves', async () => {
    const srv = await server();
    await rawCall(srv.remote, 'transact', [NB_DB, insertLR('pre', 'id-pre')]);
    const { s, statuses } = session(srv.remote);
    const iter = s.statuses();
    await s.ready;
    expect(s.replica.table('Logical_Router').lookup('external_ids:k8s.ovn.org/id', 'id-pre')?.name).toBe(
      'pre',
    );
    expect(s.stats).toMatchObject({ fullSyncs: 1, incrementalSyncs: 0, monitorMethod: 'monitor_cond_since' });
    expect(s.server?.info).toMatchObject({ model: 'standalone', name: NB_DB });

    let sawEvent = false;
    s.replica.onChange((b) => {
      if (b.changes.some((c) => c.kind === 'insert' && c.new.name === 'r1')) sawEvent = true;
    });
    const res = await s.transact([insertLR('r1', 'id-1')]);
    // Read-your-writes: the server sends the update before the reply.
    expect(sawEvent).toBe(true);
    const uuid = (res[0] as { uuid: [string, string] }).uuid[1];
    expect(s.replica.table('Logical_Router').get(uuid)?.name).toBe('r1');
    expect(s.replica.table('Logical_Router').index('external_ids:k8s.ovn.org/id').get('id-1')?._uuid).toBe(
      uuid,
    );

    const seen: string[] = [];
    for await (const st of iter) {
      seen.push(st.state);
      if (st.state === 'ready') break;
    }
    expect(seen).toEqual(['connecting', 'connected', 'syncing', 'ready']);
    expect(statuses.map((x) => x.state)).toEqual(['connected', 'syncing', 'ready']);
  });

  it('converges after SIGKILL + restart: rows deleted and added while away; a transaction issued while down waits', async () => {
    const srv = await server();
    await rawCall(srv.remote, 'transact', [NB_DB, insertLR('gone'), insertLR('stays')]);
    // random 0.999: the backoff delay is its base (1 s), leaving time to change the db meanwhile.
    const { s, statuses } = session(srv.remote, { random: () => 0.999, backoff: { initialMs: 1000 } });
    await s.ready;
    expect(s.replica.table('Logical_Router').size).toBe(2);

    await srv.kill('SIGKILL');
    await until('session notices the kill', 5000, async () =>
      statuses.some((x) => x.state === 'reconnecting') ? true : undefined,
    );
    const whileDown = s.transact([insertLR('queued')], { timeoutMs: 20000 });
    await srv.restart();
    await rawCall(srv.remote, 'transact', [
      NB_DB,
      { op: 'delete', table: 'Logical_Router', where: [['name', '==', 'gone']] },
      insertLR('added'),
    ]);
    await whileDown;
    const names = [...s.replica.table('Logical_Router').rows()].map((r) => r.name).sort();
    expect(names).toEqual(['added', 'queued', 'stays']);

    const disc = statuses.find((x) => x.state === 'disconnected');
    expect(disc?.reason).toMatch(/connection/);
    const states = statuses.map((x) => x.state);
    expect(states.slice(0, 3)).toEqual(['connected', 'syncing', 'ready']);
    expect(states).toContain('reconnecting');
    expect(statuses.filter((x) => x.state === 'reconnecting').every((x) => (x.delayMs ?? 0) >= 0)).toBe(true);
    expect(statuses[statuses.length - 1]).toMatchObject({ state: 'ready', sync: 'full' });
    // A standalone server cannot resume: each sync is a full one.
    expect(s.stats.fullSyncs).toBe(2);
  });

  it('a transaction in flight when the connection drops rejects with TransactionOutcomeUnknownError', async () => {
    const srv = await server();
    const { s } = session(srv.remote);
    await s.ready;
    // A `wait` that cannot be satisfied keeps the transaction pending on the server.
    const blocked = s.transact([
      insertLR('maybe'),
      {
        op: 'wait',
        table: 'Logical_Switch',
        where: [['name', '==', 'never']],
        columns: ['name'],
        until: '==',
        rows: [{ name: 'never' }],
      },
    ]);
    const outcome = blocked.then(
      () => undefined,
      (e: unknown) => e,
    );
    await srv.kill('SIGKILL');
    const err = await outcome;
    expect(err).toBeInstanceOf(TransactionOutcomeUnknownError);
    expect((err as TransactionOutcomeUnknownError).remote).toBe(srv.remote);
    expect((err as Error).message).toMatch(/may or may not have been committed/);
  });

  it('transactSafely resends after an unknown outcome only when the rows are absent, never duplicating', async () => {
    const srv = await server();
    const { s } = session(srv.remote, { random: () => 0, backoff: { initialMs: 200, maxMs: 400 } });
    await s.ready;
    const ops = [
      insertLR('safe'),
      {
        op: 'wait',
        table: 'Logical_Switch',
        where: [['name', '==', 'go']],
        columns: ['name'],
        until: '==',
        rows: [{ name: 'go' }],
      },
    ];
    const p = s.transactSafely(ops, { timeoutMs: 30000 });
    // The server answers requests in order, so once an empty transaction sent after it is answered,
    // the first attempt is pending on the server: cut it off then.
    await s.transact([]);
    await srv.kill('SIGKILL');
    await srv.restart();
    await rawCall(srv.remote, 'transact', [
      NB_DB,
      { op: 'insert', table: 'Logical_Switch', row: { name: 'go' } },
    ]);
    const res = await p;
    expect(res.attempts).toBe(2);
    expect(res.confirmedBy).toBe('reply');
    const rows = (await rawCall(srv.remote, 'transact', [
      NB_DB,
      { op: 'select', table: 'Logical_Router', where: [['name', '==', 'safe']], columns: ['_uuid'] },
    ])) as Array<{
      rows: Array<{ _uuid: [string, string] }>;
    }>;
    expect(rows[0]!.rows.map((r) => r._uuid[1])).toEqual(res.insertedUuids);
  });

  it('a transaction issued while no server answers fails at its deadline with SessionTimeoutError', async () => {
    const srv = await server();
    const { s } = session(srv.remote, { backoff: { initialMs: 50, maxMs: 100 } });
    await s.ready;
    await srv.kill('SIGKILL');
    // Issued before the session has seen the socket close, the transaction would go out on the dead
    // connection and fail as TransactionOutcomeUnknownError (a different case): wait for it.
    await until('session notices the kill', 5000, async () =>
      s.status.state !== 'ready' ? true : undefined,
    );
    const err = await s.transact([insertLR('x')], { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionTimeoutError);
    expect((err as SessionTimeoutError).phase).toBe('transact');
    expect((err as Error).message).toMatch(
      /not ready in time: the session is (connecting|reconnecting|disconnected)/,
    );
  });

  it('the older monitor methods (the fallbacks for servers without monitor_cond_since) replicate the same', async () => {
    const srv = await server();
    await rawCall(srv.remote, 'transact', [NB_DB, insertLR('old-1', 'a')]);
    for (const monitorMethod of ['monitor_cond', 'monitor'] as const) {
      const { s } = session(srv.remote, { monitorMethod });
      await s.ready;
      expect(s.stats.monitorMethod).toBe(monitorMethod);
      await s.transact([
        {
          op: 'update',
          table: 'Logical_Router',
          where: [['name', '==', 'old-1']],
          row: { external_ids: ['map', [['k8s.ovn.org/id', monitorMethod]]] },
        },
      ]);
      expect(
        s.replica.table('Logical_Router').lookup('external_ids:k8s.ovn.org/id', monitorMethod)?.name,
      ).toBe('old-1');
      await s.close();
    }
    // The trigger of the fallback: what a real server answers for a method it does not know.
    const c = await connect({ remote: srv.remote });
    try {
      const err = await c.call('monitor_cond_since_v9', []).catch((e: unknown) => e);
      expect(isUnknownMethod(err)).toBe(true);
    } finally {
      await c.close();
    }
  });

  it('a configuration the server schema cannot serve rejects ready with a typed error and closes', async () => {
    const srv = await server();
    const s = openSession({
      remote: srv.remote,
      db: NB_DB,
      tables: { Logical_Router: { columns: ['name', 'nmae'] } },
    });
    const statuses: SessionStatus[] = [];
    s.onStatus((x) => statuses.push(x));
    await expect(s.ready).rejects.toThrow(UnknownSchemaColumnError);
    await expect(s.ready).rejects.toThrow(/table "Logical_Router" has no column "nmae"/);
    expect(statuses[statuses.length - 1]?.state).toBe('closed');
    await expect(s.transact([])).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('a long initial sync over TCP is not cut off by an aggressive inactivity probe', async () => {
    const srv = await server({ tcp: true });
    const ops = Array.from({ length: 20000 }, (_, i) => insertLR(`big-${i}`, `id-${i}`));
    await rawCall(srv.remote, 'transact', [NB_DB, ...ops], { timeoutMs: 60000 });
    // A 20 ms probe is far shorter than the time the server needs to build the reply.
    const { s, statuses } = session(srv.tcpRemote!, { probeIntervalMs: 20 });
    await s.ready;
    expect(s.replica.table('Logical_Router').size).toBe(20000);
    expect(statuses.map((x) => x.state)).toEqual(['connected', 'syncing', 'ready']);
  });

  it('the inactivity probe detects a stopped (SIGSTOP) server on TCP', async () => {
    const srv = await server({ tcp: true });
    const { s, statuses } = session(srv.tcpRemote!, {
      probeIntervalMs: 100,
      backoff: { initialMs: 50, maxMs: 100 },
    });
    await s.ready;
    process.kill(srv.pid, 'SIGSTOP');
    try {
      await until('probe fires', 5000, async () =>
        statuses.some((x) => x.state === 'disconnected') ? true : undefined,
      );
    } finally {
      process.kill(srv.pid, 'SIGCONT');
    }
    const disc = statuses.find((x) => x.state === 'disconnected')!;
    expect(disc.reason).toMatch(/inactivity probe: no answer from tcp:127\.0\.0\.1:\d+ within 100 ms/);
    await s.whenReady(10000);
    expect(s.status.state).toBe('ready');
  });
});
