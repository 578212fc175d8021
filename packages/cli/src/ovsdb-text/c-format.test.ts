import { describe, expect, it } from '@jest/globals';
import { cpad, fromBytes, toBytes } from './c-format.js';

describe('C printf padding on bytes', () => {
  it('pads and truncates by bytes, even inside a UTF-8 character', () => {
    expect(cpad(toBytes('ab'), 4, { left: true })).toBe('ab  ');
    expect(cpad(toBytes('ab'), 4)).toBe('  ab');
    const cut = cpad(toBytes('éé'), 5, { left: true, precision: 3 });
    expect(Buffer.from(fromBytes(cut))).toEqual(Buffer.from([0xc3, 0xa9, 0xc3, 0x20, 0x20]));
  });
});
