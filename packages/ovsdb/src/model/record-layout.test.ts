import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { WireFormatError } from '../wire/wire-format-error.js';
import { compileValueCodec } from './value-codec.js';

const stringMap = () =>
  compileValueCodec({ key: { type: 'string' }, value: { type: 'string' }, min: 0, max: 'unlimited' });
const integerMap = () =>
  compileValueCodec({ key: { type: 'string' }, value: { type: 'integer' }, min: 0, max: 'unlimited' });

/** The record as text with its own keys in order (JSON.stringify would skip nothing here). */
const asText = (r: unknown) => JSON.stringify(Object.entries(r as object));
/** What decoding must give: the pairs as own properties, added in order. */
function expected(pairs: readonly (readonly [string, unknown])[]): string {
  const r: Record<string, unknown> = {};
  for (const [k, v] of pairs) Object.defineProperty(r, k, { value: v, enumerable: true });
  return asText(r);
}

// Key lists of 5-7 keys, among them ones a generated literal must treat with care.
const KEYS = ['k8s.ovn.org/id', 'name', '__proto__', '1', '0', 'a"b', 'x\\y', 'é', 'constructor', 'toString'];
const keyList = fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 5, maxLength: 7 });

describe('string-keyed maps with repeated key lists', () => {
  it('decode to the same records as the plain loop, whatever the key lists and their order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(0, 1, 2), fc.array(fc.string({ maxLength: 3 }), { minLength: 7 })),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.array(keyList, { minLength: 3, maxLength: 3 }),
        (rows, lists) => {
          const codec = stringMap();
          for (const [which, values] of rows) {
            const pairs = lists[which]!.map((k, i) => [k, values[i]!] as const);
            const got = codec.decode(['map', pairs]);
            expect(asText(got)).toBe(expected(pairs));
            expect(Object.isFrozen(got)).toBe(true);
            expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('still refuse a bad value once the key list has a builder', () => {
    const codec = integerMap();
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const row = (vals: unknown[]) => ['map', keys.map((k, i) => [k, vals[i]])];
    for (let n = 0; n < 3; n++) codec.decode(row([1, 2, 3, 4, n]));
    expect(codec.decode(row([5, 6, 7, 8, 9]))).toEqual({ a: 5, b: 6, c: 7, d: 8, e: 9 });
    expect(() => codec.decode(row([1, 2, 'three', 4, 5]))).toThrow(WireFormatError);
  });

  it('still refuse a repeated key and a non-string key after the same list', () => {
    const codec = stringMap();
    const pairs = [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
      ['e', '5'],
    ];
    for (let n = 0; n < 3; n++) codec.decode(['map', pairs]);
    expect(() => codec.decode(['map', [...pairs.slice(0, 4), ['a', '5']]])).toThrow(WireFormatError);
    expect(() => codec.decode(['map', [...pairs.slice(0, 4), [5, '5']]])).toThrow(WireFormatError);
  });
});
