// Waiting for a row that matches a predicate (like libovsdb's WaitEvent): resolves at once when
// the replica already holds one, else with the first inserted or updated row that matches.
import type { ChangeListener } from './change-feed.js';
import { ReplicaError } from './errors.js';
import type { ReplicaTable } from './replica-table.js';
import type { TableRows } from './types.js';

/** Options of waiting for a row to appear in the replica: timeout and abort signal. */
export interface WaitForRowOptions {
  /** Reject with ReplicaWaitTimeoutError after this long (default: wait until aborted). */
  readonly timeoutMs?: number;
  /** Reject with ReplicaWaitAbortedError when this signal aborts. */
  readonly signal?: AbortSignal;
}

/** No matching row appeared within `timeoutMs`. */
export class ReplicaWaitTimeoutError extends ReplicaError {
  override name = 'ReplicaWaitTimeoutError';
  constructor(
    readonly table: string,
    readonly timeoutMs: number,
  ) {
    super(`no row of table "${table}" matched within ${timeoutMs} ms`);
  }
}

/** The wait was aborted (its signal, or the replica was closed). */
export class ReplicaWaitAbortedError extends ReplicaError {
  override name = 'ReplicaWaitAbortedError';
  constructor(
    readonly table: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(`waiting for a row of table "${table}": ${why}`, options);
  }
}

/** What waitForRow needs from the replica. */
export interface WaitSource<T extends TableRows> {
  table<K extends keyof T & string>(name: K): ReplicaTable<T[K]>;
  onChange(listener: ChangeListener<T>): () => void;
  /** Called with a function that ends the wait when the replica closes; returns its removal. */
  onClose(end: () => void): () => void;
}

export function waitForRow<T extends TableRows, K extends keyof T & string>(
  source: WaitSource<T>,
  table: K,
  predicate: (row: T[K]) => boolean,
  opts: WaitForRowOptions = {},
): Promise<T[K]> {
  const rows = source.table(table); // throws TableNotReplicatedError for a table not replicated
  for (const row of rows.rows()) if (predicate(row)) return Promise.resolve(row);
  const { signal, timeoutMs } = opts;
  if (signal?.aborted)
    return Promise.reject(new ReplicaWaitAbortedError(table, 'aborted', { cause: signal.reason }));
  return new Promise<T[K]>((resolve, reject) => {
    const cleanups: Array<() => void> = [];
    const settle = (fn: () => void) => {
      for (const c of cleanups) c();
      fn();
    };
    cleanups.push(
      source.onChange((batch) => {
        for (const c of batch.changes) {
          if (c.table === table && c.kind !== 'delete' && predicate(c.new as T[K]))
            return settle(() => resolve(c.new as T[K]));
        }
      }),
    );
    cleanups.push(
      source.onClose(() => settle(() => reject(new ReplicaWaitAbortedError(table, 'the replica closed')))),
    );
    if (signal) {
      const onAbort = () =>
        settle(() => reject(new ReplicaWaitAbortedError(table, 'aborted', { cause: signal.reason })));
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
    if (timeoutMs !== undefined) {
      const timer = setTimeout(
        () => settle(() => reject(new ReplicaWaitTimeoutError(table, timeoutMs))),
        timeoutMs,
      );
      cleanups.push(() => clearTimeout(timer));
    }
  });
}
