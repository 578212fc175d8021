import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Backoff, shuffledRemotes } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the maximum, jittered within [base/2, base], until reset', () => {
    const hi = new Backoff({ initialMs: 100, maxMs: 800, random: () => 0.999999 });
    expect([hi.next(), hi.next(), hi.next(), hi.next(), hi.next()]).toEqual([100, 200, 400, 800, 800]);
    hi.reset();
    expect(hi.next()).toBe(100);
    const lo = new Backoff({ initialMs: 100, maxMs: 800, random: () => 0 });
    expect([lo.next(), lo.next(), lo.next()]).toEqual([50, 100, 200]);
    expect(lo.first()).toBe(50);
    expect(lo.attempts).toBe(3);
  });

  it('always stays within bounds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 50000 }),
        fc.array(fc.double({ min: 0, max: 0.9999, noNaN: true }), { maxLength: 30 }),
        (initial, extra, rs) => {
          const max = initial + extra;
          let k = 0;
          const b = new Backoff({
            initialMs: initial,
            maxMs: max,
            random: () => rs[k++ % Math.max(1, rs.length)] ?? 0.5,
          });
          for (let i = 0; i < rs.length; i++) {
            const d = b.next();
            expect(d).toBeGreaterThanOrEqual(Math.floor(Math.min(initial, max) / 2));
            expect(d).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });

  it('rejects nonsense options with a RangeError naming them', () => {
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(/0 <= initialMs <= maxMs/);
    expect(() => new Backoff({ factor: 0.5 })).toThrow(RangeError);
  });
});

describe('shuffledRemotes', () => {
  it('splits a comma list, drops blanks, and shuffles with the given random source', () => {
    expect(shuffledRemotes('unix:/a, tcp:1.2.3.4:6641,,ssl:5.6.7.8:6641', () => 0.999)).toEqual([
      'unix:/a',
      'tcp:1.2.3.4:6641',
      'ssl:5.6.7.8:6641',
    ]);
    expect(shuffledRemotes(['a', 'b', 'c'], () => 0).sort()).toEqual(['a', 'b', 'c']);
    expect(shuffledRemotes(['a', 'b', 'c'], () => 0)).not.toEqual(['a', 'b', 'c']);
  });
});
