// Logger and metrics hooks of a session: small interfaces with optional methods, so any logger
// (console, pino, ...) or metrics library can be adapted in a few lines and none is a dependency.
import type { MonitorMethod } from './options.js';
import type { SessionStatus } from './status.js';

/** Log levels of {@link SessionLogger}. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured log lines: a message and the fields it is about. */
export type SessionLogger = {
  readonly [L in LogLevel]?: (message: string, fields: Readonly<Record<string, unknown>>) => void;
};

/** A completed sync: the first one, and every resync after a reconnect or schema change. */
export interface SyncEvent {
  readonly remote: string;
  readonly method: MonitorMethod;
  /** `incremental`: resumed from the last transaction id (monitor_cond_since found it). */
  readonly kind: 'full' | 'incremental';
  /** From sending the monitor request to the replica holding its reply. */
  readonly durationMs: number;
  /** True for every sync after the first. */
  readonly resync: boolean;
}

/** One `transact` call, from the call to its settling (waiting for a connection included). */
export interface TransactionEvent {
  readonly operations: number;
  readonly durationMs: number;
  /** `unknown`: the connection dropped after sending (TransactionOutcomeUnknownError). */
  readonly outcome: 'committed' | 'failed' | 'unknown' | 'aborted';
  /** The remote it was sent to (undefined when it never was). */
  readonly remote: string | undefined;
}

/** Metrics hooks of a session; every method is optional. */
export interface SessionMetrics {
  /** Every status change (connecting, connected, syncing, ready, disconnected, ...). */
  connection?(status: SessionStatus): void;
  sync?(event: SyncEvent): void;
  transaction?(event: TransactionEvent): void;
}

export interface HookOptions {
  readonly logger?: SessionLogger;
  readonly metrics?: SessionMetrics;
  readonly onListenerError?: (err: unknown) => void;
}

/** Calls the hooks; one that throws is reported to onListenerError, never allowed to break the session. */
export class SessionHooks {
  constructor(private readonly o: HookOptions) {}

  /** Whether a metric hook `name` is set (so a caller can skip building its event). */
  wants(name: keyof SessionMetrics): boolean {
    return this.o.metrics?.[name] !== undefined;
  }

  metric<K extends keyof SessionMetrics>(
    name: K,
    event: Parameters<NonNullable<SessionMetrics[K]>>[0],
  ): void {
    const m = this.o.metrics;
    if (!m?.[name]) return;
    try {
      (m[name] as (e: typeof event) => void).call(m, event);
    } catch (err) {
      this.o.onListenerError?.(err);
    }
  }

  log(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>>): void {
    const l = this.o.logger;
    if (!l?.[level]) return;
    try {
      l[level].call(l, message, fields);
    } catch (err) {
      this.o.onListenerError?.(err);
    }
  }

  /** A status change: the connection metric, and a log line (warn on disconnect, info when ready). */
  status(db: string, s: SessionStatus): void {
    this.metric('connection', s);
    const level: LogLevel = s.state === 'disconnected' ? 'warn' : s.state === 'ready' ? 'info' : 'debug';
    this.log(level, `session ${s.state}`, {
      db,
      remote: s.remote,
      ...(s.reason !== undefined ? { reason: s.reason } : {}),
      ...(s.delayMs !== undefined ? { delayMs: s.delayMs } : {}),
    });
  }
}
