// Per-key exponential backoff, as client-go's ItemExponentialFailureRateLimiter: base * 2^(n-1), capped.

/** Per-key retry delays of the {@link WorkQueue}. */
export interface BackoffPolicy {
  /** Delay after the first failure. */
  readonly baseMs: number;
  /** Upper bound for any delay. */
  readonly maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 5, maxMs: 60_000 };

/** Delay before retry number `failures` (1 = first failure). */
export function backoffDelay(policy: BackoffPolicy, failures: number): number {
  const exp = Math.min(failures - 1, 40);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exp);
}
