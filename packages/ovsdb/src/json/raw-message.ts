// A large received message kept as bytes plus the spans of its objects (recorded by the splitter's
// scan), so that a monitor reply's rows can be handed out as byte ranges and parsed one by one, on
// first use, instead of parsing 25 MB at once after the last byte (see docs/design/contracts.md).
import { isUtf8 } from 'node:buffer';
import { FramingError } from '../errors/framing-errors.js';
import { decodeMessage } from './decode-message.js';
import type { JsonValue } from './json-value.js';

/** Objects at this depth (1 = the message) are cut out of the skeleton: a monitor reply's tables' rows. */
export const RAW_CUT_DEPTH = 3;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
// Stands for a cut-out object in the skeleton text; NUL cannot appear raw in JSON text.
const MARKER = '\u0000#raw#';
const MARKER_JSON = '\\u0000#raw#';

/** A JSON object of a received message that has not been parsed: parse it, or walk its members. */
export class RawObject {
  constructor(
    readonly message: RawMessage,
    readonly span: number,
  ) {}
}

/**
 * One complete message as bytes; `spans` holds [open, close, depth] byte offsets of every object
 * at depths 2..6 in document order, `longIntegers` [start, end) of integer literals of 16+ digits.
 */
export class RawMessage {
  constructor(
    readonly bytes: Buffer,
    readonly spans: Int32Array,
    private readonly longIntegers: readonly number[],
    private readonly offset: number,
  ) {}

