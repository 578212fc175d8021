// The replica's change feed. Listeners are called synchronously right after a batch is applied;
// iterators get a bounded queue each. A consumer that falls behind the bound is never fed a
// partial history: its queue is replaced by one `resync` batch, after which it must re-read the
// replica (which then already contains everything the dropped batches described).
import type { TableRows } from './types.js';

/** One row change inside a batch. */
export type RowChange<T extends TableRows = TableRows> = {
  [K in keyof T & string]:
    | { readonly table: K; readonly kind: 'insert'; readonly new: T[K] }
    | { readonly table: K; readonly kind: 'update'; readonly old: T[K]; readonly new: T[K] }
    | { readonly table: K; readonly kind: 'delete'; readonly old: T[K] };
}[keyof T & string];

/**
 * Why a batch happened: `initial` (first snapshot), `update` (one server transaction),
 * `resync` (the difference between the replica and a fresh snapshot after a reconnect or schema change).
 */
export type ChangeCause = 'initial' | 'update' | 'resync';

/** The changes of one server transaction, applied atomically to the replica. */
export interface ChangeBatch<T extends TableRows = TableRows> {
  readonly type: 'changes';
  readonly cause: ChangeCause;
  readonly changes: ReadonlyArray<RowChange<T>>;
  /** The server's transaction id after this batch (clustered databases with monitor_cond_since). */
  readonly lastTxnId: string | undefined;
}

/** Sent instead of the batches an iterator consumer was too slow to take: re-read the replica now. */
export interface ResyncBatch {
  readonly type: 'resync';
  readonly reason: 'lagged';
  /** How many batches were replaced by this marker. */
  readonly droppedBatches: number;
}

/** What a change iterator yields: a batch of changes, or a resync marker when the consumer fell behind. */
export type FeedBatch<T extends TableRows = TableRows> = ChangeBatch<T> | ResyncBatch;

/** Receives each batch of changes, synchronously. */
export type ChangeListener<T extends TableRows = TableRows> = (batch: ChangeBatch<T>) => void;

/** Options of `Replica.changes()`: how many changes may wait before the iterator gets a resync. */
export interface ChangesOptions {
  /**
   * Most row changes held for this consumer before it is switched to a `resync` (default 100000).
   * A single batch larger than the bound is still delivered whole when the queue is empty.
   */
  readonly maxPendingChanges?: number;
  /** Ends the iteration: the waiting (or next) `next()` rejects with the signal's reason, as Node's own iterators do. */
  readonly signal?: AbortSignal;
}

interface Subscriber<T extends TableRows> {
  queue: FeedBatch<T>[];
  pending: number;
  /** Counting batches discarded since the resync marker was queued; -1 when not lagging. */
  dropped: number;
  limit: number;
  wake?: () => void;
  closed: boolean;
}

export class ChangeFeed<T extends TableRows = TableRows> {
  private readonly listeners = new Set<ChangeListener<T>>();
  private readonly subscribers = new Set<Subscriber<T>>();
  private closed = false;

  constructor(private readonly onListenerError: (err: unknown) => void) {}

  /** Whether anybody would see a batch (the replica skips building batches nobody reads). */
  get active(): boolean {
    return this.listeners.size > 0 || this.subscribers.size > 0;
  }

  on(listener: ChangeListener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(batch: ChangeBatch<T>): void {
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (err) {
        this.onListenerError(err);
      }
    }
    for (const s of this.subscribers) this.enqueue(s, batch);
  }

  private enqueue(s: Subscriber<T>, batch: ChangeBatch<T>): void {
    if (s.dropped >= 0) {
      // Already told to resync; the re-read will include this batch.
      s.dropped++;
      const marker = s.queue[0] as ResyncBatch;
      s.queue[0] = { ...marker, droppedBatches: s.dropped };
      return;
    }
    const n = batch.changes.length;
    if (s.queue.length > 0 && s.pending + n > s.limit) {
      s.dropped = s.queue.length + 1;
      s.queue = [{ type: 'resync', reason: 'lagged', droppedBatches: s.dropped }];
      s.pending = 0;
    } else {
      s.queue.push(batch);
      s.pending += n;
    }
    s.wake?.();
  }

  /** An async iterator over batches published from now on; `break`/`return()` unsubscribes. */
  changes(opts: ChangesOptions = {}): AsyncIterableIterator<FeedBatch<T>> {
    const s: Subscriber<T> = {
      queue: [],
      pending: 0,
      dropped: -1,
      limit: opts.maxPendingChanges ?? 100_000,
      closed: this.closed,
    };
    if (!this.closed) this.subscribers.add(s);
    const subscribers = this.subscribers;
    const signal = opts.signal;
    const stop = () => {
      s.closed = true;
      s.queue = [];
      subscribers.delete(s);
      signal?.removeEventListener('abort', stop);
      s.wake?.();
    };
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    const next = async (): Promise<IteratorResult<FeedBatch<T>>> => {
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const head = s.queue.shift();
        if (head) {
          if (head.type === 'resync') s.dropped = -1;
          else s.pending -= head.changes.length;
          return { value: head, done: false };
        }
        if (s.closed) return { value: undefined, done: true };
        await new Promise<void>((resolve) => {
          s.wake = resolve;
        });
        s.wake = undefined;
      }
    };
    const it: AsyncIterableIterator<FeedBatch<T>> = {
      next,
      async return(): Promise<IteratorResult<FeedBatch<T>>> {
        stop();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }

  /** Ends every iterator (after it drained its queue) and drops the listeners. */
  close(): void {
    this.closed = true;
    this.listeners.clear();
    for (const s of this.subscribers) {
      s.closed = true;
      s.wake?.();
    }
    this.subscribers.clear();
  }
}
