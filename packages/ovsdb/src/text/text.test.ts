import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ColumnType } from '../schema/types.js';
import { compareAtoms, compareUtf8 } from './atom-order.js';
import { atomToString, formatReal, ovsJsonQuote, stringNeedsQuotes } from './atom-text.js';
import { DatumSyntaxError, datumFromString } from './datum-parse.js';
import { datumToBare, datumToString } from './datum-text.js';

const STRING = { type: 'string' } as const;
const set: ColumnType = { key: STRING, min: 0, max: 'unlimited' };
const opt: ColumnType = { key: STRING, min: 0, max: 1 };
const map: ColumnType = { key: STRING, value: STRING, min: 0, max: 'unlimited' };

describe('OVSDB string syntax', () => {
  it('quotes exactly the strings ovsdb_atom_to_string quotes', () => {
    expect(stringNeedsQuotes('snat')).toBe(false);
    expect(stringNeedsQuotes('a.b-c_d9')).toBe(false);
    for (const s of [
      '',
      '1abc',
      'a b',
      'true',
      'false',
      'ü',
      'x=y',
      '12345678-1234-1234-1234-123456789abc',
      'abcdef01-1234-1234-1234-123456789abc',
    ]) {
      expect(stringNeedsQuotes(s)).toBe(true);
    }
    expect(atomToString('10.0.0.1', 'string')).toBe('"10.0.0.1"');
    expect(ovsJsonQuote('a"b\\c\n\u0001\u007f')).toBe('"a\\"b\\\\c\\n\\u0001\u007f"');
  });

  it('formats reals as %.15g', () => {
    expect(formatReal(1)).toBe('1');
    expect(formatReal(0.1)).toBe('0.1');
    expect(formatReal(1e21)).toBe('1e+21');
    expect(formatReal(1.5e-7)).toBe('1.5e-07');
    expect(formatReal(123456789012345680)).toBe('1.23456789012346e+17');
  });

  it('prints sets, optional values and maps as db-ctl does', () => {
    expect(datumToString(['b', 'a'], set)).toBe('[a, b]');
    expect(datumToString([], set)).toBe('[]');
    expect(datumToString(undefined, opt)).toBe('[]');
    expect(datumToString('x', opt)).toBe('x');
    expect(datumToString({ z: '1', a: 'b c' }, map)).toBe('{a="b c", z="1"}');
    expect(datumToBare({ z: '1', a: 'b c' }, map)).toBe('a=b c z=1');
  });

  it('parses what it prints (round trip over random string sets and maps)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 8 })),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 6 })),
        (xs, m) => {
          expect(datumFromString(datumToString(xs, set), set).keys).toEqual(
            [...xs].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
          );
          const d = datumFromString(datumToString(m, map), map);
          expect(Object.fromEntries(d.keys.map((k, i) => [k, d.values![i]]))).toEqual({ ...m });
        },
      ),
    );
  });

  it('names what is wrong in bad values', () => {
    const int: ColumnType = { key: { type: 'integer' }, min: 1, max: 1 };
    expect(() => datumFromString('abc', int)).toThrow(
      new DatumSyntaxError('"abc" is not a valid integer or range'),
    );
    expect(() => datumFromString('', set)).toThrow(/use "\[\]" to specify the empty set/);
  });
});

describe('OVSDB atom order', () => {
  it('compareUtf8 orders by code point like strcmp on UTF-8', () => {
    const xs = ['b', 'a', '\u{1F600}', '\uFFFF', 'ab', ''];
    const bytewise = [...xs].sort((p, q) => Buffer.compare(Buffer.from(p), Buffer.from(q)));
    expect([...xs].sort(compareUtf8)).toEqual(bytewise);
  });

  it('sorts strings by UTF-8 bytes, numbers numerically, false before true', () => {
    const sorted = (xs: string[]) => [...xs].sort((a, b) => compareAtoms(a, b, 'string'));
    // U+FF5E is one UTF-16 unit but sorts before U+1F600 (a surrogate pair) by code point.
    expect(sorted(['\u{1F600}', '\uFF5E', 'B', 'a', 'é'])).toEqual(['B', 'a', 'é', '\uFF5E', '\u{1F600}']);
    expect([10, 9, -1, 2n ** 60n].sort((a, b) => compareAtoms(a, b, 'integer'))).toEqual([
      -1,
      9,
      10,
      2n ** 60n,
    ]);
    expect([true, false].sort((a, b) => compareAtoms(a, b, 'boolean'))).toEqual([false, true]);
  });
});
