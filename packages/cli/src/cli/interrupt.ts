// SIGINT/SIGTERM as the commands see them: the abort reason of io.signal, and the shell's exit
// code for a process ended by a signal (128 + its number).
export type StopSignal = 'SIGINT' | 'SIGTERM';

const SIGNAL_NUMBER: Record<StopSignal, number> = { SIGINT: 2, SIGTERM: 15 };

export class InterruptedError extends Error {
  override name = 'InterruptedError';
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
  }

  get exitCode(): number {
    return 128 + SIGNAL_NUMBER[this.signal];
  }
}

/** Rejects with the signal's reason once `signal` aborts (never, without a signal). */
export function whenInterrupted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    const fail = () => reject(signal.reason);
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
