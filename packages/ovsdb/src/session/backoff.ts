// Reconnect delays: exponential with full jitter (each delay is uniform in [base/2, base]), so a
// fleet of clients that lost the same server does not come back in lockstep. Like OVS's
// reconnect FSM, each remote of a fresh list gets one try before any waiting.

/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** First delay in ms (default 1000, as OVS). */
  readonly initialMs?: number;
  /** Largest delay in ms (default 8000, as OVS). */
  readonly maxMs?: number;
  /** Growth factor (default 2). */
  readonly factor?: number;
  /** Random source in [0, 1) (default Math.random); inject for deterministic tests. */
  readonly random?: () => number;
}

/** Exponential backoff with jitter for reconnection attempts. */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.initialMs = opts.initialMs ?? 1000;
    this.maxMs = opts.maxMs ?? 8000;
    this.factor = opts.factor ?? 2;
    this.random = opts.random ?? Math.random;
    if (!(this.initialMs >= 0) || !(this.maxMs >= this.initialMs) || !(this.factor >= 1)) {
      throw new RangeError(
        `backoff needs 0 <= initialMs <= maxMs and factor >= 1 (got ${this.initialMs}, ${this.maxMs}, ${this.factor})`,
      );
    }
  }

  /** The delay before the next attempt; grows until `reset()`. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt++;
    return Math.round(base / 2 + (this.random() * base) / 2);
  }

  /** The shortest delay (jittered), without growing: for members that answered but cannot serve us. */
  first(): number {
    return Math.round(this.initialMs / 2 + (this.random() * this.initialMs) / 2);
  }

  /** After a successful sync (or a leader change, where waiting helps nobody). */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

/** `tcp:a:1,tcp:b:2` or an array -> a list; shuffled with `random` so that clients spread over members. */
export function shuffledRemotes(remotes: string | readonly string[], random: () => number): string[] {
  const list = (typeof remotes === 'string' ? remotes.split(',') : [...remotes])
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}
