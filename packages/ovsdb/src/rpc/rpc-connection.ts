// JSON-RPC 1.0 over a Transport: request ids, the pending-call table, replies to the server's
// `echo`, notification routing, batched writes that respect backpressure. It knows nothing about
// OVSDB methods. Reading never stops: every chunk is split and dispatched as it arrives, so a
// slow caller can never make the server's send queue (and then the server) stall.
import { ConnectionClosedError } from '../errors/connection-errors.js';
import type { FramingError } from '../errors/framing-errors.js';
import { OvsdbError } from '../errors/ovsdb-error.js';
import { ProtocolError, RequestAbortedError, RequestTimeoutError } from '../errors/request-errors.js';
import { serverErrorFromJson } from '../errors/server-error-from-json.js';
import type { JsonArray, JsonObject, JsonValue } from '../json/json-value.js';
import type { RawMessage } from '../json/raw-message.js';
import type { Transport } from '../transport/transport.js';
import { type CallSite, callSiteFrames, captureCallSite, NO_CALL_SITE } from './call-site.js';
import { encodeJson } from './json-encode.js';
import { JsonSplitter, type JsonSplitterOptions } from './json-splitter.js';
import { RequestDeadlines } from './request-deadlines.js';
import { type QueuedMessage, WriteQueue } from './write-queue.js';

/** Receives a JSON-RPC notification. */
export type NotificationListener = (method: string, params: JsonArray) => void;
/** Called once when the connection closes, with the error that closed it, if any. */
export type CloseListener = (error: Error | undefined) => void;

/** Options of {@link RpcConnection}. */
export interface RpcConnectionOptions extends JsonSplitterOptions {
  /**
   * Record where each request was made and put those frames in errors that arrive later
   * (default true; costs a stack capture per request). OvsdbClient.transact, the call pipelines
   * repeat, captures only when this is explicitly true; by default it takes the caller's frames
   * from V8's async stack trace when an error is reported; false: no call sites at all.
   */
  captureCallSites?: boolean;
  /** Called when a notification or close listener throws (default: rethrown asynchronously). */
  onListenerError?: (error: unknown) => void;
  /**
   * Most bytes of replies to the peer's own requests (`echo`, ...) that may wait unwritten because
   * the peer does not read; beyond it the connection is closed with ProtocolError (default 8 MiB).
   */
  maxQueuedReplyBytes?: number;
  /**
   * Replies of at least this many bytes to requests made with `rawObjects` keep their objects at
   * depth 3 (a monitor reply's rows) unparsed, as RawObject (default 1 MiB; 0: every reply).
   */
  rawMessageMinBytes?: number;
}

/** Default of RpcConnectionOptions.rawMessageMinBytes. */
export const DEFAULT_RAW_MESSAGE_MIN_BYTES = 1024 * 1024;

const DEFAULT_MAX_QUEUED_REPLY_BYTES = 8 * 1024 * 1024;

/** Per-request options: abort signal, timeout. */
export interface RpcRequestOptions {
  signal?: AbortSignal;
  /** Reject with RequestTimeoutError after this many ms (as if `signal` fired). */
  timeoutMs?: number;
  /** Database named by the request, for error messages. */
  database?: string;
  /** A call site captured by the caller (e.g. the public method), reused instead of a new capture. */
  callSite?: CallSite;
  /**
   * When the request was already sent and the signal fires (or the timeout elapses), call this
   * instead of rejecting: the request stays pending and settles with the server's reply. Used by
   * transact, which sends `cancel` and lets the server decide.
   */
  onAbortAfterSend?: (requestId: number, reason: Error, database: string | undefined) => void;
  /**
   * A large reply may hold RawObject in place of its objects at depth 3 (the message is depth 1):
   * the caller parses them when it needs them (see RpcConnectionOptions.rawMessageMinBytes).
   */
  rawObjects?: boolean;
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
  readonly rawObjects: boolean;
  sent: boolean;
  resolve(value: JsonValue): void;
  reject(error: Error): void;
  /** Stops the abort signal listener, if any. */
  cleanup: () => void;
  /** The queued message (dropped if aborted before it was written); set with a signal or timeout. */
  item: QueuedMessage | undefined;
  onAbortAfterSend: RpcRequestOptions['onAbortAfterSend'];
  /** performance.now() ms after which it fails with RequestTimeoutError (Infinity: no timeout). */
  deadline: number;
  timeoutMs: number;
}

