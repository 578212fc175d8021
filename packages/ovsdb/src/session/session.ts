// A session: one live connection at a time (chosen among the remotes, leader only by default),
// monitoring the chosen tables into a Replica, reconnecting with backoff, resuming with
// monitor_cond_since, surviving online schema conversion, and sending transactions whose replica
// effects are visible by the time they resolve.

import { UnknownIndexError } from '../replica/errors.js';
import { Replica } from '../replica/replica.js';
import {
  tableCodecsFromSchema,
  UnknownSchemaColumnError,
  UnknownSchemaTableError,
} from '../replica/schema-codecs.js';
import { PENDING_TABLE, type TableCodec, type TableRows } from '../replica/types.js';
import { parseSchema } from '../schema/parse-schema.js';
import { SchemaError } from '../schema/schema-error.js';
import type { DatabaseSchema } from '../schema/types.js';
import { executeTransaction } from '../txn/execute.js';
import type { Outcome, TransactionResult } from '../txn/outcome.js';
import { Transaction } from '../txn/transaction.js';
import { Backoff, shuffledRemotes } from './backoff.js';
import { delay } from './clock.js';
import type { ConnectFn, ConnectionEvents, MonitorRequests, SessionConnection } from './connection.js';
import {
  SessionAbortedError,
  SessionClosedError,
  SessionConfigError,
  SessionTimeoutError,
  SessionUnreachableError,
  TransactionOutcomeUnknownError,
} from './errors.js';
import { SessionHooks, type TransactionEvent } from './hooks.js';
import {
  type MonitorMethod,
  probeIntervalFor,
  type ResolvedOptions,
  resolveOptions,
  type SessionOptions,
  type SessionTableOptions,
} from './options.js';
import {
  connectionClosedInfo,
  isRequestAborted,
  isRequestTimeout,
  isUnknownMethod,
} from './protocol-errors.js';
import { isDuplicateUuid, markerQuery, withInsertUuids } from './safe-transaction.js';
import { acceptServer, type ClusterMemory, type ServerDbInfo, serverDbInfo } from './server-status.js';
import { sharedSchema } from './shared-schemas.js';
import { type SessionState, type SessionStatus, StatusStream } from './status.js';

const ZERO_TXN = '00000000-0000-0000-0000-000000000000';
const SERVER_COLUMNS = ['name', 'model', 'connected', 'leader', 'cid', 'index'];
const SERVER_MONITOR = '_Server';
// The data monitor's reply may keep its rows unparsed; the replica parses each on first read.
const LAZY = { rawObjects: true } as const;
// OVNKIT_LAZY_ROWS_MIN_BYTES overrides the default threshold: 0 runs any test suite on lazy rows.
const LAZY_ROWS_MIN_BYTES_FROM_ENV =
  process.env.OVNKIT_LAZY_ROWS_MIN_BYTES === undefined
    ? undefined
    : Number(process.env.OVNKIT_LAZY_ROWS_MIN_BYTES);

/** Counters a caller can watch (e.g. to check that a short outage cost no full resync). */
export interface SessionStats {
  /** Syncs completed (each connection that reached `ready`, and each re-monitor after a schema change). */
  syncs: number;
  /** Syncs that transferred the whole database (first sync, standalone servers, unknown txn id). */
  fullSyncs: number;
  /** Syncs resumed from the last txn id (monitor_cond_since with found=true). */
  incrementalSyncs: number;
  /** Members skipped because they were followers, stale, disconnected from the cluster, ... */
  membersSkipped: number;
  /** Online schema conversions survived (monitor_canceled). */
  schemaChanges: number;
  /** The monitor method the current/last connection uses. */
  monitorMethod: MonitorMethod | undefined;
}

/** Options of a session transaction. */
export interface TransactOptions {
  /** Deadline for this call, including waiting for a connection (default: transactTimeoutMs). */
  readonly timeoutMs?: number;
  /**
   * Aborts the call: before the request is sent it rejects with SessionAbortedError and nothing
   * is sent; once a transaction is sent, `cancel` is sent and the server's answer decides
   * (CanceledError if it had not run it, e.g. a blocked `wait`; otherwise the real outcome).
   */
  readonly signal?: AbortSignal;
}

