// What a library user reaches for, against a real ovsdb-server: `ready` that settles when no
// remote is reachable, AbortSignal on every session operation, logger and metrics hooks, and the
// same option names as connect (remote, tls).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  CanceledError,
  openSession,
  type Session,
  SessionAbortedError,
  type SessionOptions,
  type SessionStatus,
  SessionUnreachableError,
  type SyncEvent,
  type TransactionEvent,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer, until } from '@ovnkit/testkit';

const NB_DB = 'OVN_Northbound';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(opts: { ssl?: boolean } = {}): Promise<OvsdbServer> {
  const s = await startOvsdbServer({ schemas: ['nb'], ssl: opts.ssl });
  cleanups.push(() => s.stop());
  return s;
}

function session(opts: Partial<SessionOptions> & Pick<SessionOptions, 'remote'>): Session {
  const s = openSession({ db: NB_DB, tables: { Logical_Switch: { columns: ['name'] } }, ...opts });
  cleanups.push(() => s.close());
  return s;
}

/** A unix socket that accepts connections and never answers (a hung server). */
async function silentPeer(dir: string): Promise<string> {
  const sockets: Socket[] = [];
  const srv: Server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
  });
  const path = join(dir, 'silent.sock');
  await new Promise<void>((r) => srv.listen(path, r));
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => srv.close(r));
  });
  return `unix:${path}`;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ovnkit-session-api-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const blockingWait = {
  op: 'wait',
  table: 'Logical_Switch',
  where: [],
  columns: ['name'],
  until: '==',
  rows: [{ name: 'never' }],
};

describe('session.ready when nothing can serve', () => {
  it('rejects with SessionUnreachableError naming every remote once each was tried', async () => {
    const dir = tempDir();
    const missing = `unix:${join(dir, 'missing.sock')}`;
    const silent = await silentPeer(dir);
    const s = session({ remote: [missing, silent], connectTimeoutMs: 300 });
    const err = (await s.ready.catch((e: unknown) => e)) as SessionUnreachableError;
    expect(err).toBeInstanceOf(SessionUnreachableError);
    expect(err.attempts.map((a) => a.remote).sort()).toEqual([missing, silent].sort());
    expect(err.message).toContain(missing);
    // The session keeps trying: it is not closed by this.
    expect(s.status.state).not.toBe('closed');
  });

  it('after rejecting, the session keeps trying: a server that appears later is used (whenReady)', async () => {
    const dir = tempDir();
    const s = session({ remote: `unix:${join(dir, 'late.sock')}`, backoff: { initialMs: 20, maxMs: 50 } });
    await expect(s.ready).rejects.toBeInstanceOf(SessionUnreachableError);
    const srv = await startOvsdbServer({ schemas: ['nb'], dir, name: 'late' });
    cleanups.push(() => srv.stop());
    await s.whenReady({ timeoutMs: 20_000 });
    expect(s.status.state).toBe('ready');
  });
});

