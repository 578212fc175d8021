// One shared copy of short strings that repeat across decoded rows (uuid references and the row
// they name, external_ids values such as an owner controller, IPs, enum-like values). V8 gives
// every decoded JSON string its own copy; a large replica holds tens of thousands of the same few.

/** Returns one shared copy of an equal string; the value is always equal to the input. */
export type Intern = (s: string) => string;

// A column whose values rarely repeat (a pod's IP, a per-row id) is looked up only in one window
// of SAMPLE values out of SKIP_WINDOWS + 1: lookups that miss cost CPU and save nothing.
const SAMPLE = 1024;
const MIN_HITS = SAMPLE / 8;
const SKIP_WINDOWS = 7;

/**
 * A bounded table of recently decoded strings: two generations of `generationSize` entries, the
 * older one dropped when the newer fills, so its size never depends on the replica's. A string
 * seen again within the window is returned as the first copy.
 */
export class StringInterner {
  private young = new Map<string, string>();
  private old = new Map<string, string>();
  private hit = false;

  constructor(
    readonly generationSize = 2048,
    /** Longer strings are returned as they are (they rarely repeat, and hashing them costs). */
    readonly maxLength = 64,
  ) {}

  /** `s` or an earlier equal string. */
  readonly intern: Intern = (s) => {
    this.hit = false;
    if (s.length > this.maxLength) return s;
    const y = this.young.get(s);
    if (y !== undefined) {
      this.hit = true;
      return y;
    }
    const o = this.old.get(s);
    this.hit = o !== undefined;
    const kept = o ?? s;
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(kept, kept);
    return kept;
  };

  /**
   * An intern function for one string column: the same table, but while fewer than one value in
   * eight repeats, it mostly returns values as they are.
   */
  forColumn(): Intern {
    let looked = 0;
    let hits = 0;
    let skip = 0;
    return (s) => {
      if (skip > 0) {
        skip--;
        return s;
      }
      const out = this.intern(s);
      if (this.hit) hits++;
      if (++looked === SAMPLE) {
        if (hits < MIN_HITS) skip = SKIP_WINDOWS * SAMPLE;
        looked = 0;
        hits = 0;
      }
      return out;
    };
  }

  /** Entries held now (at most twice `generationSize`). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