/** Options of waiting for the session to be ready. */
export interface WhenReadyOptions {
  /** Give up after this long (default: transactTimeoutMs). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Options of {@link Session.transactSafely}. */
export interface SafeTransactOptions extends TransactOptions {
  /** Most attempts after unknown outcomes (default 5). */
  readonly maxAttempts?: number;
}

/**
 * The result of {@link Session.transactSafely}: the results, the uuids chosen for the inserts, and how the
 * outcome was confirmed.
 */
export interface SafeTransactResult {
  /** The transact results, or undefined when the commit was established by the verification read. */
  readonly results: readonly unknown[] | undefined;
  /** The uuids the inserted rows got (in insert order). */
  readonly insertedUuids: readonly string[];
  readonly attempts: number;
  /** `reply`: the server answered; `verification`: an earlier attempt was found committed. */
  readonly confirmedBy: 'reply' | 'verification';
}

/** Options of {@link Session.waitForPropagation}: the counter to bump and the columns to wait for. */
export interface PropagationOptions extends TransactOptions {
  /** The table holding the counters (one row), e.g. `NB_Global`. */
  readonly table: string;
  /** The counter this transaction increments, e.g. `nb_cfg`. */
  readonly counter: string;
  /** Columns that must reach the new counter value, e.g. `['sb_cfg']` or `['hv_cfg']`. */
  readonly until: readonly string[];
  /** Operations to commit in the same transaction (the change to wait for). */
  readonly operations?: readonly unknown[];
}

interface Link {
  readonly remote: string;
  conn: SessionConnection | undefined;
  dataMonitorId: string | undefined;
  /** Ids in use by a monitor_cond_change not yet acknowledged. */
  readonly changingIds: Set<string>;
  serverReplica: Replica | undefined;
  end: (why: LinkEnd) => void;
  readonly ended: Promise<LinkEnd>;
  isEnded: boolean;
  probeTimer: unknown;
  /** Serialises resyncs after monitor_canceled. */
  resyncing: Promise<void> | undefined;
  /** A monitor request is outstanding: the sync watchdog, not the probe, decides liveness. */
  syncing: boolean;
  /** Settles once the connection is closed (after the link ended). */
  closing: Promise<void> | undefined;
}

interface LinkEnd {
  readonly reason: string;
  readonly error?: Error;
  /** A member that cannot serve us (follower, stale, ...): try the next one at once. */
  readonly skip?: boolean;
}

/** The member currently serving the session, as `_Server` describes it. */
export interface ServerView {
  readonly remote: string;
  readonly info: ServerDbInfo | undefined;
}

/**
 * One live connection at a time with a replica kept in sync: reconnection, resume, leader following, safe
 * transactions.
 */
export class Session<T extends TableRows = TableRows> {
  readonly replica: Replica<T>;
  /** Resolves when the replica is first ready; rejects if the session closes or is misconfigured first. */
  readonly ready: Promise<void>;
  readonly stats: SessionStats = {
    syncs: 0,
    fullSyncs: 0,
    incrementalSyncs: 0,
    membersSkipped: 0,
    schemaChanges: 0,
    monitorMethod: undefined,
  };

  private readonly opts: SessionOptions;
  private readonly r: ResolvedOptions;
  private readonly statusStream: StatusStream;
  private readonly tableOpts: Map<string, SessionTableOptions>;
  private readonly backoff: Backoff;
  private readonly memory: ClusterMemory = { minIndex: 0, cid: undefined };
  private readonly abort = new AbortController();
  private readonly connectFn: ConnectFn;
  private readonly hooks: SessionHooks;
  private link: Link | undefined;
  private schema: DatabaseSchema | undefined;
  private schemaText: string | undefined;
  private serverSchema: DatabaseSchema | undefined;
  private monitorSeq = 0;
  private closed = false;
  private everReady = false;
  private settleReady!: (err?: Error) => void;

  constructor(opts: SessionOptions, connectFn: ConnectFn) {
    this.opts = opts;
    this.r = resolveOptions(opts);
    this.connectFn = opts.connect ?? connectFn;
    this.hooks = new SessionHooks(opts);
    this.backoff = new Backoff({ random: this.r.random, ...opts.backoff });
    this.tableOpts = new Map(Object.entries(opts.tables));
    if (this.tableOpts.size === 0)
      throw new SessionConfigError('openSession needs at least one table in `tables`');
    if (shuffledRemotes(opts.remote, () => 0).length === 0)
      throw new SessionConfigError('openSession needs at least one remote');
    const pending: Record<string, TableCodec> = {};
    for (const t of this.tableOpts.keys()) pending[t] = PENDING_TABLE;
    this.replica = new Replica<T>({
      tables: pending,
      indexes: opts.indexes,
      onListenerError: opts.onListenerError,
    });
    this.statusStream = new StatusStream({ state: 'connecting', remote: undefined, at: this.r.clock.now() });
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = (err) => (err ? reject(err) : resolve());
    });
    // A caller that never awaits `ready` must not get an unhandled rejection.
    this.ready.catch(() => {});
    // The caller's signal ends the session; a `ready` still pending says it was aborted.
    const signal = opts.signal;
    const onAbort = () => {
      this.settleReady(new SessionAbortedError('ready', signal?.reason));
      void this.close();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    this.statusStream.on((s) => {
      if (s.state === 'closed') signal?.removeEventListener('abort', onAbort);
    });
    void this.run();
  }

