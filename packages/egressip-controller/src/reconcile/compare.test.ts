import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { changedColumns, sameValue } from './compare.js';

describe('sameValue (native OVSDB values)', () => {
  it('sets ignore order, maps ignore key order, optional empty equals undefined', () => {
    expect(sameValue(['b', 'a'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a'], ['b'])).toBe(false);
    expect(sameValue([], undefined)).toBe(true);
    expect(sameValue({ x: '1', y: '2' }, { y: '2', x: '1' })).toBe(true);
    expect(sameValue({ x: '1' }, { x: '1', y: '2' })).toBe(false);
    expect(sameValue({}, undefined)).toBe(true);
    expect(sameValue(undefined, '')).toBe(false);
    expect(sameValue(42, 42n)).toBe(true);
    expect(
      changedColumns(['a', 'b', 'c'], { a: 1, b: ['x'], c: { k: 'v' } }, { a: 1, b: ['y'], c: { k: 'v' } }),
    ).toEqual({ b: ['x'] });
  });

  it('agrees with comparing sorted JSON for random sets and maps', () => {
    const canon = (v: unknown): string =>
      Array.isArray(v)
        ? JSON.stringify([...v].map(String).sort())
        : JSON.stringify(Object.entries(v as object).sort());
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd')),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd')),
        (x, y) => {
          expect(sameValue(x, y)).toBe(canon(x) === canon(y));
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('k1', 'k2', 'k3'), fc.constantFrom('1', '2')),
        fc.dictionary(fc.constantFrom('k1', 'k2', 'k3'), fc.constantFrom('1', '2')),
        (x, y) => {
          expect(sameValue(x, y)).toBe(canon(x) === canon(y));
        },
      ),
    );
  });
});
