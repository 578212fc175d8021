// One complete message, bytes -> value: UTF-8 checked and decoded once, then JSON.parse, with
// integer literals that do not fit a double turned into bigint (see docs/design/contracts.md).
import { isUtf8 } from 'node:buffer';
import { FramingError } from '../errors/framing-errors.js';
import { parseJsonWithBigInts } from './json-bigint-parse.js';
import type { JsonValue } from './json-value.js';

/**
 * UTF-8-decodes one complete message and parses it. `longIntegers` lists the [start, end) byte
 * ranges of integer literals of 16+ digits: without any, this is plain JSON.parse; with some,
 * each is quoted behind a marker, parsed by JSON.parse, and turned back into a bigint (or a
 * number, if it fits) by one walk over the result.
 */
export function decodeMessage(bytes: Uint8Array, longIntegers: readonly number[], offset = 0): JsonValue {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // toString('utf8') would turn bad bytes into U+FFFD silently; ovsdb-server refuses them too.
  if (!isUtf8(buf)) throw new FramingError('invalid UTF-8 in a message', offset);
  if (longIntegers.length === 0) return parseMessageText(buf.toString('utf8'), offset) as JsonValue;
  // A string of the message could hold the marker itself: then take the slow, exact parser.
  if (buf.includes(MARKER_JSON)) return parseJsonWithBigInts(buf.toString('utf8'), offset);
  const pieces: Buffer[] = [];
  let prev = 0;
  for (let k = 0; k < longIntegers.length; k += 2) {
    let start = longIntegers[k] as number;
    const end = longIntegers[k + 1] as number;
    if (buf[start - 1] === 0x2d) start--; // keep the minus sign inside the quotes
    pieces.push(buf.subarray(prev, start), OPEN_MARKED, buf.subarray(start, end), CLOSE_MARKED);
    prev = end;
  }
  pieces.push(buf.subarray(prev));
  return reviveMarkedIntegers(parseMessageText(Buffer.concat(pieces).toString('utf8'), offset)) as JsonValue;
}

// NUL cannot appear raw in JSON text, so `\u0000` is the only way a real string can contain it.
const MARKER = '\u0000#int#';
const MARKER_JSON = '\\u0000#int#';
const OPEN_MARKED = Buffer.from(`"${MARKER_JSON}`);
const CLOSE_MARKED = Buffer.from('"');
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** JSON.parse, its SyntaxError turned into a FramingError at stream offset `offset`. */
export function parseMessageText(text: string, offset: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FramingError(`invalid JSON: ${(err as Error).message}`, offset, { cause: err });
  }
}

function reviveMarkedIntegers(v: unknown): unknown {
  if (typeof v === 'string') {
    if (v.charCodeAt(0) !== 0 || !v.startsWith(MARKER)) return v;
    const n = BigInt(v.slice(MARKER.length));
    return n >= MIN_SAFE && n <= MAX_SAFE ? Number(n) : n;
  }
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = reviveMarkedIntegers(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (typeof x === 'string' || (typeof x === 'object' && x !== null)) {
      const r = reviveMarkedIntegers(x);
      // JSON.parse makes "__proto__" an own property; assignment would set the prototype.
      if (r !== x)
        Object.defineProperty(o, k, { value: r, enumerable: true, writable: true, configurable: true });
    }
  }
  return v;
}
