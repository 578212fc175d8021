// The OVSDB protocol client: one method per ovsdb-server(7) JSON-RPC method, wire JSON in and
// out, typed errors thrown. No replica, no reconnection (the session layer adds those).
import { OvsdbError } from '../errors/ovsdb-error.js';
import { ProtocolError, RequestTimeoutError } from '../errors/request-errors.js';
import { CanceledError } from '../errors/server-errors.js';
import type { JsonArray, JsonObject, JsonValue } from '../json/json-value.js';
import { callSiteFrames, captureCallSite, NO_CALL_SITE } from '../rpc/call-site.js';
import type { CloseListener, RpcConnection, RpcRequestOptions, RpcStats } from '../rpc/rpc-connection.js';
import { checkTransactResults } from './check-transact-results.js';
import { decodeNotification } from './decode-notification.js';
import {
  type MonitorCondSinceResult,
  type MonitorRequests,
  type OperationResultJson,
  type OvsdbNotification,
  type TableUpdates2Json,
  type TableUpdatesJson,
  ZERO_TXN_ID,
} from './protocol-types.js';

/** How long a cancelled transact waits for the server to acknowledge the cancel (at most). */
const CANCEL_GRACE_MS = 5000;

/** Per-call options of every method. */
export interface CallOptions {
  /** Abort the call. For transact, once sent, this sends `cancel` instead (see transact). */
  signal?: AbortSignal;
  /** Like `signal`, after this many milliseconds (RequestTimeoutError). */
  timeoutMs?: number;
}

/** Options of the monitor calls: a large reply may keep each table's rows unparsed (RawObject). */
export interface MonitorCallOptions extends CallOptions {
  /**
   * A reply of RpcConnectionOptions.rawMessageMinBytes or more holds a RawObject in place of each
   * table's rows (monitor_cond_since: of the whole table-updates object); default false.
   */
  rawObjects?: boolean;
}

/**
 * Receives every server notification (update, update2, update3, locked, stolen, monitor_canceled), in arrival
 * order.
 */
export type NotificationHandler = (notification: OvsdbNotification) => void;

/** An OVSDB JSON-RPC client: one method per ovsdb-server(7) method, wire JSON in and out, typed errors. */
export class OvsdbClient {
  readonly #rpc: RpcConnection;
  readonly #captureCallSites: boolean | undefined;
  /** The remote this client is connected to, in OVS syntax. */
  readonly remote: string;

  constructor(rpc: RpcConnection, opts: { remote?: string; captureCallSites?: boolean } = {}) {
    this.#rpc = rpc;
    this.remote = opts.remote ?? rpc.description;
    this.#captureCallSites = opts.captureCallSites;
  }

  /** Resolves when the connection has closed, with the failure that closed it (undefined for a clean close). */
  get closed(): Promise<Error | undefined> {
    return this.#rpc.closed;
  }

  get isOpen(): boolean {
    return this.#rpc.isOpen;
  }

  get pendingRequests(): number {
    return this.#rpc.pendingRequests;
  }

  get stats(): Readonly<RpcStats> {
    return this.#rpc.stats;
  }

  /**
   * Calls `handler` for every notification (update, update2, update3, locked, stolen,
   * monitor_canceled, ...), synchronously and in arrival order. ovsdb-server sends the update
   * caused by a transaction before the transact reply, and the handler runs before the
   * transact promise settles. Returns a function that removes the handler.
   */
  onNotification(handler: NotificationHandler): () => void {
    return this.#rpc.onNotification((method, params) => handler(decodeNotification(method, params)));
  }

  /** Calls `listener` once when the connection closes (with the error, if it failed). */
  onClose(listener: CloseListener): () => void {
    return this.#rpc.onClose(listener);
  }

  /** Closes the connection; pending calls fail with ConnectionClosedError. */
  close(): Promise<void> {
    return this.#rpc.close();
  }

  /** Any JSON-RPC method, for extensions this class does not wrap. */
  call(
    method: string,
    params: JsonArray,
    opts: CallOptions & { database?: string } = {},
  ): Promise<JsonValue> {
    return this.#rpc.request(method, params, opts);
  }

  /** `list_dbs`: the names of the databases the server serves (including `_Server`). */
  async listDbs(opts?: CallOptions): Promise<string[]> {
    const r = await this.#rpc.request('list_dbs', [], opts);
    if (!Array.isArray(r) || !r.every((x) => typeof x === 'string'))
      throw shapeError('list_dbs', 'an array of strings', r);
    return r as string[];
  }

  /** `get_schema`: the database schema as raw JSON (parse it with the schema module). */
  async getSchema(database: string, opts?: CallOptions): Promise<JsonObject> {
    const r = await this.#rpc.request('get_schema', [database], { ...opts, database });
    if (!isObject(r)) throw shapeError('get_schema', 'a schema object', r);
    return r;
  }

