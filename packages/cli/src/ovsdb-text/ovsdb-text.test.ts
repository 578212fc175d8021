import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { atomToString, formatReal, ovsJsonQuote, stringNeedsQuotes } from './atom-text.js';
import { cpad, fromBytes, toBytes } from './c-format.js';
import { parseColumnType } from './column-type.js';
import { DatumSyntaxError, datumFromString } from './datum-parse.js';
import { datumToBare, datumToString } from './datum-text.js';

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
    const set = parseColumnType({ key: 'string', min: 0, max: 'unlimited' });
    const opt = parseColumnType({ key: 'string', min: 0, max: 1 });
    const map = parseColumnType({ key: 'string', value: 'string', min: 0, max: 'unlimited' });
    expect(datumToString(['b', 'a'], set)).toBe('[a, b]');
    expect(datumToString([], set)).toBe('[]');
    expect(datumToString(undefined, opt)).toBe('[]');
    expect(datumToString('x', opt)).toBe('x');
    expect(datumToString({ z: '1', a: 'b c' }, map)).toBe('{a="b c", z="1"}');
    expect(datumToBare({ z: '1', a: 'b c' }, map)).toBe('a=b c z=1');
  });

  it('parses what it prints (round trip over random string sets and maps)', () => {
    const set = parseColumnType({ key: 'string', min: 0, max: 'unlimited' });
    const map = parseColumnType({ key: 'string', value: 'string', min: 0, max: 'unlimited' });
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
    const int = parseColumnType({ key: 'integer' });
    expect(() => datumFromString('abc', int)).toThrow(
      new DatumSyntaxError('"abc" is not a valid integer or range'),
    );
    expect(() => datumFromString('', parseColumnType({ key: 'string', min: 0, max: 'unlimited' }))).toThrow(
      /use "\[\]" to specify the empty set/,
    );
  });
});

describe('C printf padding on bytes', () => {
  it('pads and truncates by bytes, even inside a UTF-8 character', () => {
    expect(cpad(toBytes('ab'), 4, { left: true })).toBe('ab  ');
    expect(cpad(toBytes('ab'), 4)).toBe('  ab');
    const cut = cpad(toBytes('éé'), 5, { left: true, precision: 3 });
    expect(Buffer.from(fromBytes(cut))).toEqual(Buffer.from([0xc3, 0xa9, 0xc3, 0x20, 0x20]));
  });
});
