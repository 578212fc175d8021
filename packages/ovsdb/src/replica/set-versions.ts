// Large set columns (a router's `nat` or `policies`: thousands of uuids) as versions of one shared,
// append-only log, so that an update2 diff costs O(diff) instead of a copy of the whole set. Each
// version still reads as exactly the frozen array the plain path builds (same elements, same
// order: survivors in place, additions appended), built on its first read and cached.
//
// The log holds every element added since it was started, in the order they were added, and the
// positions of the removed ones, in the order they were removed. A version is two prefix lengths:
// its elements are the first `logLength` elements minus the first `removals` removed positions.
// Only the newest version (the head) may be extended; extending an older one starts a new log.

import { PositionIndex, type PositionSource } from './position-index.js';

/** Sets at least this large take the versioned path; a versioned set that shrinks below half of it goes back to an array. */
export const LARGE_SET = 512;

// A log is rewritten with only its present elements once its removed ones outnumber them by this
// margin, which keeps reads O(set size) and costs O(1) amortised per removal.
export const COMPACT_SLACK = 1024;

class SetLog implements PositionSource {
  /** Elements appended after `base`; position `base.length + i` is `added[i]`. */
  readonly added: unknown[] = [];
  readonly removed: number[] = [];
  /** Present element -> its position; dropped once the log is retired (only memory). */
  live: PositionIndex | undefined;
  /** The head's version number. */
  latest = 0;

  constructor(
    /** Version 0's frozen array, shared rather than copied: the log's first positions. */
    readonly base: readonly unknown[],
    /** Removed elements tolerated beyond the present ones before the log is rewritten. */
    readonly slack: number,
  ) {
    const live = new PositionIndex(this, base.length);
    for (let i = 0; i < base.length; i++) live.set(base[i], i);
    this.live = live;
  }

  get length(): number {
    return this.base.length + this.added.length;
  }

  elementAt(pos: number): unknown {
    const base = this.base;
    return pos < base.length ? base[pos] : this.added[pos - base.length];
  }
}

/** One immutable version of a large set; `toArray()` is its value. */
export class SetVersion {
  #array: readonly unknown[] | undefined;

  /** @internal */
  constructor(
    private readonly log: SetLog,
    private readonly no: number,
    private readonly logLength: number,
    private readonly removals: number,
    array?: readonly unknown[],
  ) {
    this.#array = array;
  }

  /** How many elements this version holds. */
  get size(): number {
    return this.logLength - this.removals;
  }

  /** The elements as a frozen array, the same object on every call. */
  toArray(): readonly unknown[] {
    this.#array ??= this.materialize();
    return this.#array;
  }

  /** Whether this version is the log's head (the only one that may be extended in place). */
  get isHead(): boolean {
    return this.log.latest === this.no && this.log.live !== undefined;
  }

  private materialize(): readonly unknown[] {
    const { base, added, removed } = this.log;
    const n = this.logLength;
    if (this.removals === 0) {
      if (n <= base.length) return n === base.length ? base : Object.freeze(base.slice(0, n));
      return Object.freeze(base.concat(added.slice(0, n - base.length)));
    }
    const gone = new Int32Array(this.removals);
    for (let i = 0; i < gone.length; i++) gone[i] = removed[i]!;
    gone.sort();
    const out = new Array<unknown>(this.size);
    let k = 0;
    let g = 0;
    const fromBase = Math.min(n, base.length);
    for (let i = 0; i < fromBase; i++) {
      if (g < gone.length && gone[g] === i) g++;
      else out[k++] = base[i];
    }
    for (let i = fromBase; i < n; i++) {
      if (g < gone.length && gone[g] === i) g++;
      else out[k++] = added[i - base.length];
    }
    return Object.freeze(out);
  }

  /**
   * The version after toggling `toggled` (distinct elements: each removed if present, else
   * appended). O(toggled) on the head; an older version is copied into a new log first.
   */
  toggle(toggled: readonly unknown[]): SetVersion {
    if (toggled.length === 0) return this;
    let base: SetVersion = this;
    if (!this.isHead) base = startSetVersion(this.toArray(), this.log.slack);
    else if (this.removals > this.size + this.log.slack) {
      // The old log stays as it is for its versions; only its membership map is no longer needed.
      this.log.live = undefined;
      base = startSetVersion(this.toArray(), this.log.slack);
    }
    return base.extend(toggled);
  }

  private extend(toggled: readonly unknown[]): SetVersion {
    const log = this.log;
    const live = log.live!;
    for (const e of toggled) {
      const at = live.toggle(e, log.length);
      if (at >= 0) log.removed.push(at);
      else log.added.push(e);
    }
    log.latest = this.no + 1;
    return new SetVersion(log, log.latest, log.length, log.removed.length);
  }
}

/** The head of a new log holding `present` (a frozen array of distinct elements, which becomes its value as is). */
export function startSetVersion(present: readonly unknown[], slack = COMPACT_SLACK): SetVersion {
  return new SetVersion(new SetLog(present, slack), 0, present.length, 0, present);
}

/**
 * A large set after an update2 diff's toggled elements. `current` is a version or a plain frozen
 * array of at least LARGE_SET elements. The result is a version, or a plain frozen array again
 * when the set fell below LARGE_SET / 2.
 */
export function toggleLargeSet(
  current: SetVersion | readonly unknown[],
  toggled: readonly unknown[],
): SetVersion | readonly unknown[] {
  const from = current instanceof SetVersion ? current : startSetVersion(current);
  const next = from.toggle(toggled);
  return next.size < LARGE_SET / 2 ? next.toArray() : next;
}
