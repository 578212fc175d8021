// Element -> position in an append-only log, for the versioned large sets (set-versions.ts). A Map
// costs ~46 B per entry; string elements (uuids, nearly always) are kept instead in one Int32Array
// of positions, open addressing with linear probing: 6-11 B per entry. The table stores no keys:
// a slot's key is the log's element at that position, so comparing a candidate is one `===`.

/** The log the positions point into. */
export interface PositionSource {
  /** The element at `pos` (a position once handed to `set`). */
  elementAt(pos: number): unknown;
}

/** FNV-1a over the UTF-16 code units, then a murmur3 finaliser so the low bits (the slot) mix well. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const MIN_CAPACITY = 8;

/** The smallest power of two that holds `count` entries at a load of at most 2/3. */
function capacityFor(count: number): number {
  let capacity = MIN_CAPACITY;
  while (count * 3 > capacity * 2) capacity *= 2;
  return capacity;
}

/**
 * A Map<element, position> over a log's elements. String keys live in the typed-array table; the
 * first non-string key (a set of integers, reals or booleans: rare when large) moves every entry to
 * a plain Map, since such keys have no cheap hash here.
 */
export class PositionIndex {
  /** Position + 1 per slot; 0 is an empty slot. Emptied once `map` takes over. */
  #slots: Int32Array;
  #mask: number;
  #count = 0;
  #map: Map<unknown, number> | undefined;

  constructor(
    private readonly source: PositionSource,
    expected: number,
    private readonly hash: (s: string) => number = hashString,
  ) {
    this.#slots = new Int32Array(capacityFor(expected));
    this.#mask = this.#slots.length - 1;
  }

  /** How many elements are indexed. */
  get size(): number {
    return this.#map ? this.#map.size : this.#count;
  }

  /** The position of `e`, or -1 when it is not indexed. */
  get(e: unknown): number {
    if (this.#map) return this.#map.get(e) ?? -1;
    if (typeof e !== 'string') return -1;
    const slot = this.#find(e);
    return slot < 0 ? -1 : this.#slots[slot]! - 1;
  }

  /** Indexes `e` at `pos` (which must already hold `e` in the source), replacing any position it had. */
  set(e: unknown, pos: number): void {
    if (!this.#map && typeof e !== 'string') this.#toMap();
    if (this.#map) {
      this.#map.set(e, pos);
      return;
    }
    const i = this.#probe(e as string);
    if (this.#slots[i] === 0) this.#count++;
    this.#slots[i] = pos + 1;
  }

  /**
   * One probe run for an update2 toggle: drops `e` and returns the position it had, or, when it
   * was absent, indexes it at `pos` and returns -1. `pos` may be filled in the source right after.
   */
  toggle(e: unknown, pos: number): number {
    if (!this.#map && typeof e !== 'string') this.#toMap();
    if (this.#map) {
      const at = this.#map.get(e);
      if (at === undefined) this.#map.set(e, pos);
      else this.#map.delete(e);
      return at ?? -1;
    }
    const i = this.#probe(e as string);
    const at = this.#slots[i]!;
    if (at === 0) {
      this.#slots[i] = pos + 1;
      this.#count++;
      return -1;
    }
    this.#removeSlot(i);
    this.#count--;
    return at - 1;
  }

  /** Drops `e`; returns the position it had, or -1 when it was not indexed. */
  delete(e: unknown): number {
    if (this.#map) {
      const pos = this.#map.get(e);
      if (pos === undefined) return -1;
      this.#map.delete(e);
      return pos;
    }
    if (typeof e !== 'string') return -1;
    const slot = this.#find(e);
    if (slot < 0) return -1;
    const pos = this.#slots[slot]! - 1;
    this.#removeSlot(slot);
    this.#count--;
    return pos;
  }

  #find(e: string): number {
    const slots = this.#slots;
    const mask = this.#mask;
    for (let i = this.hash(e) & mask, at = slots[i]!; at !== 0; i = (i + 1) & mask, at = slots[i]!) {
      if (this.source.elementAt(at - 1) === e) return i;
    }
    return -1;
  }

  /** The slot holding `e`, else the empty slot where it goes (the table grows first if one more entry would pass 2/3 load). */
  #probe(e: string): number {
    if ((this.#count + 1) * 3 > this.#slots.length * 2) this.#grow();
    const slots = this.#slots;
    const mask = this.#mask;
    let i = this.hash(e) & mask;
    for (let at = slots[i]!; at !== 0; i = (i + 1) & mask, at = slots[i]!) {
      if (this.source.elementAt(at - 1) === e) return i;
    }
    return i;
  }

  #home(at: number): number {
    return this.hash(this.source.elementAt(at - 1) as string) & this.#mask;
  }

  // Backward-shift deletion: later entries of the probe run move into the hole unless that would put
  // them before their home slot, so lookups never need tombstones.
  #removeSlot(hole: number): void {
    const slots = this.#slots;
    const mask = this.#mask;
    for (let j = (hole + 1) & mask, at = slots[j]!; at !== 0; j = (j + 1) & mask, at = slots[j]!) {
      const home = this.#home(at);
      // The entry at j may fill the hole only if its home is not cyclically within (hole, j].
      const staysPut = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (staysPut) continue;
      slots[hole] = at;
      hole = j;
    }
    slots[hole] = 0;
  }

  #grow(): void {
    const old = this.#slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    this.#slots = slots;
    this.#mask = mask;
    for (const at of old) {
      if (at === 0) continue;
      let i = this.#home(at);
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = at;
    }
  }

  #toMap(): void {
    const map = new Map<unknown, number>();
    for (const at of this.#slots) if (at !== 0) map.set(this.source.elementAt(at - 1), at - 1);
    this.#map = map;
    this.#slots = new Int32Array(0);
    this.#count = 0;
  }
}