  /**
   * `transact`: runs `ops` atomically and returns one result per operation. Throws the typed
   * server error of the first failing operation (`operationIndex`, `operation`, `details`), or of
   * the commit (`isCommitError`, `operationIndex === ops.length`). If the connection drops first,
   * throws ConnectionClosedError with `mayHaveBeenExecuted` telling whether it was sent.
   *
   * Aborting (signal or timeout) before the request was written drops it (RequestAbortedError /
   * RequestTimeoutError). Once it was written, abort sends `cancel` and the promise settles with
   * the server's answer: CanceledError if the server was still waiting (e.g. on a `wait`
   * operation) and so never ran it, otherwise the real outcome. A server that does not answer
   * within the grace (the timeout again, at most 5 s) is dropped: ConnectionClosedError with
   * `mayHaveBeenExecuted`, its cause the abort reason.
   */
  async transact<Op extends { readonly op: string }>(
    database: string,
    ops: readonly Op[],
    opts: CallOptions = {},
  ): Promise<OperationResultJson[]> {
    // Where the caller is: captured now only if asked (captureCallSites: true, a stack capture per
    // call, which pipelines of thousands of transactions feel); by default taken from V8's async
    // stack trace once an error is reported, which costs nothing when the transaction succeeds.
    const eager = this.#captureCallSites === true ? captureCallSite(this.transact) : undefined;
    const site = eager ?? NO_CALL_SITE;
    // Pipelines keep thousands of calls in flight: a plain options object, no closure per call,
    // and without signal, timeout or call site the same object for every call on the database.
    const reqOpts: RpcRequestOptions =
      opts.signal || opts.timeoutMs !== undefined
        ? {
            signal: opts.signal,
            timeoutMs: opts.timeoutMs,
            database,
            callSite: site,
            onAbortAfterSend: this.#cancelSent,
          }
        : eager
          ? { database, callSite: site }
          : this.#plainOptions(database);
    try {
      const result = await this.#rpc.request(
        'transact',
        [database, ...(ops as unknown as JsonArray)],
        reqOpts,
      );
      return checkTransactResults(database, ops, result);
    } catch (err) {
      // Captured here, after the await, V8 lists the async functions awaiting this call
      // (`at async userCode (...)`): the caller's code, as an eager capture would have shown.
      if (err instanceof OvsdbError && this.#captureCallSites !== false)
        err.attachCallSite(callSiteFrames(eager ?? captureCallSite(this.transact)));
      throw err;
    }
  }

  #lastPlain: RpcRequestOptions = { database: '', callSite: NO_CALL_SITE };

  /** The request options of a transact on `database` with no signal, timeout or call site. */
  #plainOptions(database: string): RpcRequestOptions {
    if (this.#lastPlain.database !== database) this.#lastPlain = { database, callSite: NO_CALL_SITE };
    return this.#lastPlain;
  }

