// Options of openSession, with their defaults in one place.
import type { IndexDeclaration } from '../replica/replica.js';
import type { TlsOptions } from '../transport/tls-options.js';
import type { BackoffOptions } from './backoff.js';
import { type Clock, systemClock } from './clock.js';
import type { ConnectFn } from './connection.js';
import type { SessionLogger, SessionMetrics } from './hooks.js';

/** Per table: the columns to replicate (default all) and the monitor condition. */
export interface SessionTableOptions {
  /** Columns to replicate (default: all columns of the server's schema). */
  readonly columns?: readonly string[];
  /** A monitor_cond condition (`[[column, function, value], ...]`, or `[true]`); default: all rows. */
  readonly where?: readonly unknown[];
}

/** The monitor methods a session can use; it picks the newest the server supports. */
export type MonitorMethod = 'monitor_cond_since' | 'monitor_cond' | 'monitor';

/** Options of {@link openSession}. */
export interface SessionOptions {
  /** One remote or several (`unix:...,tcp:...`, or a list), shuffled before use; as in `connect`. */
  readonly remote: string | readonly string[];
  /** Key, certificate and CA certificate for `ssl:` remotes; as in `connect`. */
  readonly tls?: TlsOptions;
  /** Database name, e.g. `OVN_Northbound`. */
  readonly db: string;
  readonly tables: Readonly<Record<string, SessionTableOptions>>;
  /** Extra replica indexes per table (see Replica). */
  readonly indexes?: Readonly<Record<string, readonly IndexDeclaration[]>>;
  /** Only the RAFT leader serves the session (default true, like ovn-nbctl). */
  readonly leaderOnly?: boolean;
  /** Give up one connection attempt after this long (default 10000 ms). */
  readonly connectTimeoutMs?: number;
  /** Abandon a sync only when nothing has been received for this long (default 30000 ms). */
  readonly syncIdleTimeoutMs?: number;
  /** Default deadline of transact(), including waiting for the connection (default 30000 ms). */
  readonly transactTimeoutMs?: number;
  /** Echo probe interval; 0 disables (default 5000 on tcp/ssl, 0 on unix, like OVS). */
  readonly probeIntervalMs?: number;
  readonly backoff?: BackoffOptions;
  /** Newest monitor method to try (default monitor_cond_since, falling back on "unknown method"). */
  readonly monitorMethod?: MonitorMethod;
  readonly clock?: Clock;
  /** Random source for shuffling and jitter (default Math.random). */
  readonly random?: () => number;
  /** Opens a connection (default: the package's protocol client). */
  readonly connect?: ConnectFn;
  /** Called when a change or status listener (or a logger/metrics hook) throws. */
  readonly onListenerError?: (err: unknown) => void;
  /** Closes the session when aborted (a `ready` still pending rejects with SessionAbortedError). */
  readonly signal?: AbortSignal;
  /** Structured log lines about connections, resyncs and failures. */
  readonly logger?: SessionLogger;
  /** Connection changes, sync durations and transaction latencies. */
  readonly metrics?: SessionMetrics;
  /**
   * A monitor reply of at least this many bytes is not parsed at once: each row is parsed and
   * decoded when first read (default 1 MiB; 0 for every reply; Infinity: never).
   */
  readonly lazyRowsMinBytes?: number;
}

export interface ResolvedOptions {
  readonly leaderOnly: boolean;
  readonly connectTimeoutMs: number;
  readonly syncIdleTimeoutMs: number;
  readonly transactTimeoutMs: number;
  readonly monitorMethod: MonitorMethod;
  readonly clock: Clock;
  readonly random: () => number;
}

export function resolveOptions(o: SessionOptions): ResolvedOptions {
  return {
    leaderOnly: o.leaderOnly ?? true,
    connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
    syncIdleTimeoutMs: o.syncIdleTimeoutMs ?? 30_000,
    transactTimeoutMs: o.transactTimeoutMs ?? 30_000,
    monitorMethod: o.monitorMethod ?? 'monitor_cond_since',
    clock: o.clock ?? systemClock,
    random: o.random ?? Math.random,
  };
}

/** The probe interval for one remote: the explicit option, else 5 s except on unix sockets. */
export function probeIntervalFor(remote: string, explicit: number | undefined): number {
  if (explicit !== undefined) return explicit;
  return remote.startsWith('unix:') ? 0 : 5000;
}
