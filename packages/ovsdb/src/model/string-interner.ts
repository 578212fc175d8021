// One shared copy of short strings that repeat across decoded rows (uuid references and the row
// they name, external_ids values such as an owner controller, IPs, enum-like values). V8 gives
// every decoded JSON string its own copy; a large replica holds tens of thousands of the same few.

/**
 * A bounded table of recently decoded strings: two generations of `generationSize` entries, the
 * older one dropped when the newer fills, so its size never depends on the replica's. A string
 * seen again within the window is returned as the first copy; the value is always equal to the
 * input.
 */
export class StringInterner {
  private young = new Map<string, string>();
  private old = new Map<string, string>();

  constructor(
    readonly generationSize = 2048,
    /** Longer strings are returned as they are (they rarely repeat, and hashing them costs). */
    readonly maxLength = 64,
  ) {}

  /** `s` or an earlier equal string. */
  readonly intern = (s: string): string => {
    if (s.length > this.maxLength) return s;
    const hit = this.young.get(s);
    if (hit !== undefined) return hit;
    const kept = this.old.get(s) ?? s;
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(kept, kept);
    return kept;
  };

  /** Entries held now (at most twice `generationSize`). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
