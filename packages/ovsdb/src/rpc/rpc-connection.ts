// JSON-RPC 1.0 over a Transport: request ids, the pending-call table, replies to the server's
// `echo`, notification routing, batched writes that respect backpressure. It knows nothing about
// OVSDB methods. Reading never stops: every chunk is split and dispatched as it arrives, so a
// slow caller can never make the server's send queue (and then the server) stall.
import { ConnectionClosedError } from '../errors/connection-errors.js';
import type { FramingError } from '../errors/framing-errors.js';
import { OvsdbError } from '../errors/ovsdb-error.js';
import { ProtocolError, RequestAbortedError, RequestTimeoutError } from '../errors/request-errors.js';
import { serverErrorFromJson } from '../errors/server-error-from-json.js';
import type { Transport } from '../transport/transport.js';
import { type CallSite, callSiteFrames, captureCallSite } from './call-site.js';
import { encodeJson } from './json-encode.js';
import { JsonSplitter, type JsonSplitterOptions } from './json-splitter.js';
import type { JsonArray, JsonObject, JsonValue } from './json-value.js';

export type NotificationListener = (method: string, params: JsonArray) => void;
export type CloseListener = (error: Error | undefined) => void;

export interface RpcConnectionOptions extends JsonSplitterOptions {
  /** Called when a notification or close listener throws (default: rethrown asynchronously). */
  onListenerError?: (error: unknown) => void;
}

export interface RpcRequestOptions {
  signal?: AbortSignal;
  /** Reject with RequestTimeoutError after this many ms (as if `signal` fired). */
  timeoutMs?: number;
  /** Database named by the request, for error messages. */
  database?: string;
  /**
   * When the request was already sent and the signal fires (or the timeout elapses), call this
   * instead of rejecting: the request stays pending and settles with the server's reply. Used by
   * transact, which sends `cancel` and lets the server decide.
   */
  onAbortAfterSend?: (requestId: number, reason: Error) => void;
}

/** Per-connection counters, for benchmarks and diagnostics. */
export interface RpcStats {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  /** Replies whose id matched no pending request (e.g. after a local abort). */
  unmatchedReplies: number;
}

interface Pending {
  readonly id: number;
  readonly method: string;
  readonly database: string | undefined;
  readonly callSite: CallSite;
  sent: boolean;
  resolve(value: JsonValue): void;
  reject(error: Error): void;
  cleanup(): void;
}

interface OutItem {
  bytes: Buffer;
  pending: Pending | undefined;
  dropped: boolean;
}

// Keep single writes moderate so one flush does not build a huge temporary buffer.
const MAX_WRITE_BYTES = 256 * 1024;

