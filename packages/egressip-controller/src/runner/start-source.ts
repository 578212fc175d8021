// Bringing the cluster source up without ever hanging the process: a deadline (one-shot runs
// must fail within the connect timeout), retries with backoff (a long-running controller waits,
// not ready, until an invalid manifest is fixed), and an abort (stop() during start).
import type { ClusterSource } from '../api/cluster-source.js';
import type { Logger } from '../ops/logger.js';

/** The controller did not get ready before its start deadline, or was stopped while starting. */
export class ControllerStartError extends Error {
  override readonly name = 'ControllerStartError';
  constructor(
    message: string,
    /** What it was waiting for: the cluster source ("kubernetes", "manifests:DIR") or "nb". */
    readonly waitingFor: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `work`, or the abort reason if `signal` fires first (the work is left to finish on its own). */
export async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw signal.reason;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

export interface StartSourceOptions {
  /** Retry failed starts (watch mode) instead of failing at the first error. */
  readonly retry: boolean;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** First retry delay (doubles up to 30 s; default 500 ms). */
  readonly retryBaseMs?: number;
}

async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let t: NodeJS.Timeout | undefined;
  try {
    await unlessAborted(new Promise<void>((resolve) => (t = setTimeout(resolve, ms))), signal);
  } finally {
    clearTimeout(t);
  }
}

/** Starts `source`; with `retry`, a failed start is logged and tried again until it succeeds. */
export async function startSource(source: ClusterSource, opts: StartSourceOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await unlessAborted(source.start(), opts.signal);
    } catch (err) {
      if (!opts.retry || opts.signal.aborted) throw err;
      const retryInMs = Math.min(30_000, (opts.retryBaseMs ?? 500) * 2 ** Math.min(attempt - 1, 10));
      opts.logger.error('cluster source failed to start; retrying', {
        source: source.name,
        error: err instanceof Error ? err.message : String(err),
        attempt,
        retryInMs,
      });
      await sleep(retryInMs, opts.signal);
    }
  }
}

export interface StartDeadline {
  /** Aborts at the deadline or on stop, with a ControllerStartError naming what was awaited. */
  readonly signal: AbortSignal;
  /** Names what start is waiting for now (used in the error). */
  waitingFor(what: string): void;
  done(): void;
}

export function startDeadline(stopping: AbortSignal, timeoutMs: number | undefined): StartDeadline {
  const ctl = new AbortController();
  let what = 'start';
  const onStop = () => ctl.abort(stopping.reason);
  stopping.addEventListener('abort', onStop, { once: true });
  if (stopping.aborted) onStop();
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => ctl.abort(new ControllerStartError(`${what}: not ready within ${timeoutMs} ms`, what)),
          timeoutMs,
        );
  return {
    signal: ctl.signal,
    waitingFor: (w) => {
      what = w;
    },
    done: () => {
      clearTimeout(timer);
      stopping.removeEventListener('abort', onStop);
    },
  };
}
