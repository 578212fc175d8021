import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encodeJson } from './json-encode.js';

describe('encodeJson', () => {
  it('is JSON.stringify for values without bigint', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => expect(encodeJson(v)).toBe(JSON.stringify(v))));
  });

  it('writes bigint as a bare integer literal, and behaves like JSON.stringify around it', () => {
    const v = {
      a: 2n ** 64n,
      b: [-(2n ** 63n), undefined, 1.5],
      c: undefined,
      d: { toJSON: () => 'D' },
      e: 'x"y',
    };
    expect(encodeJson(v)).toBe(
      '{"a":18446744073709551616,"b":[-9223372036854775808,null,1.5],"d":"D","e":"x\\"y"}',
    );
  });

  it('still rejects cycles', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => encodeJson(a)).toThrow(TypeError);
  });
});
