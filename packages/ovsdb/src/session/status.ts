import { SessionClosedError } from './errors.js';

// The session's status stream. Every transition is delivered to listeners synchronously and to
// each iterator through its own queue; statuses are small and rare, so iterators keep the most
// recent 1000 and report how many older ones they dropped rather than grow without bound.

/** The states of a session's connection. */
export type SessionState =
  | 'connecting'
  | 'connected'
  | 'syncing'
  | 'ready'
  | 'disconnected'
  | 'reconnecting'
  | 'closed';

/** A session state change: the state, the remote and why. */
export interface SessionStatus {
  readonly state: SessionState;
  /** The remote this status is about (undefined before the first attempt and after close). */
  readonly remote: string | undefined;
  /** Why: the error that ended a connection, a skipped member's reason, the resync kind, ... */
  readonly reason?: string;
  /** The error behind a `disconnected`/`reconnecting` status, when there was one. */
  readonly error?: Error;
  /** `ready` only: whether the sync was a full snapshot or a resume from the last txn id. */
  readonly sync?: 'full' | 'incremental';
  /** `reconnecting` only: the delay before the next attempt. */
  readonly delayMs?: number;
  /** Milliseconds since the epoch (from the session's clock). */
  readonly at: number;
}

const MAX_QUEUED = 1000;

export class StatusStream {
  private current: SessionStatus;
  private readonly listeners = new Set<(s: SessionStatus) => void>();
  private readonly queues = new Set<{ items: SessionStatus[]; wake?: () => void; done: boolean }>();

  constructor(initial: SessionStatus) {
    this.current = initial;
  }

  get value(): SessionStatus {
    return this.current;
  }

  emit(s: SessionStatus): void {
    if (this.current.state === 'closed') return;
    this.current = s;
    for (const l of this.listeners) {
      try {
        l(s);
      } catch {
        // A listener's bug must not break the session's state machine.
      }
    }
    for (const q of this.queues) {
      q.items.push(s);
      if (q.items.length > MAX_QUEUED) q.items.shift();
      if (s.state === 'closed') q.done = true;
      q.wake?.();
    }
    if (s.state === 'closed') {
      this.listeners.clear();
      this.queues.clear();
    }
  }

  on(listener: (s: SessionStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Statuses from now on (starting with the current one); ends after `closed`. */
  iterate(): AsyncIterableIterator<SessionStatus> {
    const q = {
      items: [this.current] as SessionStatus[],
      wake: undefined as (() => void) | undefined,
      done: this.current.state === 'closed',
    };
    if (!q.done) this.queues.add(q);
    const queues = this.queues;
    const it: AsyncIterableIterator<SessionStatus> = {
      async next() {
        for (;;) {
          const s = q.items.shift();
          if (s) return { value: s, done: false };
          if (q.done) return { value: undefined, done: true };
          await new Promise<void>((r) => {
            q.wake = r;
          });
          q.wake = undefined;
        }
      },
      async return() {
        q.done = true;
        q.items = [];
        queues.delete(q);
        q.wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }

  /** Resolves with the first status (current included) that satisfies `pred`. */
  waitFor(pred: (s: SessionStatus) => boolean, signal?: AbortSignal): Promise<SessionStatus> {
    if (pred(this.current)) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => {
      const off = this.on((s) => {
        if (pred(s)) {
          off();
          signal?.removeEventListener('abort', onAbort);
          resolve(s);
        } else if (s.state === 'closed') {
          signal?.removeEventListener('abort', onAbort);
          reject(new SessionClosedError(s.reason ?? 'closed while waiting'));
        }
      });
      const onAbort = () => {
        off();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