  /** The current status. */
  get status(): SessionStatus {
    return this.statusStream.value;
  }

  /** The member serving the session now (undefined while disconnected). */
  get server(): ServerView | undefined {
    const l = this.link;
    if (!l?.conn || l.isEnded) return undefined;
    return { remote: l.remote, info: this.currentServerInfo(l) };
  }

  /** Calls `listener` on every status change; returns the unsubscribe function. */
  onStatus(listener: (s: SessionStatus) => void): () => void {
    return this.statusStream.on(listener);
  }

  /** Status changes as an async iterator (starting with the current status, ending after `closed`). */
  statuses(): AsyncIterableIterator<SessionStatus> {
    return this.statusStream.iterate();
  }

  /**
   * Resolves when the session is `ready` (now or later, unlike `ready`, which settles once), or
   * rejects at the deadline, on close, or when `signal` aborts. A number is the deadline in ms.
   */
  async whenReady(opts: number | WhenReadyOptions = {}): Promise<void> {
    const o = typeof opts === 'number' ? { timeoutMs: opts } : opts;
    await this.readyLink(this.r.clock.now() + (o.timeoutMs ?? this.r.transactTimeoutMs), 'ready', o.signal);
  }

  /**
   * Sends a transaction once the session is ready (waiting up to the deadline). When it resolves,
   * the replica already shows its effects. If the connection drops after it was sent, it rejects
   * with TransactionOutcomeUnknownError and is not resent.
   */
  transact<S extends DatabaseSchema, R extends readonly Outcome[]>(
    transaction: Transaction<S, R>,
    opts?: TransactOptions,
  ): Promise<TransactionResult<R>>;
  transact(operations: readonly unknown[], opts?: TransactOptions): Promise<readonly unknown[]>;
  async transact(
    request: readonly unknown[] | Transaction<DatabaseSchema, readonly Outcome[]>,
    opts: TransactOptions = {},
  ): Promise<unknown> {
    if (!(request instanceof Transaction)) return await this.transactOperations(request, opts);
    // A builder: validated and compiled before anything is sent, results decoded and typed.
    if (request.db !== this.opts.db)
      throw new SessionConfigError(
        `the transaction is for database ${request.db}, but this session serves ${this.opts.db}`,
      );
    return executeTransaction((_db, ops) => this.transactOperations(ops, opts), request);
  }

  private async transactOperations(
    operations: readonly unknown[],
    opts: TransactOptions,
  ): Promise<readonly unknown[]> {
    // Without a transaction metric hook: no clock read, event or closure per call. (`return
    // await` settles this promise a tick sooner than returning the inner one.)
    if (!this.hooks.wants('transaction')) return await this.sendTransaction(operations, opts);
    const started = this.r.clock.now();
    let remote: string | undefined;
    const report = (outcome: TransactionEvent['outcome']) =>
      this.hooks.metric('transaction', {
        operations: operations.length,
        durationMs: this.r.clock.now() - started,
        outcome,
        remote,
      });
    try {
      const results = await this.sendTransaction(operations, opts, (r) => {
        remote = r;
      });
      report('committed');
      return results;
    } catch (err) {
      report(
        err instanceof TransactionOutcomeUnknownError
          ? 'unknown'
          : err instanceof SessionAbortedError
            ? 'aborted'
            : 'failed',
      );
      throw err;
    }
  }

  private async sendTransaction(
    operations: readonly unknown[],
    opts: TransactOptions,
    sentTo?: (remote: string) => void,
  ): Promise<readonly unknown[]> {
    const deadline = this.r.clock.now() + (opts.timeoutMs ?? this.r.transactTimeoutMs);
    for (;;) {
      // Ready now (nearly always): no extra async call and await.
      const link = this.readyNow(opts.signal) ?? (await this.readyLink(deadline, 'transact', opts.signal));
      const conn = link.conn!;
      sentTo?.(link.remote);
      try {
        return await conn.transact(this.opts.db, operations, {
          timeoutMs: Math.max(1, deadline - this.r.clock.now()),
          signal: opts.signal,
        });
      } catch (err) {
        if (isRequestAborted(err)) throw new SessionAbortedError('transact', opts.signal?.reason);
        const closed = connectionClosedInfo(err);
        if (closed && !closed.sent) continue; // never left us: wait for the next connection
        if (closed || isRequestTimeout(err))
          throw new TransactionOutcomeUnknownError(link.remote, operations, { cause: err });
        throw err;
      }
    }
  }

