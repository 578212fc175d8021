// Stopping in bounded time: each resource is released in order, but a peer that never answers
// (a frozen NB holding a transaction, a socket that never closes) cannot keep a SIGTERM from
// ending the process. What is still closing after the budget is left to the process exit.
import type { Logger } from '../ops/logger.js';

/** Time stop() may take in all (under the 5 s a SIGTERM may take, with room for the exit). */
export const STOP_BUDGET_MS = 3000;

export type ReleaseStep = readonly [what: string, release: () => Promise<unknown>];

export async function releaseWithin(
  budgetMs: number,
  log: Logger,
  steps: readonly ReleaseStep[],
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  try {
    for (const [what, release] of steps) {
      const step = release().then(
        () => 'done' as const,
        (err: unknown) => {
          log.warn('releasing failed', { what, error: err instanceof Error ? err.message : String(err) });
          return 'done' as const;
        },
      );
      if ((await Promise.race([step, budget])) === 'late') {
        log.warn('stop did not finish in time; leaving the rest to the process exit', {
          waitingFor: what,
          budgetMs,
        });
        return;
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
