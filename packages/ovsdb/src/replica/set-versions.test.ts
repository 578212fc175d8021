import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { LARGE_SET, SetVersion, startSetVersion, toggleLargeSet } from './set-versions.js';

/** The plain-array semantics of an update2 set diff: present elements removed, the others appended in diff order. */
function plainToggle(cur: readonly string[], toggled: readonly string[]): readonly string[] {
  const present = new Set(cur);
  const drop = new Set(toggled.filter((e) => present.has(e)));
  return [...cur.filter((e) => !drop.has(e)), ...toggled.filter((e) => !present.has(e))];
}

const element = fc.integer({ min: 0, max: 40 }).map((i) => `e${i}`);

/** A diff applied to one earlier version (mostly the newest), then some versions read. */
const step = fc.record({
  // 0 = the newest version; k = the k-th newest (extending it branches off the log).
  back: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(6) }),
  toggled: fc.uniqueArray(element, { maxLength: 12 }),
  read: fc.array(fc.nat(30), { maxLength: 3 }),
});

describe('SetVersion: versions of a large set on a shared log', () => {
  it('every version reads as the plain array, in order, whenever it is read (or never)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(element, { maxLength: 30 }),
        fc.array(step, { maxLength: 40 }),
        fc.nat(6),
        fc.array(fc.nat(40), { maxLength: 10 }),
        (initial, steps, slack, finalReads) => {
          const versions: SetVersion[] = [startSetVersion(Object.freeze(initial), slack)];
          const expected: (readonly string[])[] = [initial];
          const check = (i: number) => {
            const v = versions[i % versions.length]!;
            const want = expected[i % versions.length]!;
            const got = v.toArray();
            expect(got).toEqual(want);
            expect(v.size).toBe(want.length);
            expect(Object.isFrozen(got)).toBe(true);
            expect(v.toArray()).toBe(got);
          };
          for (const s of steps) {
            const from = Math.max(0, versions.length - 1 - s.back);
            versions.push(versions[from]!.toggle(s.toggled));
            expected.push(plainToggle(expected[from]!, s.toggled));
            for (const r of s.read) check(r);
          }
          for (const r of finalReads) check(r);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('extending the head does not read the set: older versions stay unbuilt and still read right afterwards', () => {
    const initial = Object.freeze(Array.from({ length: 2000 }, (_, i) => `u${i}`));
    let v = startSetVersion(initial);
    const kept: SetVersion[] = [];
    for (let i = 0; i < 300; i++) {
      v = v.toggle([`u${i}`, `n${i}`]);
      if (i % 100 === 0) kept.push(v);
    }
    expect(v.size).toBe(2000);
    const want = [...initial.slice(300), ...Array.from({ length: 300 }, (_, i) => `n${i}`)];
    expect(v.toArray()).toEqual(want);
    expect(kept[0]!.toArray()).toEqual([...initial.slice(1), 'n0']);
  });

  it('a version extended twice (two diffs on one base) gives two independent results', () => {
    const base = startSetVersion(Object.freeze(['a', 'b', 'c']));
    const x = base.toggle(['b', 'x']);
    const y = base.toggle(['a', 'y']);
    expect(x.toArray()).toEqual(['a', 'c', 'x']);
    expect(y.toArray()).toEqual(['b', 'c', 'y']);
    expect(x.toggle(['z']).toArray()).toEqual(['a', 'c', 'x', 'z']);
    expect(base.toArray()).toEqual(['a', 'b', 'c']);
  });

  it('toggleLargeSet starts from a plain array and returns to one when the set falls below half the threshold', () => {
    const initial = Object.freeze(Array.from({ length: LARGE_SET }, (_, i) => `u${i}`));
    const v = toggleLargeSet(initial, ['u0', 'extra']);
    expect(v).toBeInstanceOf(SetVersion);
    expect((v as SetVersion).toArray()).toEqual([...initial.slice(1), 'extra']);
    const small = toggleLargeSet(v as SetVersion, initial.slice(1, LARGE_SET / 2 + 2));
    expect(Array.isArray(small)).toBe(true);
    expect(small).toEqual([...initial.slice(LARGE_SET / 2 + 2), 'extra']);
    expect(Object.isFrozen(small)).toBe(true);
  });
});
