import { describe, expect, it } from '@jest/globals';
import { MarkAllocationError, MarkAllocator, parseMark } from './mark-allocator.js';

describe('MarkAllocator', () => {
  it('hands out 50000 + id round-robin, keeps a mark per object, and skips reserved ones', () => {
    const m = new MarkAllocator();
    expect(m.reserve('old', 50001)).toBe(true);
    expect(m.markFor('a')).toBe(50000);
    expect(m.markFor('b')).toBe(50002);
    expect(m.markFor('a')).toBe(50000);
    m.release('a');
    // Round robin: the freed 50000 is not reused before the range wraps.
    expect(m.markFor('c')).toBe(50003);
  });

  it('refuses a mark held by another object and out-of-range marks', () => {
    const m = new MarkAllocator();
    expect(m.reserve('a', 50010)).toBe(true);
    expect(m.reserve('b', 50010)).toBe(false);
    expect(m.reserve('c', 49999)).toBe(false);
    expect(m.reserve('c', 55000)).toBe(false);
  });

  it('wraps around and fails clearly when all 5000 marks are taken', () => {
    const m = new MarkAllocator();
    for (let i = 0; i < 5000; i++) m.markFor(`e${i}`);
    expect(() => m.markFor('one-too-many')).toThrow(MarkAllocationError);
    m.release('e7');
    expect(m.markFor('late')).toBe(50007);
  });

  it('parses only valid annotation values', () => {
    expect(parseMark('50001')).toBe(50001);
    expect([undefined, '', 'abc', '49999', '55000', '5e4', '-1'].map((v) => parseMark(v))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