  /**
   * A transaction that is safe to retry: every insert gets a uuid chosen here, and after an unknown
   * outcome the session reconnects, checks whether those rows exist, and resends only if they do
   * not. Needs at least one insert; rows that other clients delete in between cannot be told apart
   * from a lost commit, so use it for rows this client owns.
   */
  async transactSafely(
    operations: readonly unknown[],
    opts: SafeTransactOptions = {},
  ): Promise<SafeTransactResult> {
    const { operations: ops, markers } = withInsertUuids(operations);
    const deadline = this.r.clock.now() + (opts.timeoutMs ?? this.r.transactTimeoutMs);
    const maxAttempts = opts.maxAttempts ?? 5;
    const insertedUuids = markers.map((m) => m.uuid);
    for (let attempt = 1; ; attempt++) {
      const left = () => Math.max(1, deadline - this.r.clock.now());
      try {
        const results = await this.transact(ops, { timeoutMs: left(), signal: opts.signal });
        return { results, insertedUuids, attempts: attempt, confirmedBy: 'reply' };
      } catch (err) {
        // A resend that finds its uuid taken means an earlier attempt did commit.
        if (attempt > 1 && isDuplicateUuid(err))
          return { results: undefined, insertedUuids, attempts: attempt, confirmedBy: 'verification' };
        if (!(err instanceof TransactionOutcomeUnknownError) || attempt >= maxAttempts) throw err;
      }
      const found = await this.transact(markerQuery(markers[0]!), { timeoutMs: left(), signal: opts.signal });
      const rows = (found[0] as { rows?: unknown[] } | undefined)?.rows ?? [];
      if (rows.length > 0)
        return { results: undefined, insertedUuids, attempts: attempt, confirmedBy: 'verification' };
    }
  }

  /**
   * Like `ovn-nbctl --wait=...`: increments `counter` in `table` (with `operations` in the same
   * transaction), then waits until every `until` column of that row reaches the new value in the
   * replica. The table and columns must be replicated. Resolves with the counter value.
   */
  async waitForPropagation(opts: PropagationOptions): Promise<number> {
    const budget = opts.timeoutMs ?? this.r.transactTimeoutMs;
    const deadline = this.r.clock.now() + budget;
    const table = this.tableOpts.get(opts.table);
    if (!table)
      throw new SessionConfigError(
        `waitForPropagation: table ${opts.table} is not replicated by this session`,
      );
    for (const c of opts.until) {
      if (table.columns && !table.columns.includes(c)) {
        throw new SessionConfigError(
          `waitForPropagation: column ${opts.table}.${c} is not replicated by this session`,
        );
      }
    }
    const results = await this.transact(
      [
        ...(opts.operations ?? []),
        { op: 'mutate', table: opts.table, where: [], mutations: [[opts.counter, '+=', 1]] },
        { op: 'select', table: opts.table, where: [], columns: [opts.counter] },
      ],
      { timeoutMs: Math.max(1, deadline - this.r.clock.now()), signal: opts.signal },
    );
    const sel = results[results.length - 1] as { rows?: Array<Record<string, unknown>> } | undefined;
    const value = Number(sel?.rows?.[0]?.[opts.counter]);
    if (!Number.isFinite(value))
      throw new SessionConfigError(`waitForPropagation: table ${opts.table} has no row to count in`);
    const reached = () => {
      const t = this.replica.table(opts.table as keyof T & string);
      if (t.size === 0) return false;
      for (const row of t.rows()) {
        for (const c of opts.until)
          if (Number((row as unknown as Record<string, unknown>)[c]) < value) return false;
      }
      return true;
    };
    if (reached()) return value;
    await new Promise<void>((resolve, reject) => {
      const timer = this.r.clock.setTimeout(
        () => {
          done();
          reject(
            new SessionTimeoutError(
              'propagation',
              budget,
              `${opts.until.join(', ')} did not reach ${opts.counter}=${value}`,
            ),
          );
        },
        Math.max(1, deadline - this.r.clock.now()),
      );
      const offChange = this.replica.onChange(() => {
        if (!reached()) return;
        done();
        resolve();
      });
      const offStatus = this.statusStream.on((s) => {
        if (s.state !== 'closed') return;
        done();
        reject(new SessionClosedError('while waiting for propagation'));
      });
      const onAbort = () => {
        done();
        reject(new SessionAbortedError('propagation', opts.signal?.reason));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        this.r.clock.clearTimeout(timer);
        offChange();
        offStatus();
        opts.signal?.removeEventListener('abort', onAbort);
      };
      if (opts.signal?.aborted) onAbort();
    });
    return value;
  }