const noop = (): void => undefined;

/** JSON-RPC 1.0 over a {@link Transport}: requests, notifications, pipelining and backpressure. */
export class RpcConnection {
  readonly stats: RpcStats = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0, unmatchedReplies: 0 };
  /** Resolves (never rejects) when the connection has closed, with the reason if it failed. */
  readonly closed: Promise<Error | undefined>;
  private readonly transport: Transport;
  private readonly splitter: JsonSplitter;
  private readonly onListenerError: (error: unknown) => void;
  private readonly captureCallSites: boolean;
  private readonly pending = new Map<number, Pending>();
  private readonly notificationListeners = new Set<NotificationListener>();
  private readonly closeListeners = new Set<CloseListener>();
  private readonly writes: WriteQueue;
  private readonly deadlines = new RequestDeadlines<Pending>((p) =>
    this.abortPending(p, new RequestTimeoutError(p.method, p.timeoutMs)),
  );
  private readonly maxQueuedReplyChars: number;
  private readonly rawMinBytes: number;
  /** Pending requests made with `rawObjects`: only while there are some does the splitter record spans. */
  private rawPending = 0;
  private readonly onMessage = (msg: JsonValue): void => this.dispatch(msg);
  private readonly onRawMessage = (raw: RawMessage): void => this.dispatchRaw(raw);
  private nextId = 1;
  private closing = false;
  private isClosed = false;
  private closeReason: Error | undefined;
  private resolveClosed!: (error: Error | undefined) => void;

  constructor(transport: Transport, opts: RpcConnectionOptions = {}) {
    this.transport = transport;
    this.splitter = new JsonSplitter(opts);
    this.captureCallSites = opts.captureCallSites ?? true;
    this.maxQueuedReplyChars = opts.maxQueuedReplyBytes ?? DEFAULT_MAX_QUEUED_REPLY_BYTES;
    this.rawMinBytes = opts.rawMessageMinBytes ?? DEFAULT_RAW_MESSAGE_MIN_BYTES;
    this.onListenerError =
      opts.onListenerError ??
      ((err) =>
        queueMicrotask(() => {
          throw err;
        }));
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.writes = new WriteQueue(transport, this.stats);
    transport.attach({
      data: (chunk) => this.onData(chunk),
      drain: () => this.writes.drained(),
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
    const callSite = opts.callSite ?? (this.captureCallSites ? captureCallSite(this.request) : NO_CALL_SITE);
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
      const p: Pending = {
        id,
        method,
        database: opts.database,
        callSite,
        rawObjects: opts.rawObjects === true,
        sent: false,
        resolve,
        reject,
        cleanup: noop,
        item: undefined,
        onAbortAfterSend: undefined,
        deadline: Number.POSITIVE_INFINITY,
        timeoutMs: 0,
      };
      this.pending.set(id, p);
      if (p.rawObjects) this.rawPending++;
      const item = this.enqueue({ method, params, id }, p);
      if (opts.signal || opts.timeoutMs !== undefined) this.armAbort(p, item, opts);
    });
  }

  private armAbort(p: Pending, item: QueuedMessage, opts: RpcRequestOptions): void {
    p.item = item;
    p.onAbortAfterSend = opts.onAbortAfterSend;
    if (opts.timeoutMs !== undefined) {
      // One shared timer for every request's deadline (see RequestDeadlines), not one each.
      p.timeoutMs = opts.timeoutMs;
      p.deadline = performance.now() + opts.timeoutMs;
      this.deadlines.add(p);
    }
    const signal = opts.signal;
    if (signal) {
      const onSignal = () => this.abortPending(p, new RequestAbortedError(p.method, signal.reason));
      p.cleanup = () => signal.removeEventListener('abort', onSignal);
      signal.addEventListener('abort', onSignal, { once: true });
    }
  }

  /** The request's signal fired or its deadline passed. */
  private abortPending(p: Pending, reason: Error): void {
    if (this.pending.get(p.id) !== p) return;
    if (p.sent && p.onAbortAfterSend) {
      p.onAbortAfterSend(p.id, reason, p.database);
      return;
    }
    if (!p.sent && p.item) p.item.dropped = true;
    this.pending.delete(p.id);
    this.release(p);
    p.reject(reason instanceof OvsdbError ? reason.attachCallSite(callSiteFrames(p.callSite)) : reason);
    // Replies come in order: an unfinished message held now is (or precedes) the abandoned
    // reply, and may be huge. Nothing useful can follow it soon, so free it with the connection.
    if (p.sent && this.splitter.bufferedBytes > 0) this.destroy(reason);
  }

  /** The request settled: stop watching its signal and deadline. */
  private release(p: Pending): void {
    if (p.rawObjects) this.rawPending--;
    p.cleanup();
    if (p.deadline !== Number.POSITIVE_INFINITY) this.deadlines.delete(p);
  }

  /**
   * Fails a pending request with `error` as if the server had answered so; false if no request
   * with this id is pending (e.g. its reply already arrived).
   */
  failPending(id: number, error: Error): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    this.release(p);
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
      this.writes.flush();
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

  private enqueue(msg: JsonObject, pending: Pending | undefined): QueuedMessage {
    return this.writes.push(encodeJson(msg), pending);
  }

  /** Answers a request of the peer; a peer that asks without reading the answers is cut off. */
  private reply(msg: JsonObject): void {
    this.writes.push(encodeJson(msg), undefined, true);
    if (this.writes.queuedReplyChars > this.maxQueuedReplyChars)
      throw new ProtocolError(
        `${this.description} sends requests without reading the replies: more than ${this.maxQueuedReplyChars} bytes of replies are waiting`,
      );
  }

  private onData(chunk: Uint8Array): void {
    if (this.isClosed) return;
    this.stats.bytesIn += chunk.length;
    try {
      // Only a reply to a rawObjects request can use a RawMessage: without one pending, the
      // splitter records no object spans and parses every message whole.
      if (this.rawPending > 0) this.splitter.push(chunk, this.onMessage, this.onRawMessage, this.rawMinBytes);
      else this.splitter.push(chunk, this.onMessage);
    } catch (err) {
      this.destroy(err instanceof Error ? err : new ProtocolError(String(err)));
    }
  }

  /** A large message: a reply asked for with `rawObjects` gets its skeleton, anything else is parsed whole. */
  private dispatchRaw(raw: RawMessage): void {
    if (this.isClosed) return;
    const skeleton = raw.skeleton();
    const m = skeleton as JsonObject | undefined;
    const id = m && typeof m === 'object' && !Array.isArray(m) && m.method === undefined ? m.id : undefined;
    const p = typeof id === 'number' ? this.pending.get(id) : undefined;
    this.dispatch(p?.rawObjects ? (skeleton as JsonValue) : raw.decodeAll());
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
        this.reply({ id: m.id, result: params, error: null });
      } else {
        this.reply({ id: m.id, result: null, error: 'unknown method' });
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
    this.release(p);
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
    this.writes.stop();
    const what = reason
      ? `connection to ${this.description} failed: ${reason.message}`
      : this.closing
        ? `connection to ${this.description} was closed by the client`
        : `connection to ${this.description} was closed by the server`;
    const pendings = [...this.pending.values()];
    this.pending.clear();
    this.rawPending = 0;
    this.deadlines.clear();
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