export class RpcConnection {
  readonly stats: RpcStats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0, unmatchedReplies: 0 };
  /** Resolves (never rejects) when the connection has closed, with the reason if it failed. */
  readonly closed: Promise<Error | undefined>;
  private readonly transport: Transport;
  private readonly splitter: JsonSplitter;
  private readonly onListenerError: (error: unknown) => void;
  private readonly pending = new Map<number, Pending>();
  private readonly notificationListeners = new Set<NotificationListener>();
  private readonly closeListeners = new Set<CloseListener>();
  private outbox: OutItem[] = [];
  private flushScheduled = false;
  private blocked = false;
  private nextId = 1;
  private closing = false;
  private isClosed = false;
  private closeReason: Error | undefined;
  private resolveClosed!: (error: Error | undefined) => void;

  constructor(transport: Transport, opts: RpcConnectionOptions = {}) {
    this.transport = transport;
    this.splitter = new JsonSplitter(opts);
    this.onListenerError =
      opts.onListenerError ??
      ((err) =>
        queueMicrotask(() => {
          throw err;
        }));
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    transport.attach({
      data: (chunk) => this.onData(chunk),
      drain: () => {
        this.blocked = false;
        this.flush();
      },
      close: (error) => this.onTransportClose(error),
    });
  }

  /** Where the connection leads (the transport's description). */
  get description(): string {
    return this.transport.description;
  }

  get pendingRequests(): number {
    return this.pending.size;
  }

  /** True once the connection is closed or closing: new requests fail at once. */
  get isOpen(): boolean {
    return !this.isClosed && !this.closing;
  }

  /** Sends a request and resolves with its `result`; rejects with the server's error as a typed OvsdbServerError. */
  request(method: string, params: JsonArray, opts: RpcRequestOptions = {}): Promise<JsonValue> {
    const callSite = captureCallSite(this.request);
    return new Promise<JsonValue>((resolve, reject) => {
      if (!this.isOpen) {
        const err = new ConnectionClosedError(`connection to ${this.description} is closed`, {
          method,
          cause: this.closeReason,
        });
        reject(err.attachCallSite(callSiteFrames(callSite)));
        return;
      }
      if (opts.signal?.aborted) {
        reject(new RequestAbortedError(method, opts.signal.reason).attachCallSite(callSiteFrames(callSite)));
        return;
      }
      const id = this.nextId++;
      let timer: NodeJS.Timeout | undefined;
      let item: OutItem | undefined;
      const onAbort = (reason: Error) => {
        if (!this.pending.has(id)) return;
        if (p.sent && opts.onAbortAfterSend) {
          opts.onAbortAfterSend(id, reason);
          return;
        }
        if (item && !p.sent) item.dropped = true;
        this.pending.delete(id);
        p.cleanup();
        reject(reason instanceof OvsdbError ? reason.attachCallSite(callSiteFrames(callSite)) : reason);
      };
      const onSignal = () => onAbort(new RequestAbortedError(method, opts.signal?.reason));
      const p: Pending = {
        id,
        method,
        database: opts.database,
        callSite,
        sent: false,
        resolve,
        reject,
        cleanup: () => {
          if (timer) clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onSignal);
        },
      };
      this.pending.set(id, p);
      if (opts.signal) opts.signal.addEventListener('abort', onSignal, { once: true });
      if (opts.timeoutMs !== undefined) {
        const ms = opts.timeoutMs;
        timer = setTimeout(() => onAbort(new RequestTimeoutError(method, ms)), ms);
      }
      item = this.enqueue({ method, params, id }, p);
    });
  }

  /**
   * Fails a pending request with `error` as if the server had answered so; false if no request
   * with this id is pending (e.g. its reply already arrived).
   */
  failPending(id: number, error: Error): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    p.cleanup();
    p.reject(error instanceof OvsdbError ? error.attachCallSite(callSiteFrames(p.callSite)) : error);
    return true;
  }

  /** Sends a notification (a request with a null id: no reply). */
  notify(method: string, params: JsonArray): void {
    if (!this.isOpen)
      throw new ConnectionClosedError(`connection to ${this.description} is closed`, {
        cause: this.closeReason,
      });
    this.enqueue({ method, params, id: null }, undefined);
  }

  /** Listens to every notification, in arrival order, synchronously with the read loop. */
  onNotification(listener: NotificationListener): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  onClose(listener: CloseListener): () => void {
    if (this.isClosed) {
      queueMicrotask(() => listener(this.closeReason));
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Closes the connection after flushing queued writes; pending requests fail with ConnectionClosedError. */
  close(): Promise<void> {
    if (!this.isClosed && !this.closing) {
      this.closing = true;
      this.flush();
      this.transport.end();
    }
    return this.closed.then(() => undefined);
  }

  /** Closes at once with `error` as the reason. */
  destroy(error?: Error): void {
    if (this.isClosed) return;
    this.shutdown(error);
    this.transport.destroy(error);
  }

  private enqueue(msg: JsonObject, pending: Pending | undefined): OutItem {
    const item: OutItem = { bytes: Buffer.from(encodeJson(msg)), pending, dropped: false };
    this.outbox.push(item);
    if (!this.flushScheduled) {
      // Batch everything queued in this tick into one write (pipelined callers send many).
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
    return item;
  }

  private flush(): void {
    while (!this.blocked && this.outbox.length > 0 && !this.isClosed) {
      const batch: Buffer[] = [];
      let size = 0;
      let n = 0;
      while (n < this.outbox.length && size < MAX_WRITE_BYTES) {
        const item = this.outbox[n++] as OutItem;
        if (item.dropped) continue;
        batch.push(item.bytes);
        size += item.bytes.length;
        if (item.pending) item.pending.sent = true;
      }
      this.outbox = n === this.outbox.length ? [] : this.outbox.slice(n);
      if (batch.length === 0) continue;
      this.stats.bytesOut += size;
      this.stats.messagesOut += batch.length;
      if (!this.transport.write(batch.length === 1 ? (batch[0] as Buffer) : Buffer.concat(batch, size)))
        this.blocked = true;
    }
  }

  private onData(chunk: Uint8Array): void {
    if (this.isClosed) return;
    this.stats.bytesIn += chunk.length;
    try {
      this.splitter.push(chunk, (msg) => this.dispatch(msg));
    } catch (err) {
      this.destroy(err instanceof Error ? err : new ProtocolError(String(err)));
    }
  }

  private dispatch(msg: JsonValue): void {
    if (this.isClosed) return;
    this.stats.messagesIn++;
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      throw new ProtocolError(
        `expected a JSON-RPC object from ${this.description}, got ${Array.isArray(msg) ? 'an array' : typeof msg}`,
      );
    }
    const m = msg as JsonObject;
    const method = m.method;
    if (typeof method === 'string') {
      const params = Array.isArray(m.params) ? (m.params as JsonArray) : [];
      if (m.id === null || m.id === undefined) {
        this.emitNotification(method, params);
      } else if (method === 'echo') {
        // The server's inactivity probe: answer at once, or it drops us.
        this.enqueue({ id: m.id, result: params, error: null }, undefined);
      } else {
        this.enqueue({ id: m.id, result: null, error: 'unknown method' }, undefined);
      }
      return;
    }
    const id = m.id;
    const p = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!p) {
      this.stats.unmatchedReplies++;
      return;
    }
    this.pending.delete(p.id);
    p.cleanup();
    if (m.error !== null && m.error !== undefined) {
      const err = serverErrorFromJson(m.error, { method: p.method, database: p.database });
      p.reject(err.attachCallSite(callSiteFrames(p.callSite)));
    } else {
      p.resolve(m.result ?? null);
    }
  }

  private emitNotification(method: string, params: JsonArray): void {
    for (const l of this.notificationListeners) {
      try {
        l(method, params);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  private onTransportClose(error: Error | undefined): void {
    if (this.isClosed) return;
    let reason = error;
    if (!reason) {
      try {
        this.splitter.end();
      } catch (err) {
        reason = err as FramingError;
      }
    }
    this.shutdown(reason);
  }

  private shutdown(reason: Error | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeReason = reason;
    this.outbox = [];
    const what = reason
      ? `connection to ${this.description} failed: ${reason.message}`
      : this.closing
        ? `connection to ${this.description} was closed by the client`
        : `connection to ${this.description} was closed by the server`;
    const pendings = [...this.pending.values()];
    this.pending.clear();
    for (const p of pendings) {
      p.cleanup();
      const err = new ConnectionClosedError(what, {
        method: p.method,
        mayHaveBeenExecuted: p.sent,
        cause: reason,
      });
      p.reject(err.attachCallSite(callSiteFrames(p.callSite)));
    }
    for (const l of this.closeListeners) {
      try {
        l(reason);
      } catch (err) {
        this.onListenerError(err);
      }
    }
    this.closeListeners.clear();
    this.resolveClosed(reason);
  }
}