  /**
   * The message parsed with each object at RAW_CUT_DEPTH left as a RawObject; undefined when the
   * bytes do not allow it (odd structure, a long integer outside the cut objects), then parse all.
   */
  skeleton(): JsonValue | undefined {
    const { bytes, spans } = this;
    if (!isUtf8(bytes)) throw new FramingError('invalid UTF-8 in a message', this.offset);
    let text = '';
    let prev = 0;
    const cuts: [number, number][] = [];
    for (let s = 0; s < spans.length; s += 3) {
      if (spans[s + 2] !== RAW_CUT_DEPTH) continue;
      const open = spans[s] as number;
      const close = spans[s + 1] as number;
      if (close < 0) return undefined;
      text += bytes.toString('utf8', prev, open);
      text += `"${MARKER_JSON}${s}"`;
      cuts.push([open, close]);
      prev = close + 1;
    }
    if (cuts.length === 0) return undefined;
    text += bytes.toString('utf8', prev);
    let inCuts = 0;
    for (let k = 0; k < this.longIntegers.length; k += 2) {
      const at = this.longIntegers[k] as number;
      if (cuts.some(([o, c]) => at > o && at < c)) inCuts++;
    }
    if (inCuts * 2 !== this.longIntegers.length) return undefined;
    // A real string holding the marker would be mistaken for a cut: then parse everything.
    if (text.split(MARKER_JSON).length !== cuts.length + 1) return undefined;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw new FramingError(`invalid JSON: ${(err as Error).message}`, this.offset, { cause: err });
    }
    return this.revive(v) as JsonValue;
  }

  /** The whole message parsed, as the splitter returns small ones. */
  decodeAll(): JsonValue {
    return decodeMessage(this.bytes, this.longIntegers, this.offset);
  }

  /** The object at span `s` parsed (big integers as bigint). */
  parse(s: number): JsonValue {
    const open = this.spans[s] as number;
    const end = (this.spans[s + 1] as number) + 1;
    const ints: number[] = [];
    const li = this.longIntegers;
    for (let k = firstAtOrAfter(li, open); k < li.length && (li[k] as number) < end; k += 2) {
      ints.push((li[k] as number) - open, (li[k + 1] as number) - open);
    }
    if (ints.length === 0) {
      try {
        return JSON.parse(this.bytes.toString('utf8', open, end)) as JsonValue;
      } catch (err) {
        throw new FramingError(`invalid JSON: ${(err as Error).message}`, this.offset + open, { cause: err });
      }
    }
    return decodeMessage(this.bytes.subarray(open, end), ints, this.offset + open);
  }

  /**
   * The members of the object at span `s` when every member's value is an object written
   * compactly (`{"k":{...},"k2":{...}}`, keys without escapes, as ovsdb-server writes): their keys
   * and spans. Undefined otherwise (then parse the object instead).
   */
  objectMembers(s: number): { keys: string[]; spans: number[] } | undefined {
    const { bytes, spans } = this;
    const depth = spans[s + 2] as number;
    const close = spans[s + 1] as number;
    const keys: string[] = [];
    const children: number[] = [];
    let q = (spans[s] as number) + 1; // where the next key's quote must be
    let c = s + 3;
    while (c < spans.length && (spans[c] as number) < close) {
      const open = spans[c] as number;
      const end = spans[c + 1] as number;
      if (spans[c + 2] !== depth + 1 || end < 0 || !isPlainKey(bytes, q, open)) return undefined;
      keys.push(bytes.toString('utf8', q + 1, open - 2));
      children.push(c);
      const more = bytes[end + 1] === COMMA;
      q = more ? end + 2 : end + 1;
      c += 3;
      while (c < spans.length && (spans[c] as number) < end) c += 3;
      if (!more) break;
    }
    // After the last member comes the closing brace (or, for `{}`, right after the opening one).
    return q === close ? { keys, spans: children } : undefined;
  }

  /** Whether the object at `s` is `{}`. */
  isEmptyObject(s: number): boolean {
    return this.spans[s + 1] === (this.spans[s] as number) + 1;
  }

  /** The span of the value of the object at `s` if it is exactly `{"<key>":{...}}`, else -1. */
  soleMember(s: number, key: Uint8Array): number {
    const { bytes, spans } = this;
    const open = spans[s] as number;
    const c = s + 3;
    if (c >= spans.length || spans[c + 2] !== (spans[s + 2] as number) + 1) return -1;
    const childOpen = spans[c] as number;
    const childClose = spans[c + 1] as number;
    if (childOpen !== open + key.length + 4 || childClose + 1 !== spans[s + 1]) return -1;
    if (bytes[open + 1] !== QUOTE || bytes[childOpen - 2] !== QUOTE || bytes[childOpen - 1] !== COLON)
      return -1;
    for (let i = 0; i < key.length; i++) if (bytes[open + 2 + i] !== key[i]) return -1;
    return c;
  }

  /** Whether the objects at `s` here and at `t` in `other` are the same bytes. */
  sameText(s: number, other: RawMessage, t: number): boolean {
    const a = this.bytes.subarray(this.spans[s] as number, (this.spans[s + 1] as number) + 1);
    const b = other.bytes.subarray(other.spans[t] as number, (other.spans[t + 1] as number) + 1);
    return a.equals(b);
  }

  private revive(v: unknown): unknown {
    if (typeof v === 'string') {
      return v.startsWith(MARKER) ? new RawObject(this, Number(v.slice(MARKER.length))) : v;
    }
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.revive(v[i]);
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const r = this.revive(o[k]);
      if (r !== o[k])
        Object.defineProperty(o, k, { value: r, enumerable: true, writable: true, configurable: true });
    }
    return v;
  }
}

/** Whether `"key":` runs from the quote at `q` to the value opening at `open`, without escapes. */
function isPlainKey(bytes: Buffer, q: number, open: number): boolean {
  if (bytes[q] !== QUOTE || bytes[open - 1] !== COLON || bytes[open - 2] !== QUOTE) return false;
  for (let i = q + 1; i < open - 2; i++) {
    const b = bytes[i];
    if (b === QUOTE || b === BACKSLASH) return false;
  }
  return true;
}

/** Index (even) of the first [start, end) pair in `li` whose start is at or after `at`. */
function firstAtOrAfter(li: readonly number[], at: number): number {
  let lo = 0;
  let hi = li.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((li[mid * 2] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo * 2;
}
