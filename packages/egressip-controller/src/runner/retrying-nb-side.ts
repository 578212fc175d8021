// Watch mode: an NB unreachable at startup is waited for, not fatal. A Kubernetes pod that exits
// here goes into CrashLoopBackOff with a growing delay; ovn-kubernetes and controller-runtime
// stay up instead (alive, not ready) and keep retrying. This side does that: it returns at once,
// retries opening its session with a capped exponential back-off (one log line per failed
// attempt, naming the remote and the next delay), reports `connecting`/`reconnecting` with the
// reason while it waits, and becomes the real side once the session is ready (from then on the
// session reconnects by itself).
import { setTimeout as delay } from 'node:timers/promises';
import type { NbSide, NbStatus, RowOwners } from '../api/nb-port.js';
import { type Logger, silentLogger } from '../ops/logger.js';

/** The NB side has not connected yet (watch mode, still retrying its first connection). */
export class NbNotConnectedError extends Error {
  override readonly name = 'NbNotConnectedError';
}

/** Options of {@link retryingNbSide}. */
export interface RetryingNbOptions {
  /** Opens the real side; resolves once its session is ready. */
  readonly open: () => Promise<NbSide>;
  /** What the log lines and /readyz name (the remote as given). */
  readonly remote: string;
  /** The interconnect zone, when the NB serves one. */
  readonly zone?: string;
  /** Errors retrying cannot fix (bad settings, a schema that cannot serve us): `ready()` rejects. */
  readonly isFatal?: (err: unknown) => boolean;
  readonly logger?: Logger;
  /**
   * true (default): `ready()` waits for the connection. false: `ready()` waits for the first
   * attempt only; it and every call reject with NbNotConnectedError until connected (a zone of
   * several, which must not hold the others back).
   */
  readonly readyWaits?: boolean;
  /** Back-off between attempts: first and largest delay (default 1 s doubling to 30 s). */
  readonly backoff?: { readonly firstMs: number; readonly maxMs: number };
}

const EVERYTHING: RowOwners = { all: true, egressIPs: new Set() };

/** An NbSide that keeps trying to open `open()` until it succeeds or is closed. */
export function retryingNbSide(o: RetryingNbOptions): NbSide {
  const log = o.logger ?? silentLogger;
  const where = { remote: o.remote, ...(o.zone !== undefined ? { zone: o.zone } : {}) };
  const { firstMs, maxMs } = o.backoff ?? { firstMs: 1000, maxMs: 30_000 };
  const closing = new AbortController();
  const statusListeners = new Set<(s: NbStatus) => void>();
  const rowListeners = new Set<(owners: RowOwners) => void>();
  const offs: Array<() => void> = [];
  let status: NbStatus = { state: 'connecting', remote: o.remote };
  let inner: NbSide | undefined;
  let fatal: unknown;
  let settle!: { resolve: (s: NbSide) => void; reject: (e: unknown) => void };
  const connected = new Promise<NbSide>((resolve, reject) => {
    settle = { resolve, reject };
  });
  connected.catch(() => {});
  let firstAttemptDone!: () => void;
  const firstAttempt = new Promise<void>((resolve) => {
    firstAttemptDone = resolve;
  });

  const setStatus = (s: NbStatus) => {
    status = s;
    for (const l of statusListeners) l(s);
  };

  const adopt = (side: NbSide, attempts: number) => {
    inner = side;
    if (side.onStatus) offs.push(side.onStatus(setStatus));
    const forward = (owners: RowOwners) => {
      for (const l of rowListeners) l(owners);
    };
    if (side.watchRows) offs.push(side.watchRows(forward));
    if (attempts > 1) log.info('NB reachable; connected', { ...where, attempts });
    setStatus(side.status?.() ?? { state: 'ready', remote: o.remote });
    settle.resolve(side);
    // Whatever was reconciled meanwhile skipped this NB: bring every owner here now.
    forward(EVERYTHING);
  };

  const loop = async () => {
    await attempts();
    firstAttemptDone();
  };
  const attempts = async () => {
    let wait = firstMs;
    for (let attempt = 1; !closing.signal.aborted; attempt++) {
      try {
        const side = await o.open();
        if (closing.signal.aborted) return void (await side.close?.());
        return adopt(side, attempt);
      } catch (err) {
        if (closing.signal.aborted) return;
        const error = err instanceof Error ? err.message : String(err);
        if (o.isFatal?.(err)) {
          fatal = err;
          setStatus({ state: 'closed', remote: o.remote, reason: error });
          return settle.reject(err);
        }
        log.warn('NB unreachable; will retry', { ...where, attempt, error, retryInMs: wait });
        setStatus({ state: 'reconnecting', remote: o.remote, reason: error, delayMs: wait });
        firstAttemptDone();
        await delay(wait, undefined, { signal: closing.signal }).catch(() => {});
        wait = Math.min(wait * 2, maxMs);
      }
    }
  };
  void loop();

  const notYet = () =>
    new NbNotConnectedError(
      `NB ${o.zone !== undefined ? `of zone ${o.zone} ` : ''}${o.remote} not connected yet${
        status.reason ? `: ${status.reason}` : ''
      }`,
    );
  const current = (): NbSide => {
    if (inner) return inner;
    if (fatal !== undefined) throw fatal;
    throw notYet();
  };

  return {
    status: () => status,
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    ready: async () => {
      if (o.readyWaits === false) await firstAttempt;
      const side = o.readyWaits === false ? current() : await connected;
      await side.ready();
    },
    syncStale: async (s) => current().syncStale(s),
    reconcile: async (s) => current().reconcile(s),
    // Offered whenever the real side will offer it (both come from connectNbSide).
    reconcileEgressIP: async (name, s) => {
      const side = current();
      return side.reconcileEgressIP ? side.reconcileEgressIP(name, s) : side.reconcile(s);
    },
    close: async () => {
      closing.abort();
      settle.reject(new NbNotConnectedError(`NB ${o.remote}: closed before it connected`));
      for (const off of offs.splice(0)) off();
      await inner?.close?.();
    },
    watchRows: (listener) => {
      rowListeners.add(listener);
      return () => rowListeners.delete(listener);
    },
  };
}
