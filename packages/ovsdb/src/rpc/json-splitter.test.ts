// The splitter must give back exactly the values that were serialised, for ANY chunking of the
// byte stream (including splits inside multi-byte UTF-8 characters and inside escapes), and must
// reject hostile input with a typed error instead of crashing or hanging.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FramingError, MessageTooLargeError } from '../errors/framing-errors.js';
import type { JsonValue } from '../json/json-value.js';
import { encodeJson } from './json-encode.js';
import { JsonSplitter, type JsonSplitterOptions } from './json-splitter.js';

function splitAll(chunks: Uint8Array[], opts?: JsonSplitterOptions): JsonValue[] {
  const s = new JsonSplitter(opts);
  const out: JsonValue[] = [];
  for (const c of chunks) s.push(c, (v) => out.push(v));
  s.end();
  return out;
}

function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const cuts = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const c of cuts) {
    chunks.push(bytes.subarray(prev, c));
    prev = c;
  }
  chunks.push(bytes.subarray(prev));
  return chunks;
}

const bigInt = fc
  .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
  .map((b) => (b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b));
const tricky = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  '\\"',
  '{"a":',
  'é',
  '€',
  '😀',
  '\u0000',
  '\n',
  '\u2028',
  ' ',
);
const str = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 2 })) }),
);
const atom = fc.oneof(
  str,
  bigInt,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
);
const value = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    atom,
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(str, tie('v'), { maxKeys: 5 }),
  ),
})).v;
const message = fc.oneof(fc.array(value, { maxLength: 6 }), fc.dictionary(str, value, { maxKeys: 6 }));

/**
 * What a value decodes to after a trip through JSON: -0 becomes 0 (as with JSON.parse), and a
 * double that prints as an integer literal beyond 2^53 comes back as bigint (the contract).
 */
function normalise(v: JsonValue): JsonValue {
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return 0;
    const text = JSON.stringify(v);
    return /^-?[0-9]+$/.test(text) && !Number.isSafeInteger(v) ? BigInt(text) : v;
  }
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}

describe('JsonSplitter', () => {
  it('returns the same values for any split of several concatenated messages', () => {
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.constantFrom('', ' ', '\n', '\r\n\t'),
        (msgs, offsets, sep) => {
          const bytes = Buffer.from(msgs.map((m) => encodeJson(m)).join(sep));
          expect(splitAll(cut(bytes, offsets))).toEqual(msgs.map(normalise));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decodes a multi-byte character split between chunks at every position', () => {
    const msg = { s: 'aé€😀z', k: ['😀'] };
    const bytes = Buffer.from(encodeJson(msg));
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        expect(splitAll([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])).toEqual([msg]);
      }
    }
  });

  it('delivers one byte at a time', () => {
    const text = '{"a":"}{\\"]["}[1,{"b":[]}]  {"c":"\\\\"}';
    const out = splitAll([...Buffer.from(text)].map((b) => Uint8Array.of(b)));
    expect(out).toEqual([{ a: '}{"][' }, [1, { b: [] }], { c: '\\' }]);
  });

  it('decodes integers beyond 2^53 as bigint and keeps smaller numbers and reals as numbers', () => {
    const text =
      '{"big":9223372036854775807,"neg":-9223372036854775808,"safe":9007199254740991,"edge":9007199254740993,"real":12345678901234567890.5,"e":1e300,"s":"12345678901234567890"}';
    expect(splitAll([Buffer.from(text)])).toEqual([
      {
        big: 9223372036854775807n,
        neg: -9223372036854775808n,
        safe: 9007199254740991,
        edge: 9007199254740993n,
        real: Number('12345678901234567890.5'),
        e: 1e300,
        s: '12345678901234567890',
      },
    ]);
  });

  it('bigints survive encodeJson -> split -> decode for any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), { minLength: 1 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (ints, offsets) => {
          const msg = { ints };
          const back = splitAll(cut(Buffer.from(encodeJson(msg)), offsets))[0] as {
            ints: Array<number | bigint>;
          };
          expect(back.ints.map((x) => BigInt(x))).toEqual(ints);
          for (const x of back.ints) expect(typeof x === 'bigint').toBe(!Number.isSafeInteger(Number(x)));
        },
      ),
    );
  });

  it('matches JSON.parse on __proto__ members in the bigint path', () => {
    const [v] = splitAll([Buffer.from('{"__proto__":{"x":1},"n":123456789012345678901}')]) as [
      Record<string, unknown>,
    ];
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'n']);
  });
});

