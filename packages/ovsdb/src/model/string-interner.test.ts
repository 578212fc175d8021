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

  it('spreads uuids, IPs and names over its slots: nearly all of 1,000 come back as their first copies', () => {
    const hex = (i: number, w: number) => i.toString(16).padStart(w, '0');
    const kinds = [
      (i: number) => `${hex(i * 7919, 8)}-0000-4000-8000-${hex(i, 12)}`,
      (i: number) => `10.128.${i >> 8}.${i & 255}`,
      (i: number) => `eip-${i}`,
    ];
    for (const make of kinds) {
      const t = new StringInterner();
      const first = Array.from({ length: 1000 }, (_, i) => t.intern(make(i)));
      expect(t.hits).toBe(0);
      // Built again, so equal strings that are different copies.
      const again = Array.from({ length: 1000 }, (_, i) => t.intern([make(i)].join('')));
      expect(again).toEqual(first);
      expect(t.hits).toBeGreaterThanOrEqual(880);
    }
  });

  it('keeps a string that repeats while other strings stream through', () => {
    const t = new StringInterner(64, 40);
    t.intern('default-network-controller');
    for (let i = 0; i < 10_000; i++) {
      t.intern(`10.129.${i >> 8}.${i & 255}`);
      const before = t.hits;
      expect(t.intern(['default-network', '-controller'].join(''))).toBe('default-network-controller');
      expect(t.hits).toBe(before + 1);
    }
  });
});
