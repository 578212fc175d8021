// What a session needs from one client connection. The protocol client satisfies it through a
// thin adapter (client-adapter.ts); keeping the port narrow lets the session's state machine be
// read (and tested) without the client's full surface.
import type { TableUpdates, TableUpdates2 } from '../replica/types.js';
import type { TlsOptions } from '../transport/tls-options.js';

/** One table in a monitor request (RFC 7047 4.1.5 / ovsdb-server(7) 4.1.12). */
export interface MonitorTableRequest {
  readonly columns?: readonly string[];
  readonly where?: readonly unknown[];
  readonly select?: {
    readonly initial?: boolean;
    readonly insert?: boolean;
    readonly delete?: boolean;
    readonly modify?: boolean;
  };
}
export type MonitorRequests = Readonly<Record<string, MonitorTableRequest | readonly MonitorTableRequest[]>>;

export interface CondSinceReply {
  readonly found: boolean;
  readonly lastTxnId: string;
  readonly updates: TableUpdates2;
}

/** Notifications the session listens to. */
export interface ConnectionEvents {
  update(monitorId: unknown, updates: TableUpdates): void;
  update2(monitorId: unknown, updates: TableUpdates2): void;
  update3(monitorId: unknown, lastTxnId: string, updates: TableUpdates2): void;
  monitorCanceled(monitorId: unknown): void;
  /** The connection is gone; `error` says why when it was not a local close. */
  closed(error: Error | undefined): void;
}

export interface CallOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Monitor calls: a large reply may keep rows unparsed for the replica (MonitorCallOptions). */
  readonly rawObjects?: boolean;
}

/** One live connection as the session uses it. */
export interface SessionConnection {
  readonly remote: string;
  /** Total bytes received so far: a sync that is still receiving is alive. */
  readonly bytesReceived: number;
  getSchema(db: string, opts?: CallOptions): Promise<unknown>;
  transact(db: string, operations: readonly unknown[], opts?: CallOptions): Promise<readonly unknown[]>;
  monitor(db: string, id: unknown, requests: MonitorRequests, opts?: CallOptions): Promise<TableUpdates>;
  monitorCond(db: string, id: unknown, requests: MonitorRequests, opts?: CallOptions): Promise<TableUpdates2>;
  monitorCondSince(
    db: string,
    id: unknown,
    requests: MonitorRequests,
    lastTxnId: string | undefined,
    opts?: CallOptions,
  ): Promise<CondSinceReply>;
  monitorCondChange(
    oldId: unknown,
    newId: unknown,
    requests: MonitorRequests,
    opts?: CallOptions,
  ): Promise<void>;
  monitorCancel(id: unknown, opts?: CallOptions): Promise<void>;
  setDbChangeAware(on: boolean, opts?: CallOptions): Promise<void>;
  echo(opts?: CallOptions): Promise<void>;
  /** Closes the connection; resolves once it is closed. */
  close(): Promise<void>;
}

/** What the session asks its connect function for: remote, TLS, deadline, abort signal. */
export interface ConnectRequest {
  readonly remote: string;
  readonly tls?: TlsOptions;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly events: ConnectionEvents;
  /** Replies of at least this many bytes may keep rows unparsed (RpcConnectionOptions.rawMessageMinBytes). */
  readonly rawMessageMinBytes?: number;
}

/** Opens one connection; the default is the package's protocol client. */
export type ConnectFn = (req: ConnectRequest) => Promise<SessionConnection>;