  /**
   * Changes a table's monitor condition (monitor_cond_change). Rows leaving the condition are
   * deleted from the replica and rows entering it inserted, before this resolves. The condition is
   * kept for later reconnections.
   */
  async setCondition(
    table: string,
    where: readonly unknown[] | undefined,
    opts: TransactOptions = {},
  ): Promise<void> {
    const cur = this.tableOpts.get(table);
    if (!cur) throw new SessionConfigError(`setCondition: table ${table} is not replicated by this session`);
    this.tableOpts.set(table, { ...cur, where });
    const deadline = this.r.clock.now() + (opts.timeoutMs ?? this.r.transactTimeoutMs);
    for (;;) {
      const link = await this.readyLink(deadline, 'transact', opts.signal);
      if (this.stats.monitorMethod === 'monitor') {
        throw new SessionConfigError(
          'the server supports only "monitor": conditions need monitor_cond (Open vSwitch 2.6+)',
        );
      }
      const oldId = link.dataMonitorId!;
      const newId = this.nextMonitorId();
      link.changingIds.add(newId);
      try {
        await link.conn!.monitorCondChange(
          oldId,
          newId,
          { [table]: [{ where: where ?? [true] }] },
          { timeoutMs: Math.max(1, deadline - this.r.clock.now()), signal: opts.signal },
        );
        link.dataMonitorId = newId;
        return;
      } catch (err) {
        // Not acknowledged: the server may or may not apply it, so the next sync must be full
        // (a resume would not send rows that newly match).
        this.replica.resetTxnId();
        if (isRequestAborted(err)) throw new SessionAbortedError('condition', opts.signal?.reason);
        if (connectionClosedInfo(err)) continue; // the next connection monitors with the new condition
        throw err;
      } finally {
        link.changingIds.delete(newId);
      }
    }
  }

  /** Closes the connection and ends every stream; pending calls reject. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort(new SessionClosedError('close() was called'));
    const l = this.link;
    if (l) this.endLink(l, { reason: 'closed by the caller' });
    this.settleReady(new SessionClosedError('closed before the replica was ready'));
    this.emit('closed', undefined, { reason: 'close() was called' });
    this.replica.close();
    await l?.closing;
  }

  // ---- internals ----

  private emit(state: SessionState, remote: string | undefined, extra: Partial<SessionStatus> = {}): void {
    const status: SessionStatus = { state, remote, at: this.r.clock.now(), ...extra };
    this.statusStream.emit(status);
    this.hooks.status(this.opts.db, status);
  }

  private nextMonitorId(): string {
    return `${this.opts.db}#${++this.monitorSeq}`;
  }

  private currentServerInfo(l: Link): ServerDbInfo | undefined {
    const t = l.serverReplica?.table('Database');
    if (!t) return undefined;
    for (const row of t.rows()) {
      const info = serverDbInfo(row as unknown as Record<string, unknown>);
      if (info.name === this.opts.db) return info;
    }
    return undefined;
  }

  /** The link, if the session is ready now and `signal` has not fired. */
  private readyNow(signal: AbortSignal | undefined): Link | undefined {
    const l = this.link;
    return !this.closed && !signal?.aborted && this.status.state === 'ready' && l?.conn && !l.isEnded
      ? l
      : undefined;
  }