  // ovsdb-server answers a cancelled transact with "canceled" only on db-change-aware sessions;
  // on others it drops the request without any reply. It handles messages in order, so once an
  // echo sent after the cancel comes back, a still-pending transact will never be answered.
  // A server that does not answer that echo either (frozen, or too far behind) is given up on:
  // the connection closes and the transact fails as "may have been executed".
  readonly #cancelSent = (id: number, reason: Error, database = ''): void => {
    if (!this.#rpc.isOpen) return;
    this.#rpc.notify('cancel', [id]);
    const graceMs =
      reason instanceof RequestTimeoutError ? Math.min(reason.timeoutMs, CANCEL_GRACE_MS) : CANCEL_GRACE_MS;
    this.#rpc.request('echo', ['cancel', id], { timeoutMs: graceMs }).then(
      () => {
        const details = `the server dropped the request after cancel (${reason.message})`;
        this.#rpc.failPending(
          id,
          new CanceledError({ error: 'canceled', details }, { method: 'transact', database, cause: reason }),
        );
      },
      (err: unknown) => {
        if (err instanceof RequestTimeoutError) this.#rpc.destroy(reason);
        // otherwise the connection closed: the pending transact fails with ConnectionClosedError
      },
    );
  };

  /** `cancel` (RFC 7047 4.1.4): asks the server to cancel the request with this id. No reply. */
  cancel(requestId: JsonValue): void {
    this.#rpc.notify('cancel', [requestId]);
  }

  /** `monitor`: returns the initial rows; later changes arrive as `update` notifications. */
  async monitor(
    database: string,
    monitorId: JsonValue,
    requests: MonitorRequests,
    opts?: MonitorCallOptions,
  ): Promise<TableUpdatesJson> {
    const r = await this.#rpc.request('monitor', [database, monitorId, requests as JsonObject], {
      ...opts,
      database,
    });
    if (!isObject(r)) throw shapeError('monitor', 'table updates', r);
    return r as TableUpdatesJson;
  }

  /** `monitor_cond`: like monitor with `where` conditions; changes arrive as `update2`. */
  async monitorCond(
    database: string,
    monitorId: JsonValue,
    requests: MonitorRequests,
    opts?: MonitorCallOptions,
  ): Promise<TableUpdates2Json> {
    const r = await this.#rpc.request('monitor_cond', [database, monitorId, requests as JsonObject], {
      ...opts,
      database,
    });
    if (!isObject(r)) throw shapeError('monitor_cond', 'table updates', r);
    return r as TableUpdates2Json;
  }

  /**
   * `monitor_cond_since`: resumes from `lastTxnId` when the server still has it (`found`), else
   * sends everything. Changes arrive as `update3` carrying the new last transaction id.
   */
  async monitorCondSince(
    database: string,
    monitorId: JsonValue,
    requests: MonitorRequests,
    lastTxnId: string = ZERO_TXN_ID,
    opts?: MonitorCallOptions,
  ): Promise<MonitorCondSinceResult> {
    const r = await this.#rpc.request(
      'monitor_cond_since',
      [database, monitorId, requests as JsonObject, lastTxnId],
      { ...opts, database },
    );
    if (
      !Array.isArray(r) ||
      r.length !== 3 ||
      typeof r[0] !== 'boolean' ||
      typeof r[1] !== 'string' ||
      !isObject(r[2])
    ) {
      throw shapeError('monitor_cond_since', '[found, last-txn-id, updates]', r);
    }
    return { found: r[0], lastTxnId: r[1], updates: r[2] as TableUpdates2Json };
  }

  /**
   * `monitor_cond_change`: replaces the conditions of monitor `monitorId` and renames it to
   * `newMonitorId`. Rows leaving the condition arrive as `delete` updates before this resolves.
   */
  async monitorCondChange(
    monitorId: JsonValue,
    newMonitorId: JsonValue,
    requests: MonitorRequests,
    opts?: CallOptions,
  ): Promise<void> {
    await this.#rpc.request('monitor_cond_change', [monitorId, newMonitorId, requests as JsonObject], opts);
  }

  /** `monitor_cancel`: stops a monitor (UnknownMonitorError if there is none with this id). */
  async monitorCancel(monitorId: JsonValue, opts?: CallOptions): Promise<void> {
    await this.#rpc.request('monitor_cancel', [monitorId], opts);
  }

  /** `lock`: true if the lock was granted now; otherwise a `locked` notification comes when it is. */
  async lock(lockName: string, opts?: CallOptions): Promise<boolean> {
    return lockedOf('lock', await this.#rpc.request('lock', [lockName], opts));
  }

  /** `steal`: takes the lock from its holder, who gets a `stolen` notification. */
  async steal(lockName: string, opts?: CallOptions): Promise<boolean> {
    return lockedOf('steal', await this.#rpc.request('steal', [lockName], opts));
  }

  /** `unlock`: releases (or stops waiting for) the lock. */
  async unlock(lockName: string, opts?: CallOptions): Promise<void> {
    await this.#rpc.request('unlock', [lockName], opts);
  }

  /** `echo`: the server returns `params` unchanged (a liveness check). */
  async echo(params: JsonArray = [], opts?: CallOptions): Promise<JsonArray> {
    const r = await this.#rpc.request('echo', params, opts);
    if (!Array.isArray(r)) throw shapeError('echo', 'an array', r);
    return r;
  }

  /**
   * `set_db_change_aware`: with true, the server keeps this session when a database is converted
   * or removed (sending `monitor_canceled`) instead of disconnecting it.
   */
  async setDbChangeAware(aware = true, opts?: CallOptions): Promise<void> {
    await this.#rpc.request('set_db_change_aware', [aware], opts);
  }

  /** `get_server_id`: the server's UUID (stable across restarts of a clustered member). */
  async getServerId(opts?: CallOptions): Promise<string> {
    const r = await this.#rpc.request('get_server_id', [], opts);
    if (typeof r !== 'string') throw shapeError('get_server_id', 'a uuid string', r);
    return r;
  }

  /**
   * `convert`: converts `database` online to `schema`. Sessions that are not change-aware are
   * disconnected by the server, including this one: call setDbChangeAware(true) first.
   */
  async convert(database: string, schema: JsonObject, opts?: CallOptions): Promise<void> {
    await this.#rpc.request('convert', [database, schema], { ...opts, database });
  }
}

function isObject(v: JsonValue): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lockedOf(method: string, r: JsonValue): boolean {
  if (!isObject(r) || typeof r.locked !== 'boolean') throw shapeError(method, '{"locked": boolean}', r);
  return r.locked;
}

function shapeError(method: string, expected: string, got: JsonValue): ProtocolError {
  const text =
    JSON.stringify(got, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'undefined';
  return new ProtocolError(
    `${method}: expected ${expected} in the reply, got ${text.length > 200 ? `${text.slice(0, 200)}...` : text}`,
  );
}
