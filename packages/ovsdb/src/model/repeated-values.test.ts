import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sharingRepeats } from './repeated-values.js';

const same = (v: unknown) => v;
// Few characters, among them the ones a naive key would confuse ("1:a" after "a", a NUL).
const text = fc.string({ unit: fc.constantFrom('a', 'b', '1', ':', '\u0000'), maxLength: 4 });
const frozenArray = fc.array(text, { maxLength: 6 }).map((a) => Object.freeze(a));
const frozenRecord = fc
  .array(fc.tuple(text, text), { maxLength: 6 })
  .map((pairs) => Object.freeze(Object.fromEntries(pairs)));
const value = fc.oneof(frozenArray, frozenRecord);

/** The value as text that keeps key order (toEqual would not see a reordered record). */
const asText = (v: unknown) => JSON.stringify(Array.isArray(v) ? v : Object.entries(v as object));

describe('sharingRepeats', () => {
  it('returns a value equal to the one decoded, keys in the same order, frozen', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (values) => {
        const decode = sharingRepeats(same);
        for (const v of values) {
          const out = decode(v);
          expect(asText(out)).toBe(asText(v));
          expect(Object.isFrozen(out)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives equal small values one shared copy', () => {
    const decode = sharingRepeats(same);
    const first = decode(Object.freeze(['100.64.0.2']));
    decode(Object.freeze(['100.64.0.3']));
    expect(decode(Object.freeze(['100.64.0.2']))).toBe(first);
    const options = decode(Object.freeze({ stateless: 'false' }));
    expect(decode(Object.freeze({ stateless: 'false' }))).toBe(options);
  });

  it('never shares what could be changed or is not small', () => {
    const decode = sharingRepeats(same);
    const map = new Map([['k', 'v']]);
    decode(new Map([['k', 'v']]));
    expect(decode(map)).toBe(map);
    const open = ['x'];
    decode(['x']);
    expect(decode(open)).toBe(open);
    const big = Object.freeze(['1', '2', '3', '4', '5']);
    decode(Object.freeze(['1', '2', '3', '4', '5']));
    expect(decode(big)).toBe(big);
    const reordered = Object.freeze({ b: '1', a: '2' });
    decode(Object.freeze({ a: '2', b: '1' }));
    expect(decode(reordered)).toBe(reordered);
    const numbers = Object.freeze([1]);
    decode(Object.freeze([1]));
    expect(decode(numbers)).toBe(numbers);
  });
});
