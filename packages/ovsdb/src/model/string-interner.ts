// One shared copy of short strings that repeat across decoded rows (uuid references and the row
// they name, external_ids values such as an owner controller, IPs, enum-like values). V8 gives
// every decoded JSON string its own copy; a large replica holds tens of thousands of the same few.

import { RepeatSampling } from './repeat-sampling.js';

/** Returns one shared copy of an equal string; the value is always equal to the input. */
export type Intern = (s: string) => string;

/**
 * A bounded cache of recently decoded strings: a fixed array of slots in pairs, each string
 * looked up in the pair its hash names, the newer of the pair first; a miss moves the newer
 * entry to the second place and takes the first. Each slot's hash is kept beside it. Its size never depends on the replica's, and a
 * string seen again while its entry holds is returned as the first copy.
 *
 * Why not a Map: every lookup made V8 hash the whole string and probe a hash table, twice on a
 * miss (two generations) plus an insert; here a miss costs a few character reads, two integer
 * comparisons and four stores.
 */
export class StringInterner {
  private readonly slots: string[];
  /** The hash of the string in each slot. */
  private readonly hashes: Int32Array;
  /** Right shift that leaves a hash's top bits: the number of the slot pair. */
  private readonly shift: number;
  private held = 0;
  private hit = false;
  /** Lookups that returned an earlier copy (for tests and diagnostics). */
  hits = 0;

  constructor(
    /** Half the entries kept at most (the former generation size; rounded up to a power of 2). */
    readonly generationSize = 2048,
    /** Longer strings are returned as they are (they rarely repeat, and hashing them costs). */
    readonly maxLength = 64,
  ) {
    let bits = 1;
    while (1 << bits < generationSize) bits++;
    this.slots = new Array<string>(2 << bits).fill('');
    this.hashes = new Int32Array(2 << bits);
    this.shift = 32 - bits;
  }

  /** `s` or an earlier equal string. */
  readonly intern: Intern = (s) => {
    const n = s.length;
    if (n > this.maxLength || n === 0) {
      this.hit = false;
      return s;
    }
    const h = hashOf(s, n);
    const i = (h >>> this.shift) << 1;
    const { slots, hashes } = this;
    // The strings are compared only when the hashes match: a held string lives somewhere in the
    // heap, and reading it on every miss cost a cache miss each.
    if (hashes[i] === h && slots[i] === s) {
      this.hit = true;
      this.hits++;
      return slots[i] as string;
    }
    const first = slots[i] as string;
    if (hashes[i + 1] === h && slots[i + 1] === s) {
      const second = slots[i + 1] as string;
      this.hit = true;
      this.hits++;
      slots[i + 1] = first;
      hashes[i + 1] = hashes[i] as number;
      slots[i] = second;
      hashes[i] = h;
      return second;
    }
    this.hit = false;
    if (slots[i + 1] === '') this.held++; // else the older of the pair is dropped
    slots[i + 1] = first;
    hashes[i + 1] = hashes[i] as number;
    slots[i] = s;
    hashes[i] = h;
    return s;
  };

  /**
   * An intern function for one string column: the same table, but while fewer than one value in
   * eight repeats, it mostly returns values as they are.
   */
  forColumn(): Intern {
    const sampling = new RepeatSampling();
    return (s) => {
      if (sampling.skipping()) return s;
      const out = this.intern(s);
      sampling.count(this.hit);
      return out;
    };
  }

  /** Entries held now (at most twice `generationSize`, rounded up to a power of 2). */
  get size(): number {
    return this.held;
  }
}

/**
 * A hash of the last 12 characters and 4 spread over the rest: values that differ (uuids, names,
 * ids, IPs) nearly always differ near their end, and reading every character of a long string
 * costs more than the few collisions it would avoid. The top bits of the last product are the
 * best mixed; the caller takes its slot from them.
 */
function hashOf(s: string, n: number): number {
  const tail = n > 12 ? n - 12 : 0;
  let h = n;
  for (let k = n - 1; k >= tail; k--) h = Math.imul(h ^ s.charCodeAt(k), 0x9e3779b1);
  const step = (tail >> 2) + 1;
  for (let k = tail - 1; k >= 0; k -= step) h = Math.imul(h ^ s.charCodeAt(k), 0x9e3779b1);
  return h;
}
