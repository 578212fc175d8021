import { describe, expect, it } from '@jest/globals';
import { atomKey, isIdentifier, isUuidString, isWireAtom, mapPairs, setElements } from './notation.js';

const U = '6b1cb4e2-8a5b-4bb7-9f4a-0c9d7f8f3f3e';

describe('wire notation (RFC 7047 5.1)', () => {
  it('reads a set in full form and the single-atom shorthand', () => {
    expect(setElements(['set', ['a', 'b']])).toEqual(['a', 'b']);
    expect(setElements('a')).toEqual(['a']);
    expect(setElements(['uuid', U])).toEqual([['uuid', U]]);
    expect(setElements(['set', []])).toEqual([]);
    expect(setElements(['map', []])).toBeUndefined();
    expect(setElements({})).toBeUndefined();
  });

  it('reads map pairs only from ["map", ...]', () => {
    expect(mapPairs(['map', [['k', 'v']]])).toEqual([['k', 'v']]);
    expect(mapPairs(['set', []])).toBeUndefined();
  });

  it('recognises atoms, uuids and identifiers', () => {
    expect(isWireAtom(1)).toBe(true);
    expect(isWireAtom(2n ** 60n)).toBe(true);
    expect(isWireAtom(Number.NaN)).toBe(false);
    expect(isWireAtom(['named-uuid', 'x'])).toBe(true);
    expect(isWireAtom(['set', []])).toBe(false);
    expect(isUuidString(U)).toBe(true);
    expect(isUuidString(U.toUpperCase())).toBe(true);
    expect(isUuidString(`${U}0`)).toBe(false);
    expect(isUuidString('not-a-uuid')).toBe(false);
    expect(isIdentifier('row_1')).toBe(true);
    expect(isIdentifier('1row')).toBe(false);
    expect(isIdentifier('a-b')).toBe(false);
  });

  it('keys atoms so that equal values match and different kinds do not', () => {
    expect(atomKey(['uuid', U])).toBe(atomKey(['uuid', U.toUpperCase()]));
    expect(atomKey(1)).not.toBe(atomKey('1'));
    expect(atomKey(true)).not.toBe(atomKey('true'));
    expect(atomKey(['named-uuid', 'a'])).not.toBe(atomKey(['uuid', 'a']));
  });
});
