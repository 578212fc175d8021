// The splitter's two shortcuts must not change what comes out:
//  - a small message found whole in an ASCII chunk is parsed from a slice of the chunk's text, so
//    every offset into that text must be right wherever the chunks are cut;
//  - object spans are recorded only for a message that began in a push with `emitRaw`, so such a
//    message, and only such a message, may come out as a RawMessage.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FramingError } from '../errors/framing-errors.js';
import type { JsonValue } from '../json/json-value.js';
import type { RawMessage } from '../json/raw-message.js';
import { JsonSplitter } from './json-splitter.js';
import { resolveRaw } from './raw-message.test-support.js';

// Replies as ovsdb-server writes them, plus what must leave the ASCII path: a long integer, a
// non-ASCII string, escapes, whitespace between messages, nesting down to depth 6.
const STREAM = [
  '{"id":1,"result":[{"uuid":["uuid","0b6f2c41-7a2e-4c5d-9e3b-000000000001"]},{"count":1}],"error":null}',
  '{"id":2,"result":[{}],"error":null}',
  ' \n',
  '{"id":null,"method":"update2","params":["m",{"NAT":{"u1":{"modify":{"n":12345678901234567890}}}}]}',
  '{"id":3,"result":[{"details":"caf\u00e9 \\"q\\" \\\\","error":"x"}],"error":null}',
  '[1,{"a":{"b":{"c":{"d":{"e":{"f":"}{]["}}}}}}]',
  '{"id":4,"result":[],"error":null}',
].join('');
const EXPECTED: JsonValue[] = [
  { id: 1, result: [{ uuid: ['uuid', '0b6f2c41-7a2e-4c5d-9e3b-000000000001'] }, { count: 1 }], error: null },
  { id: 2, result: [{}], error: null },
  { id: null, method: 'update2', params: ['m', { NAT: { u1: { modify: { n: 12345678901234567890n } } } }] },
  { id: 3, result: [{ details: 'café "q" \\', error: 'x' }], error: null },
  [1, { a: { b: { c: { d: { e: { f: '}{][' } } } } } }],
  { id: 4, result: [], error: null },
];

function split(
  bytes: Buffer,
  cuts: number[],
  raw?: (chunk: number) => boolean,
): Array<JsonValue | RawMessage> {
  const s = new JsonSplitter();
  const out: Array<JsonValue | RawMessage> = [];
  let prev = 0;
  const ends = [...cuts, bytes.length];
  for (let k = 0; k < ends.length; k++) {
    const chunk = bytes.subarray(prev, ends[k]);
    if (raw?.(k))
      s.push(
        chunk,
        (v) => out.push(v),
        (m) => out.push(m),
        0,
      );
    else s.push(chunk, (v) => out.push(v));
    prev = ends[k] as number;
  }
  s.end();
  return out;
}

describe('JsonSplitter small-message path', () => {
  const bytes = Buffer.from(STREAM);

  it('gives the same values for a cut at every position and every pair of positions', () => {
    expect(split(bytes, [])).toEqual(EXPECTED);
    for (let i = 0; i <= bytes.length; i++) {
      expect(split(bytes, [i])).toEqual(EXPECTED);
      for (let j = i; j <= bytes.length; j += 9) expect(split(bytes, [i, j])).toEqual(EXPECTED);
    }
  });

  it('gives the same values when every message is ASCII and many share a chunk', () => {
    const msgs = Array.from({ length: 40 }, (_, i) => ({ id: i, result: [{ count: i }], error: null }));
    const text = Buffer.from(msgs.map((m) => JSON.stringify(m)).join(' \t\r\n'));
    for (let i = 0; i <= text.length; i += 7) expect(split(text, [i, i + 200])).toEqual(msgs);
  });

  it('reports bad JSON in a small message at that message, as the byte path does', () => {
    const good = '{"id":1,"result":null,"error":null}';
    for (const bad of ['{"id":2,"result":}', '{"id":2,"result":"caf\u00e9",}']) {
      const text = Buffer.from(`${good}${bad}${good}`);
      let err: unknown;
      try {
        split(text, []);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FramingError);
      expect((err as FramingError).offset).toBe(good.length);
      expect((err as Error).message).toMatch(/invalid JSON/);
    }
  });
});

describe('JsonSplitter span recording', () => {
  const bytes = Buffer.from(STREAM);
  const resolved = (xs: Array<JsonValue | RawMessage>) =>
    xs.map((x) => (isRaw(x) ? resolveRaw(x.skeleton() ?? x.decodeAll()) : x));

  it('hands out a RawMessage only for messages that begin and end in pushes with emitRaw', () => {
    // Without emitRaw on the push where a message begins, it is parsed whole even if a later
    // chunk of it comes with emitRaw (its spans were never recorded); without it on the push
    // where the message ends, it is parsed whole too.
    const spans = messageSpans(STREAM);
    for (let i = 1; i < bytes.length; i++) {
      const out = split(bytes, [i], (k) => k === 1);
      expect(resolved(out)).toEqual(EXPECTED);
      const rawCount = out.filter(isRaw).length;
      expect(rawCount).toBe(spans.filter(([s]) => s >= i).length);
      const out2 = split(bytes, [i], (k) => k === 0);
      expect(resolved(out2)).toEqual(EXPECTED);
      expect(out2.filter(isRaw).length).toBe(spans.filter(([, e]) => e <= i).length);
    }
  });

  it('agrees with a full parse for any chunking and any pushes with or without emitRaw', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }),
        (cuts, withRaw) => {
          const out = split(
            bytes,
            [...cuts].sort((a, b) => a - b),
            (k) => withRaw[k] === true,
          );
          expect(resolved(out)).toEqual(EXPECTED);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function isRaw(x: unknown): x is RawMessage {
  return typeof x === 'object' && x !== null && 'spans' in x && 'skeleton' in x;
}

/** [start, end) byte offsets of each top-level message of a stream. */
function messageSpans(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const at = (i: number) => Buffer.byteLength(text.slice(0, i));
  let start = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = at(i);
    } else if ((c === '}' || c === ']') && --depth === 0) out.push([start, at(i + 1)]);
  }
  return out;
}
