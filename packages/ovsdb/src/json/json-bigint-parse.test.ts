// The slow (bigint-aware) parser must agree with JSON.parse on every text JSON.parse accepts
// (apart from producing bigint for unsafe integers) and reject every text JSON.parse rejects.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FramingError } from '../errors/framing-errors.js';
import { parseJsonWithBigInts } from './json-bigint-parse.js';

function jsonParseOrError(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return FramingError;
  }
}

function oursOrError(text: string): unknown {
  try {
    return parseJsonWithBigInts(text);
  } catch (err) {
    expect(err).toBeInstanceOf(FramingError);
    return FramingError;
  }
}

describe('parseJsonWithBigInts', () => {
  it('agrees with JSON.parse on valid JSON, bigints aside', () => {
    const asNumbers = (v: unknown): unknown =>
      typeof v === 'bigint'
        ? Number(v)
        : Array.isArray(v)
          ? v.map(asNumbers)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asNumbers(x)]))
            : v;
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(asNumbers(oursOrError(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts and rejects the same mutated texts as JSON.parse', () => {
    const pieces = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      'tru',
      'null',
      '-',
      '0',
      '01',
      '1.',
      '.5',
      '1e',
      '1e+5',
      ' ',
      '"\\u00e9"',
      '"\\x"',
      '\t',
      '12345678901234567890',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const expected = jsonParseOrError(text);
        const got = oursOrError(text);
        if (expected === FramingError || got === FramingError) expect(got).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns bigint exactly for integer literals outside the safe range', () => {
    expect(
      parseJsonWithBigInts(
        '[9007199254740991,9007199254740992,-9007199254740992,18446744073709551615,1.0e20,100000000000000000000.0]',
      ),
    ).toEqual([9007199254740991, 9007199254740992n, -9007199254740992n, 18446744073709551615n, 1e20, 1e20]);
  });
});
