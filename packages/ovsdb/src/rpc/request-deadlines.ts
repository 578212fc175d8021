// Deadlines of a connection's pending requests behind ONE timer. A session gives every transaction
// a deadline; a Node timer per request (create, link, unlink, closures) cost about as much CPU as
// the rest of the client's work on a small transaction. The timer is armed for the earliest known
// deadline and, when it fires, fails the requests that are due and re-arms for the next one;
// requests that settle in time are just dropped from the set (the timer is not touched: with
// nothing left to watch it no longer keeps the process alive, and firing finds nothing due).

/** A request with a deadline: `deadline` is in performance.now() milliseconds. */
export interface HasDeadline {
  deadline: number;
}

export class RequestDeadlines<T extends HasDeadline> {
  private readonly waiting = new Set<T>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  /** Whether the timer keeps the process alive (only while a request waits, as a per-request timer would). */
  private holding = false;

  /** `onDue` is called once per request whose deadline passed while it was in the set. */
  constructor(private readonly onDue: (request: T) => void) {}

  /** Starts watching `request` (its `deadline` set by the caller). */
  add(request: T): void {
    this.waiting.add(request);
    if (request.deadline < this.timerAt) this.arm(request.deadline);
    else if (!this.holding) this.hold(true);
  }

  /** Stops watching `request` (it settled). */
  delete(request: T): void {
    this.waiting.delete(request);
    if (this.waiting.size === 0 && this.holding) this.hold(false);
  }

  /** Stops watching everything. */
  clear(): void {
    this.waiting.clear();
    this.disarm();
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // Node may fire a timer up to a millisecond early (its clock is cached per loop turn): a
    // request found not yet due is simply waited for again.
    this.timer = setTimeout(this.fire, Math.max(1, Math.ceil(at - performance.now())));
    this.holding = true;
  }

  private hold(on: boolean): void {
    this.holding = on;
    if (on) this.timer?.ref();
    else this.timer?.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    this.holding = false;
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    this.holding = false;
    const now = performance.now();
    const due: T[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const r of this.waiting) {
      if (r.deadline <= now) due.push(r);
      else if (r.deadline < next) next = r.deadline;
    }
    for (const r of due) this.waiting.delete(r);
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
    for (const r of due) this.onDue(r);
  };
}
