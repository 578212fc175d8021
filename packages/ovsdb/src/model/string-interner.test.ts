import { describe, expect, it } from '@jest/globals';
import { StringInterner } from './string-interner.js';

describe('StringInterner', () => {
  it('returns a string equal to its input, the same one on a repeat', () => {
    const t = new StringInterner(4, 40);
    const first = ['default-network-controller', '10.0.0.1', 'é日本🙂', ''];
    for (const s of first) expect(t.intern(s)).toBe(s);
    // Built at run time, so a different string object than the literal above.
    const again = ['default-network', '-controller'].join('');
    expect(t.intern(again)).toBe('default-network-controller');
    expect(t.intern(`${'é日本'}🙂`)).toBe('é日本🙂');
  });

  it('stays bounded: at most two generations, whatever it is given', () => {
    const t = new StringInterner(4, 40);
    for (let i = 0; i < 1000; i++) {
      expect(t.intern(`value-${i}`)).toBe(`value-${i}`);
      expect(t.size).toBeLessThanOrEqual(8);
    }
    // A string from the dropped generations comes back equal (a fresh copy is kept).
    expect(t.intern('value-3')).toBe('value-3');
    expect(t.size).toBeLessThanOrEqual(8);
  });

  it('keeps no string longer than maxLength', () => {
    const t = new StringInterner(4, 10);
    const long = 'x'.repeat(11);
    expect(t.intern(long)).toBe(long);
    expect(t.size).toBe(0);
    t.intern('short');
    expect(t.size).toBe(1);
  });

  it('a column whose values never repeat gets them back unchanged, and the table stays bounded', () => {
    const t = new StringInterner(64, 40);
    const unique = t.forColumn();
    const repeated = t.forColumn();
    for (let i = 0; i < 20_000; i++) {
      expect(unique(`10.128.${i >> 8}.${i & 255}`)).toBe(`10.128.${i >> 8}.${i & 255}`);
      expect(repeated(`eip-${i % 16}`)).toBe(`eip-${i % 16}`);
      expect(t.size).toBeLessThanOrEqual(128);
    }
  });
});