describe('AbortSignal on session operations', () => {
  it('whenReady and transact reject with SessionAbortedError and send nothing', async () => {
    const dir = tempDir();
    const s = session({ remote: `unix:${join(dir, 'none.sock')}` });
    const ac = new AbortController();
    const waiting = s.whenReady({ signal: ac.signal, timeoutMs: 60_000 });
    const tx = s.transact([{ op: 'comment', comment: 'never sent' }], { signal: ac.signal });
    ac.abort(new Error('caller gave up'));
    await expect(waiting).rejects.toBeInstanceOf(SessionAbortedError);
    const err = (await tx.catch((e: unknown) => e)) as SessionAbortedError;
    expect(err).toBeInstanceOf(SessionAbortedError);
    expect((err.cause as Error).message).toBe('caller gave up');
    await expect(s.transact([], { signal: ac.signal })).rejects.toBeInstanceOf(SessionAbortedError);
  });

  it('openSession({ signal }): aborting closes the session and a pending ready says it was aborted', async () => {
    const silent = await silentPeer(tempDir());
    const ac = new AbortController();
    const s = session({ remote: silent, connectTimeoutMs: 600_000, signal: ac.signal });
    ac.abort(new Error('shutting down'));
    const err = (await s.ready.catch((e: unknown) => e)) as SessionAbortedError;
    expect(err).toBeInstanceOf(SessionAbortedError);
    expect((err.cause as Error).message).toBe('shutting down');
    expect(s.status.state).toBe('closed');
  });

  it('a sent transaction blocked in a wait is cancelled: the server answers canceled', async () => {
    const srv = await server();
    const s = session({ remote: srv.remote });
    await s.ready;
    const ac = new AbortController();
    const blocked = s.transact([blockingWait], { signal: ac.signal });
    // A later transaction's reply proves the blocked one was written first (one socket, in order).
    await s.transact([]);
    ac.abort();
    await expect(blocked).rejects.toBeInstanceOf(CanceledError);
  });

  it('waitForPropagation stops waiting when aborted (no northd: sb_cfg never moves)', async () => {
    const srv = await server();
    const s = openSession({
      remote: srv.remote,
      db: NB_DB,
      tables: { NB_Global: { columns: ['nb_cfg', 'sb_cfg'] } },
    });
    cleanups.push(() => s.close());
    await s.ready;
    await s.transact([{ op: 'insert', table: 'NB_Global', row: {} }]);
    const ac = new AbortController();
    const waiting = s.waitForPropagation({
      table: 'NB_Global',
      counter: 'nb_cfg',
      until: ['sb_cfg'],
      signal: ac.signal,
    });
    await until('the replica shows nb_cfg=1', 10_000, async () =>
      (s.replica.table('NB_Global').rows().next().value as { nb_cfg?: number } | undefined)?.nb_cfg === 1
        ? true
        : undefined,
    );
    ac.abort();
    await expect(waiting).rejects.toBeInstanceOf(SessionAbortedError);
  });

  it('replica.changes() ends with the signal: the waiting next() rejects with its reason', async () => {
    const srv = await server();
    const s = session({ remote: srv.remote });
    await s.ready;
    const ac = new AbortController();
    const it = s.replica.changes({ signal: ac.signal });
    await s.transact([{ op: 'insert', table: 'Logical_Switch', row: { name: 'sw0' } }]);
    expect((await it.next()).done).toBe(false);
    const pending = it.next();
    const reason = new Error('stop feeding');
    ac.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('logger and metrics hooks', () => {
  it('report connection changes, syncs (and the resync after a restart) and transaction latency', async () => {
    const srv = await server();
    const statuses: SessionStatus[] = [];
    const syncs: SyncEvent[] = [];
    const txns: TransactionEvent[] = [];
    const logs: Array<[string, string, Readonly<Record<string, unknown>>]> = [];
    const s = session({
      remote: srv.remote,
      metrics: {
        connection: (st) => statuses.push(st),
        sync: (e) => syncs.push(e),
        transaction: (e) => txns.push(e),
      },
      logger: {
        info: (m, f) => logs.push(['info', m, f]),
        warn: (m, f) => logs.push(['warn', m, f]),
      },
      backoff: { initialMs: 20, maxMs: 100 },
    });
    await s.ready;
    expect(statuses.map((st) => st.state)).toEqual(['connecting', 'connected', 'syncing', 'ready']);
    expect(syncs).toEqual([
      {
        remote: srv.remote,
        method: 'monitor_cond_since',
        kind: 'full',
        durationMs: expect.any(Number),
        resync: false,
      },
    ]);
    await s.transact([{ op: 'insert', table: 'Logical_Switch', row: { name: 'sw0' } }]);
    await s.transact([{ op: 'insert', table: 'Logical_Switch', row: { name: 5 } }]).catch(() => undefined);
    expect(txns).toEqual([
      { operations: 1, durationMs: expect.any(Number), outcome: 'committed', remote: srv.remote },
      { operations: 1, durationMs: expect.any(Number), outcome: 'failed', remote: srv.remote },
    ]);
    expect(txns.every((t) => t.durationMs >= 0)).toBe(true);

    await srv.kill();
    await srv.restart();
    await until('the resync after the restart', 20_000, async () => (syncs.length === 2 ? true : undefined));
    expect(syncs[1]).toMatchObject({ resync: true, remote: srv.remote });
    expect(statuses.map((st) => st.state)).toContain('disconnected');
    expect(
      logs.some(
        ([level, m, f]) => level === 'warn' && m === 'session disconnected' && f.remote === srv.remote,
      ),
    ).toBe(true);
    expect(logs.filter(([level]) => level === 'info').map(([, m]) => m)).toEqual([
      'session ready',
      'session ready',
    ]);
  });

  it('a hook that throws goes to onListenerError and the session carries on', async () => {
    const srv = await server();
    const errors: unknown[] = [];
    const s = session({
      remote: srv.remote,
      metrics: {
        transaction: () => {
          throw new Error('broken metrics backend');
        },
      },
      onListenerError: (e) => errors.push(e),
    });
    await s.ready;
    await s.transact([{ op: 'insert', table: 'Logical_Switch', row: { name: 'sw1' } }]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['broken metrics backend']);
    expect(s.replica.table('Logical_Switch').size).toBe(1);
  });
});

describe('option names shared with connect', () => {
  it('remote and tls (typed TlsOptions) open a session over ssl', async () => {
    const srv = await server({ ssl: true });
    const pki = srv.pki!;
    const s = session({
      remote: srv.sslRemote!,
      tls: { privateKey: pki.clientKey, certificate: pki.clientCert, caCert: pki.caCert },
    });
    await s.ready;
    expect(s.server?.remote).toBe(srv.sslRemote);
  });
});
