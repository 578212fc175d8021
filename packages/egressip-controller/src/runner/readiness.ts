// /readyz as the reasons it is not ready: each check returns a reason or nothing. The verdict is
// logged when it flips (with the reasons), so the log shows every readiness transition once;
// changing reasons while not ready (an NB reconnecting again and again) go to debug.
import type { Logger } from '../ops/logger.js';

export type ReadinessCheck = () => string | undefined;

export class Readiness {
  readonly #checks: ReadinessCheck[];
  readonly #log: Logger;
  #last: string | undefined;
  #wasReady = false;

  constructor(checks: ReadinessCheck[], log: Logger) {
    this.#checks = checks;
    this.#log = log;
  }

  /** Why the controller is not ready now; empty when it is. Logs a changed verdict. */
  reasons(): string[] {
    const reasons = this.#checks.flatMap((c) => c() ?? []);
    const key = reasons.join('\n');
    if (key !== this.#last) {
      const ready = reasons.length === 0;
      if (ready && !this.#wasReady) this.#log.info('ready');
      else if (!ready && this.#wasReady) this.#log.warn('not ready', { reasons });
      else if (!ready) this.#log.debug('not ready', { reasons });
      this.#last = key;
      this.#wasReady = ready;
    }
    return reasons;
  }
}