describe('JsonSplitter hostile input', () => {
  const fails = (chunks: Array<string | Buffer>, opts?: JsonSplitterOptions) => {
    try {
      splitAll(
        chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)),
        opts,
      );
    } catch (err) {
      return err;
    }
    throw new Error('expected a FramingError');
  };

  it('rejects garbage before a message', () => {
    const err = fails(['hello {"a":1}']);
    expect(err).toBeInstanceOf(FramingError);
    expect((err as FramingError).message).toMatch(
      /expected '\{' or '\[' to start a message, got 'h'.*byte 0/,
    );
  });

  it('rejects a bare top-level scalar and binary noise', () => {
    expect(fails(['{"a":1} 42'])).toBeInstanceOf(FramingError);
    expect(fails([Buffer.from([0xff, 0xfe, 0x00])])).toBeInstanceOf(FramingError);
  });

  it('rejects invalid JSON inside a balanced message', () => {
    expect((fails(['{"a":}']) as Error).message).toMatch(/invalid JSON/);
    expect((fails(['{"a":tru}']) as Error).message).toMatch(/invalid JSON/);
    expect((fails(['[1 2]']) as Error).message).toMatch(/invalid JSON/);
    expect((fails(['{"a":1]']) as Error).message).toMatch(/invalid JSON/);
    expect((fails(['{"n":123456789012345678901,}']) as Error).message).toMatch(/invalid JSON/);
  });

  it('rejects invalid UTF-8 instead of substituting U+FFFD, in both decoding paths', () => {
    const bad = (tail: number[]) =>
      Buffer.concat([Buffer.from('{"a":"x'), Buffer.from(tail), Buffer.from('"}')]);
    for (const bytes of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const err = fails([bad(bytes)]);
      expect(err).toBeInstanceOf(FramingError);
      expect((err as Error).message).toMatch(/invalid UTF-8/);
    }
    // With a long integer in the message (the bigint path) too.
    const withBig = Buffer.concat([
      Buffer.from('{"n":12345678901234567890,"a":"'),
      Buffer.from([0xfe]),
      Buffer.from('"}'),
    ]);
    expect((fails([withBig]) as Error).message).toMatch(/invalid UTF-8/);
    // Valid multi-byte text still decodes.
    expect(splitAll([Buffer.from('{"a":"é字😀"}')])).toEqual([{ a: 'é字😀' }]);
  });

  it('reports a message cut off at end of stream', () => {
    const err = fails(['{"a":1}{"b":"unterminated']);
    expect(err).toBeInstanceOf(FramingError);
    expect((err as Error).message).toMatch(/stream ended inside a message \(18 bytes of it received\)/);
  });

  it('stops an endless message at maxMessageBytes', () => {
    const s = new JsonSplitter({ maxMessageBytes: 1000 });
    s.push(Buffer.from('{"a":"'), () => undefined);
    const chunk = Buffer.alloc(100, 0x61);
    let err: unknown;
    let pushes = 0;
    try {
      for (; pushes < 1000; pushes++) s.push(chunk, () => undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MessageTooLargeError);
    expect(pushes).toBeLessThan(11);
    // The splitter stays failed.
    expect(() => s.push(Buffer.from('{}'), () => undefined)).toThrow(MessageTooLargeError);
  });

  it('rejects a complete message over the limit even inside one chunk', () => {
    expect(fails([`{"a":"${'x'.repeat(200)}"}`], { maxMessageBytes: 100 })).toBeInstanceOf(
      MessageTooLargeError,
    );
    expect(splitAll([Buffer.from(`{"a":"${'x'.repeat(90)}"}`)], { maxMessageBytes: 100 })).toHaveLength(1);
  });

  it('rejects nesting deeper than maxDepth without recursing', () => {
    expect((fails(['['.repeat(100000)]) as Error).message).toMatch(/deeper than maxDepth \(64\)/);
    expect(splitAll([Buffer.from(`${'['.repeat(64)}${']'.repeat(64)}`)])).toHaveLength(1);
  });

  it('survives random bytes: either values or a FramingError, never another exception', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (bytes, offsets) => {
          try {
            splitAll(cut(Buffer.from(bytes), offsets));
          } catch (err) {
            expect(err).toBeInstanceOf(FramingError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('JsonSplitter number classification', () => {
  it('keeps long fractions and exponents as numbers and still finds long integers after them', () => {
    const text =
      '{"r":0.30000000000000004,"e":1.2345678901234567e+300,"x":[1e-3000000000000000000],"i":12345678901234567890}';
    const s = new JsonSplitter();
    const out: JsonValue[] = [];
    s.push(Buffer.from(text), (v) => out.push(v));
    expect(out).toEqual([
      { r: 0.30000000000000004, e: 1.2345678901234567e300, x: [0], i: 12345678901234567890n },
    ]);
  });
});

describe('JsonSplitter bigint decoding', () => {
  const decode = (text: string) => {
    const out: JsonValue[] = [];
    new JsonSplitter().push(Buffer.from(text), (v) => out.push(v));
    return out[0];
  };

  it('keeps 16+ digit integers that fit as numbers, and a strings that look like the internal marker as strings', () => {
    expect(decode('[1000000000000000,-9007199254740991,9007199254740992]')).toEqual([
      1000000000000000,
      -9007199254740991,
      9007199254740992n,
    ]);
    expect(decode('{"s":"\\u0000#int#5","n":12345678901234567890}')).toEqual({
      s: '\u0000#int#5',
      n: 12345678901234567890n,
    });
  });

  it('revives integers inside nested objects, arrays and a __proto__ member', () => {
    const v = decode(
      '{"a":[{"b":-12345678901234567890}],"__proto__":{"c":98765432109876543210},"d":"x"}',
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual({ c: 98765432109876543210n });
    expect(v.a).toEqual([{ b: -12345678901234567890n }]);
  });
});
