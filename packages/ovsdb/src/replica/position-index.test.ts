import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { hashString, PositionIndex } from './position-index.js';

/** An append-only log like SetLog's: every set() appends the element first, so positions stay valid. */
class Log {
  readonly elements: unknown[] = [];
  elementAt(pos: number): unknown {
    return this.elements[pos];
  }
}

const key = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 60 }).map((i) => `k${i}`) },
  { weight: 1, arbitrary: fc.constantFrom('', 'é', '\u{1F600}', 'k1 ') },
);
const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), key }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), key }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('toggle' as const), key }) },
);

// Hashes that make long probe runs and wrap around the table's end: all keys in one or two slots.
const hashes: Record<string, (s: string) => number> = {
  real: hashString,
  constant: () => 7,
  'two buckets': (s) => (s.length % 2 === 0 ? -1 : 3),
  'low bits only': (s) => s.length,
  // Homes in the last three slots, so probe runs wrap past the end and deletions shift across it.
  'end of table': (s) => -1 - (s.charCodeAt(s.length - 1) % 3),
};

/** Runs `ops` on a PositionIndex and on a Map side by side; any difference fails. */
function compareWithMap(
  hash: (s: string) => number,
  initial: readonly unknown[],
  ops: readonly { kind: 'set' | 'delete' | 'get' | 'toggle'; key: unknown }[],
): void {
  const log = new Log();
  const index = new PositionIndex(log, initial.length, hash);
  const model = new Map<unknown, number>();
  const set = (k: unknown) => {
    log.elements.push(k);
    index.set(k, log.elements.length - 1);
    model.set(k, log.elements.length - 1);
  };
  for (const k of initial) set(k);
  for (const { kind, key: k } of ops) {
    if (kind === 'set') set(k);
    else if (kind === 'toggle') {
      // As SetLog does: the element is appended to the log only when it was absent.
      const had = model.get(k);
      const got = index.toggle(k, log.elements.length);
      if (had === undefined) {
        log.elements.push(k);
        model.set(k, log.elements.length - 1);
        expect(got).toBe(-1);
      } else {
        model.delete(k);
        expect(got).toBe(had);
      }
    } else if (kind === 'delete') {
      const want = model.get(k) ?? -1;
      model.delete(k);
      expect(index.delete(k)).toBe(want);
    } else expect(index.get(k)).toBe(model.get(k) ?? -1);
    expect(index.size).toBe(model.size);
  }
  for (const [k, pos] of model) expect(index.get(k)).toBe(pos);
}

describe('PositionIndex: element -> log position, in a typed array', () => {
  for (const [name, hash] of Object.entries(hashes)) {
    it(`agrees with a Map on random set/toggle/delete/get sequences (${name} hash)`, () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(key, { maxLength: 20 }),
          fc.array(op, { maxLength: 200 }),
          (initial, ops) => compareWithMap(hash, initial, ops),
        ),
        { numRuns: 300 },
      );
    });
  }

  it('grows past its first capacity and keeps every entry', () => {
    const log = new Log();
    const index = new PositionIndex(log, 0);
    for (let i = 0; i < 5000; i++) {
      log.elements.push(`u${i}`);
      index.set(`u${i}`, i);
    }
    for (let i = 0; i < 5000; i += 2) expect(index.delete(`u${i}`)).toBe(i);
    expect(index.size).toBe(2500);
    for (let i = 0; i < 5000; i++) expect(index.get(`u${i}`)).toBe(i % 2 === 0 ? -1 : i);
  });

  it('moves to a Map at the first non-string key and still answers for the strings', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { maxLength: 20 }),
        fc.array(
          fc.oneof(
            op,
            fc.record({
              kind: fc.constantFrom('set' as const, 'delete' as const, 'get' as const, 'toggle' as const),
              key: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.boolean()),
            }),
          ),
          { maxLength: 100 },
        ),
        (initial, ops) => compareWithMap(() => 1, initial, ops),
      ),
      { numRuns: 200 },
    );
  });
});
