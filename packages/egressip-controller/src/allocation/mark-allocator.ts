// Packet marks for EgressIP objects (spec 3.8): annotation k8s.ovn.org/egressip-mark holds
// 50000 + id, ids handed out round-robin from 5000 (the next free id after the last one given,
// wrapping), existing annotations reserved first, an object keeps its mark until deleted.
// Only user-defined-network rows use the mark; the cluster manager writes it on every object.

import { EGRESSIP_MARK_ANNOTATION } from '../api/types.js';

export { EGRESSIP_MARK_ANNOTATION };
export const EGRESSIP_MARK_BASE = 50000;
export const EGRESSIP_MARK_IDS = 5000;

export class MarkAllocationError extends Error {
  override readonly name = 'MarkAllocationError';
}

/** The mark in an annotation value, or undefined when absent or not a valid mark. */
export function parseMark(value: string | undefined): number | undefined {
  if (value === undefined || !/^[0-9]+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= EGRESSIP_MARK_BASE && n < EGRESSIP_MARK_BASE + EGRESSIP_MARK_IDS ? n : undefined;
}

export class MarkAllocator {
  readonly #byName = new Map<string, number>();
  readonly #used = new Set<number>();
  #next = 0;

  /** Record a mark found on an object; false when another object already holds it. */
  reserve(name: string, mark: number): boolean {
    const id = mark - EGRESSIP_MARK_BASE;
    if (id < 0 || id >= EGRESSIP_MARK_IDS) return false;
    if (this.#byName.get(name) === id) return true;
    if (this.#used.has(id)) return false;
    this.release(name);
    this.#byName.set(name, id);
    this.#used.add(id);
    return true;
  }

  /** The object's mark, allocating the next free one round-robin if it has none. */
  markFor(name: string): number {
    const have = this.#byName.get(name);
    if (have !== undefined) return EGRESSIP_MARK_BASE + have;
    for (let i = 0; i < EGRESSIP_MARK_IDS; i++) {
      const id = (this.#next + i) % EGRESSIP_MARK_IDS;
      if (this.#used.has(id)) continue;
      this.#used.add(id);
      this.#byName.set(name, id);
      this.#next = (id + 1) % EGRESSIP_MARK_IDS;
      return EGRESSIP_MARK_BASE + id;
    }
    throw new MarkAllocationError(
      `no free EgressIP mark for ${name}: all ${EGRESSIP_MARK_IDS} marks are in use`,
    );
  }

  release(name: string): void {
    const id = this.#byName.get(name);
    if (id === undefined) return;
    this.#byName.delete(name);
    this.#used.delete(id);
  }
}