  private async readyLink(
    deadline: number,
    phase: 'transact' | 'ready',
    signal?: AbortSignal,
  ): Promise<Link> {
    for (;;) {
      if (this.closed) throw new SessionClosedError(`${phase} after close()`);
      if (signal?.aborted) throw new SessionAbortedError(phase, signal.reason);
      const l = this.readyNow(signal);
      if (l) return l;
      const left = deadline - this.r.clock.now();
      if (left <= 0) {
        throw new SessionTimeoutError(
          phase,
          0,
          `the session is ${this.status.state}${this.status.reason ? ` (${this.status.reason})` : ''}`,
        );
      }
      const ac = new AbortController();
      const timer = this.r.clock.setTimeout(() => ac.abort(), left);
      const onAbort = () => ac.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await this.statusStream.waitFor((s) => s.state === 'ready', ac.signal);
      } catch (err) {
        if (err instanceof SessionClosedError) throw err;
        if (signal?.aborted) throw new SessionAbortedError(phase, signal.reason);
        const s = this.status;
        throw new SessionTimeoutError(
          phase,
          left,
          `not ready in time: the session is ${s.state}${s.reason ? ` (${s.reason})` : ''}`,
        );
      } finally {
        this.r.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  private endLink(l: Link, why: LinkEnd): void {
    if (l.isEnded) return;
    l.isEnded = true;
    if (l.probeTimer !== undefined) this.r.clock.clearTimeout(l.probeTimer);
    // An unacknowledged condition change leaves the server's view unknown: resync fully.
    if (l.changingIds.size > 0) this.replica.resetTxnId();
    l.closing = l.conn?.close().catch(() => {});
    l.end(why);
  }

  private async run(): Promise<void> {
    let list = shuffledRemotes(this.opts.remote, this.r.random);
    let i = 0;
    let failuresInRow = 0;
    // Before the first ready: why each remote failed (members that answered but could not serve,
    // such as followers, do not count as unreachable).
    const unreachable = new Map<string, Error | undefined>();
    while (!this.closed) {
      if (i >= list.length) {
        i = 0;
        list = shuffledRemotes(this.opts.remote, this.r.random);
      }
      const remote = list[i++]!;
      let resolveEnd!: (e: LinkEnd) => void;
      const ended = new Promise<LinkEnd>((r) => {
        resolveEnd = r;
      });
      const link: Link = {
        remote,
        conn: undefined,
        dataMonitorId: undefined,
        changingIds: new Set(),
        serverReplica: undefined,
        end: resolveEnd,
        ended,
        isEnded: false,
        probeTimer: undefined,
        resyncing: undefined,
        syncing: false,
        closing: undefined,
      };
      this.link = link;
      let why: LinkEnd;
      try {
        this.emit('connecting', remote);
        await this.establish(link);
        failuresInRow = 0;
        this.backoff.reset();
        why = await link.ended;
      } catch (err) {
        why = link.isEnded
          ? await link.ended
          : { reason: (err as Error).message, error: err as Error, skip: err instanceof SkipMember };
        if (isConfigError(err)) {
          // The server's schema cannot serve this configuration: retrying will not help.
          this.endLink(link, why);
          this.settleReady(err as Error);
          await this.close();
          return;
        }
      }
      this.endLink(link, why);
      if (this.closed) return;
      this.emit('disconnected', remote, { reason: why.reason, error: why.error });
      if (!this.everReady && !why.skip) {
        unreachable.set(remote, why.error);
        if (unreachable.size === new Set(list).size) {
          const attempts = [...unreachable].map(([r, error]) => ({ remote: r, error }));
          this.settleReady(new SessionUnreachableError(attempts));
        }
      }
      if (why.skip) this.stats.membersSkipped++;
      failuresInRow++;
      // One try per remote before any waiting, as the OVS IDLs do; after that, back off. A member
      // that answered but cannot serve us (a follower during an election) is retried at the
      // shortest delay: the leader is about to appear, and a long wait would turn a short outage
      // into a full resync once the server's transaction history has moved on.
      const wait = failuresInRow < list.length ? 0 : why.skip ? this.backoff.first() : this.backoff.next();
      this.emit('reconnecting', remote, { reason: why.reason, error: why.error, delayMs: wait });
      if (wait > 0) await delay(this.r.clock, wait, this.abort.signal);
    }
  }

  private events(link: Link): ConnectionEvents {
    const route = (id: unknown, apply: (target: Replica) => void) => {
      if (link.isEnded) return;
      try {
        if (id === SERVER_MONITOR) {
          if (!link.serverReplica) return;
          apply(link.serverReplica);
          this.checkServer(link);
        } else if (id === link.dataMonitorId || link.changingIds.has(id as string)) {
          apply(this.replica as unknown as Replica);
        }
      } catch (err) {
        // The replica cannot follow the server any more: start over with a full sync.
        this.replica.resetTxnId();
        this.endLink(link, {
          reason: `update could not be applied: ${(err as Error).message}`,
          error: err as Error,
        });
      }
    };
    return {
      update: (id, updates) => route(id, (r) => r.applyUpdate({ format: 'update', updates })),
      update2: (id, updates) => route(id, (r) => r.applyUpdate({ format: 'update2', updates })),
      update3: (id, lastTxnId, updates) =>
        route(id, (r) => r.applyUpdate({ format: 'update3', updates, lastTxnId })),
      monitorCanceled: (id) => {
        if (link.isEnded || id === SERVER_MONITOR) return;
        // The database's schema was converted online: fetch the new schema and monitor again.
        link.resyncing = (link.resyncing ?? Promise.resolve()).then(() => this.resyncAfterConvert(link));
      },
      closed: (error) =>
        this.endLink(link, {
          reason: error ? `connection lost: ${error.message}` : 'connection closed',
          error,
        }),
    };
  }

  private checkServer(link: Link): void {
    const ok = acceptServer(this.currentServerInfo(link), this.memory, this.r.leaderOnly);
    if (!ok.ok) {
      // A leader change or a member cut off from the cluster: move on at once, resuming later.
      this.backoff.reset();
      this.endLink(link, { reason: ok.reason!, skip: true });
    }
  }

  private async establish(link: Link): Promise<void> {
    const conn = await this.connectFn({
      remote: link.remote,
      tls: this.opts.tls,
      timeoutMs: this.r.connectTimeoutMs,
      signal: this.abort.signal,
      events: this.events(link),
      rawMessageMinBytes: this.opts.lazyRowsMinBytes ?? LAZY_ROWS_MIN_BYTES_FROM_ENV,
    });
    link.conn = conn;
    if (link.isEnded) return;
    this.emit('connected', link.remote);
    await this.checkServerDb(link, conn);
    // Change-aware: an online schema conversion cancels our monitors (monitor_canceled) instead of
    // dropping the connection.
    try {
      await conn.setDbChangeAware(true, { timeoutMs: this.r.connectTimeoutMs });
    } catch (err) {
      if (!isUnknownMethod(err)) throw err;
    }
    await this.syncData(link, conn);
    // The probe watches an established session. Until then every request has its own deadline
    // (connectTimeoutMs, the sync watchdog), and ovsdb-server may be too busy to echo in time:
    // right after a big commit it writes its log, and on 2 cores it competes with the client.
    if (!link.isEnded) this.startProbe(link);
  }

  private async checkServerDb(link: Link, conn: SessionConnection): Promise<void> {
    let serverSchema = this.serverSchema;
    try {
      serverSchema ??= parseSchema(await conn.getSchema('_Server', { timeoutMs: this.r.connectTimeoutMs }));
    } catch (err) {
      // ovsdb-server older than 2.9 has no _Server database: it can only be standalone.
      if (/unknown database/.test((err as Error).message)) return;
      throw err;
    }
    this.serverSchema = serverSchema;
    // One row: a few shared strings are plenty (the default table is 48 KB per session).
    const codecs = tableCodecsFromSchema(
      serverSchema,
      { Database: { columns: SERVER_COLUMNS.filter((c) => c in serverSchema.tables.Database!.columns) } },
      { sharedStrings: 32 },
    );
    const sr = new Replica({ tables: codecs });
    link.serverReplica = sr;
    sr.beginSync();
    const reply = await conn.monitorCond(
      '_Server',
      SERVER_MONITOR,
      { Database: { columns: [...codecs.Database!.columns.keys()], where: [['name', '==', this.opts.db]] } },
      {
        timeoutMs: this.r.connectTimeoutMs,
      },
    );
    sr.applySnapshot({ format: 'update2', updates: reply }, { kind: 'full' });
    const ok = acceptServer(this.currentServerInfo(link), this.memory, this.r.leaderOnly);
    if (!ok.ok) throw new SkipMember(ok.reason!);
  }

  private async loadSchema(conn: SessionConnection): Promise<void> {
    const json = await conn.getSchema(this.opts.db, { timeoutMs: this.r.connectTimeoutMs });
    const text = JSON.stringify(json, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    if (text === this.schemaText) return;
    const shared = sharedSchema(text, json);
    const schema = shared.schema;
    const selection: Record<string, { columns?: readonly string[] }> = {};
    for (const [t, o] of this.tableOpts) selection[t] = { columns: o.columns };
    const codecs = tableCodecsFromSchema(schema, selection);
    const first = this.schema === undefined;
    this.replica.reconfigure(codecs);
    if (!first) this.stats.schemaChanges++;
    this.schema = schema;
    this.schemaText = shared.text;
  }

  private requests(method: MonitorMethod): MonitorRequests {
    const out: Record<string, { columns: string[]; where?: readonly unknown[] }> = {};
    for (const [t, o] of this.tableOpts) {
      const columns = o.columns ? [...o.columns] : Object.keys(this.schema!.tables[t]!.columns);
      if (method === 'monitor') {
        if (o.where)
          throw new SessionConfigError(`table ${t} has a condition but the server supports only "monitor"`);
        out[t] = { columns };
      } else out[t] = o.where ? { columns, where: o.where } : { columns };
    }
    return out;
  }

  /** Monitors the data tables into the replica (resuming when possible) and becomes `ready`. */
  private async syncData(link: Link, conn: SessionConnection): Promise<void> {
    await this.loadSchema(conn);
    if (link.isEnded) return;
    this.emit('syncing', link.remote);
    this.replica.beginSync();
    const stopWatch = this.watchSync(link, conn);
    link.syncing = true;
    try {
      const order: MonitorMethod[] = ['monitor_cond_since', 'monitor_cond', 'monitor'];
      for (const method of order.slice(order.indexOf(this.r.monitorMethod))) {
        const id = this.nextMonitorId();
        link.dataMonitorId = id;
        const started = this.r.clock.now();
        try {
          const { kind, note } = await this.monitorWith(method, conn, id);
          if (link.isEnded) return;
          this.hooks.metric('sync', {
            remote: link.remote,
            method,
            kind,
            durationMs: this.r.clock.now() - started,
            resync: this.stats.syncs > 0,
          });
          this.stats.monitorMethod = method;
          this.stats.syncs++;
          if (kind === 'full') this.stats.fullSyncs++;
          else this.stats.incrementalSyncs++;
          if (!this.everReady) {
            this.everReady = true;
            this.settleReady();
          }
          this.emit('ready', link.remote, { sync: kind, reason: `${method}, ${kind} sync${note ?? ''}` });
          return;
        } catch (err) {
          if (!isUnknownMethod(err) || method === 'monitor') throw err;
        }
      }
    } finally {
      link.syncing = false;
      stopWatch();
    }
  }

  private async monitorWith(
    method: MonitorMethod,
    conn: SessionConnection,
    id: string,
  ): Promise<{ kind: 'full' | 'incremental'; note?: string }> {
    const db = this.opts.db;
    const requests = this.requests(method);
    if (method === 'monitor_cond_since') {
      const since = this.replica.lastTxnId ?? ZERO_TXN;
      const reply = await conn.monitorCondSince(db, id, requests, since, LAZY);
      const kind = reply.found ? 'incremental' : 'full';
      this.replica.applySnapshot(
        { format: 'update3', updates: reply.updates, lastTxnId: reply.lastTxnId },
        { kind },
      );
      // Say why a resume fell back to a full sync: the server no longer keeps our last txn (it
      // keeps about as many changes as the database holds; beyond that a full copy is cheaper).
      const missed = !reply.found && since !== ZERO_TXN;
      return missed ? { kind, note: ` (the server has no history for transaction ${since})` } : { kind };
    }
    this.replica.resetTxnId();
    if (method === 'monitor_cond') {
      const updates = await conn.monitorCond(db, id, requests, LAZY);
      this.replica.applySnapshot({ format: 'update2', updates }, { kind: 'full' });
    } else {
      const updates = await conn.monitor(db, id, requests, LAZY);
      this.replica.applySnapshot({ format: 'update', updates }, { kind: 'full' });
    }
    return { kind: 'full' };
  }

  /** Abandons a sync only when nothing at all has arrived for syncIdleTimeoutMs. */
  private watchSync(link: Link, conn: SessionConnection): () => void {
    const idle = this.r.syncIdleTimeoutMs;
    let last = conn.bytesReceived;
    let lastChange = this.r.clock.now();
    let timer: unknown;
    const tick = () => {
      if (link.isEnded) return;
      const now = this.r.clock.now();
      if (conn.bytesReceived !== last) {
        last = conn.bytesReceived;
        lastChange = now;
      } else if (now - lastChange >= idle) {
        const err = new SessionTimeoutError(
          'sync',
          idle,
          `nothing received from ${link.remote} for ${idle} ms during the initial sync`,
        );
        this.endLink(link, { reason: err.message, error: err });
        return;
      }
      timer = this.r.clock.setTimeout(tick, Math.max(10, Math.min(1000, idle / 4)));
    };
    timer = this.r.clock.setTimeout(tick, Math.max(10, Math.min(1000, idle / 4)));
    return () => this.r.clock.clearTimeout(timer);
  }

  /**
   * Inactivity probe: every interval, if nothing arrived since the last tick, send an echo; if
   * still nothing arrived by the next tick, the connection is dead. Any bytes count as life, and
   * while a monitor request is outstanding only the sync watchdog may give up (ovsdb-server does
   * not answer echo while it builds a large monitor reply).
   */
  private startProbe(link: Link): void {
    const interval = probeIntervalFor(link.remote, this.opts.probeIntervalMs);
    const conn = link.conn;
    if (interval <= 0 || !conn) return;
    let last = conn.bytesReceived;
    let echoed = false;
    const tick = () => {
      if (link.isEnded) return;
      if (conn.bytesReceived !== last) {
        last = conn.bytesReceived;
        echoed = false;
      } else if (echoed && !link.syncing) {
        const err = new SessionTimeoutError(
          'connect',
          interval,
          `inactivity probe: no answer from ${link.remote} within ${interval} ms`,
        );
        this.endLink(link, { reason: err.message, error: err });
        return;
      } else {
        echoed = true;
        conn.echo().catch(() => {});
      }
      link.probeTimer = this.r.clock.setTimeout(tick, interval);
    };
    link.probeTimer = this.r.clock.setTimeout(tick, interval);
  }

  private async resyncAfterConvert(link: Link): Promise<void> {
    if (link.isEnded || !link.conn) return;
    try {
      // After conversion, transaction ids of the old schema are meaningless.
      this.replica.resetTxnId();
      await this.syncData(link, link.conn);
    } catch (err) {
      this.endLink(link, {
        reason: `re-monitoring after a schema change failed: ${(err as Error).message}`,
        error: err as Error,
      });
    }
  }
}

/**
 * Errors that retrying cannot fix: the server's schema cannot serve this configuration, or cannot
 * be parsed at all.
 */
function isConfigError(err: unknown): boolean {
  return (
    err instanceof SessionConfigError ||
    err instanceof SchemaError ||
    err instanceof UnknownSchemaColumnError ||
    err instanceof UnknownSchemaTableError ||
    err instanceof UnknownIndexError
  );
}

/** A member that cannot serve this session (not an error of the session). */
class SkipMember extends Error {
  override name = 'SkipMember';
}
