// A level-triggered work queue of string keys (the client-go workqueue contract):
// - a key waiting to run is held once, however often it is added (dedup);
// - a key is never handled by two workers at once; adding it while it runs marks it dirty and
//   it runs again right after;
// - a failing key is retried with per-key exponential backoff; success resets its count;
// - concurrency is bounded by p-queue; shutdown stops intake and waits for running work.
import PQueue from 'p-queue';
import { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff.js';
import { type Clock, systemClock, type TimerHandle } from './clock.js';

/** Throw (or wrap) this to record a failure without retrying: the input itself is wrong. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

/** What a key handler may ask of the queue after a run. */
export interface HandlerResult {
  /** Run the key again after this many ms (periodic re-check), without counting a failure. */
  readonly requeueAfterMs?: number;
}

/** Handles one key of the {@link WorkQueue}; may ask for a retry after a delay. */
export type KeyHandler = (key: string) => Promise<HandlerResult | undefined | void>;

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  readonly handler: KeyHandler;
  /** Workers running at once. Default 1. */
  readonly concurrency?: number;
  readonly backoff?: BackoffPolicy;
  readonly clock?: Clock;
  /** Give up on a key after this many consecutive failures (default: never). */
  readonly maxRetries?: number;
  /** Told about every failure: the error, the consecutive failure count, and the retry delay (undefined = dropped). */
  readonly onError?: (key: string, error: unknown, failures: number, retryInMs: number | undefined) => void;
}

export class QueueShutdownError extends Error {
  override readonly name = 'QueueShutdownError';
  constructor() {
    super('work queue is shut down');
  }
}

/**
 * A work queue with client-go's guarantees: one run per key at a time, a key added while it runs runs again,
 * failures retried with per-key backoff.
 */
export class WorkQueue {
  readonly #opts: WorkQueueOptions;
  readonly #clock: Clock;
  readonly #pq: PQueue;
  /** Keys that must run (again). */
  readonly #dirty = new Set<string>();
  /** Keys currently being handled. */
  readonly #processing = new Set<string>();
  /** Keys scheduled in p-queue but not started. */
  readonly #scheduled = new Set<string>();
  readonly #delayed = new Map<string, { handle: TimerHandle; at: number }>();
  readonly #failures = new Map<string, number>();
  readonly #idleWaiters: Array<() => void> = [];
  #shutdown = false;

  constructor(opts: WorkQueueOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#pq = new PQueue({ concurrency: opts.concurrency ?? 1 });
  }

  /** Mark a key for processing. No-op after shutdown. */
  add(key: string): void {
    if (this.#shutdown) return;
    this.#cancelDelay(key);
    if (this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (!this.#processing.has(key)) this.#schedule(key);
  }

  /** Add a key after a delay; an earlier pending delay for the key wins. */
  addAfter(key: string, ms: number): void {
    if (this.#shutdown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.#clock.now() + ms;
    const existing = this.#delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.#clock.clearTimeout(existing.handle);
    const handle = this.#clock.setTimeout(() => {
      this.#delayed.delete(key);
      this.add(key);
    }, ms);
    this.#delayed.set(key, { handle, at });
  }

  /** Forget a key's failure count (its backoff restarts from the base delay). */
  forget(key: string): void {
    this.#failures.delete(key);
  }

  /** Keys waiting to run, including running keys marked to run again (not delayed retries). */
  get depth(): number {
    return this.#dirty.size;
  }

  get running(): number {
    return this.#processing.size;
  }

  get delayed(): number {
    return this.#delayed.size;
  }

  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** Resolves once nothing is waiting, running or delayed. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stop intake, drop delayed retries, wait for running handlers. */
  async shutdown(): Promise<void> {
    this.#shutdown = true;
    for (const { handle } of this.#delayed.values()) this.#clock.clearTimeout(handle);
    this.#delayed.clear();
    this.#pq.clear();
    for (const k of this.#scheduled) this.#dirty.delete(k);
    this.#scheduled.clear();
    await this.#pq.onIdle();
    this.#dirty.clear();
    this.#notifyIdle();
  }

  get isShutdown(): boolean {
    return this.#shutdown;
  }

  #schedule(key: string): void {
    if (this.#scheduled.has(key)) return;
    this.#scheduled.add(key);
    void this.#pq.add(() => this.#run(key));
  }

  #cancelDelay(key: string): void {
    const d = this.#delayed.get(key);
    if (!d) return;
    this.#clock.clearTimeout(d.handle);
    this.#delayed.delete(key);
  }

  async #run(key: string): Promise<void> {
    this.#scheduled.delete(key);
    if (!this.#dirty.has(key) || this.#processing.has(key)) return;
    this.#dirty.delete(key);
    this.#processing.add(key);
    try {
      const result = await this.#opts.handler(key);
      this.#failures.delete(key);
      if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      this.#onFailure(key, err);
    } finally {
      this.#processing.delete(key);
      // Re-added while running: run again now that the previous run is over.
      if (this.#dirty.has(key) && !this.#shutdown) this.#schedule(key);
      this.#notifyIdle();
    }
  }

  #onFailure(key: string, err: unknown): void {
    const failures = (this.#failures.get(key) ?? 0) + 1;
    const terminal = err instanceof TerminalError;
    const exhausted = this.#opts.maxRetries !== undefined && failures > this.#opts.maxRetries;
    if (terminal || exhausted || this.#shutdown) {
      this.#failures.delete(key);
      this.#opts.onError?.(key, err, failures, undefined);
      return;
    }
    this.#failures.set(key, failures);
    const delay = backoffDelay(this.#opts.backoff ?? defaultBackoff, failures);
    this.#opts.onError?.(key, err, failures, delay);
    // A key re-added during the failed run already runs again right away.
    if (!this.#dirty.has(key)) this.addAfter(key, delay);
  }

  #isIdle(): boolean {
    return this.#dirty.size === 0 && this.#processing.size === 0 && this.#delayed.size === 0;
  }

  #notifyIdle(): void {
    if (!this.#isIdle()) return;
    for (const w of this.#idleWaiters.splice(0)) w();
  }
}
