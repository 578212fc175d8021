// A JSON parser used only for messages that contain a long integer literal: it returns bigint for
// integers outside ±(2^53-1) and the same values as JSON.parse for everything else.
import { FramingError } from '../errors/framing-errors.js';
import type { JsonValue } from './json-value.js';

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Parses one JSON text; `offset` is only used for error positions. Throws FramingError. */
export function parseJsonWithBigInts(text: string, offset = 0): JsonValue {
  const p = new Parser(text, offset);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i !== text.length) p.fail('unexpected data after the JSON value');
  return v;
}

class Parser {
  i = 0;
  constructor(
    private readonly s: string,
    private readonly base: number,
  ) {}

  fail(what: string): never {
    throw new FramingError(`invalid JSON: ${what}`, this.base + this.i);
  }

  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  value(): JsonValue {
    switch (this.s.charCodeAt(this.i)) {
      case 0x7b:
        return this.object();
      case 0x5b:
        return this.array();
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
      default: {
        const c = this.s.charCodeAt(this.i);
        if (c === 0x2d || isDigit(c)) return this.number();
        const ch = this.s[this.i];
        return this.fail(ch === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(ch)}`);
      }
    }
  }

  literal<T extends JsonValue>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.i)) this.fail(`expected ${word}`);
    this.i += word.length;
    return v;
  }

  number(): number | bigint {
    const s = this.s;
    const start = this.i;
    let i = start;
    let integer = true;
    if (s.charCodeAt(i) === 0x2d) i++;
    const intStart = i;
    while (isDigit(s.charCodeAt(i))) i++;
    const intDigits = i - intStart;
    if (intDigits === 0 || (intDigits > 1 && s.charCodeAt(intStart) === 0x30))
      this.failAt(start, 'bad number');
    if (s.charCodeAt(i) === 0x2e) {
      integer = false;
      const f = ++i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === f) this.failAt(start, 'bad number');
    }
    const e = s.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      i++;
      const sign = s.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const d = i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === d) this.failAt(start, 'bad number');
    }
    this.i = i;
    const tok = s.slice(start, i);
    const n = Number(tok);
    return integer && !Number.isSafeInteger(n) ? BigInt(tok) : n;
  }

  failAt(at: number, what: string): never {
    this.i = at;
    return this.fail(what);
  }

  string(): string {
    const s = this.s;
    const start = this.i;
    const len = s.length;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= len) this.fail('unterminated string');
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 0x20) this.fail('control character in string');
      i++;
    }
    this.i = i + 1;
    if (!escaped) return s.slice(start + 1, i);
    try {
      return JSON.parse(s.slice(start, i + 1)) as string;
    } catch {
      this.i = start;
      return this.fail('bad escape in string');
    }
  }

  array(): JsonValue[] {
    this.i++;
    const out: JsonValue[] = [];
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 0x5d) return out;
      if (c !== 0x2c) {
        this.i--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  object(): Record<string, JsonValue> {
    this.i++;
    const out: Record<string, JsonValue> = {};
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.i) !== 0x22) this.fail('expected a member name');
      const key = this.string();
      this.ws();
      if (this.s.charCodeAt(this.i++) !== 0x3a) {
        this.i--;
        this.fail("expected ':'");
      }
      this.ws();
      const v = this.value();
      // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 0x7d) return out;
      if (c !== 0x2c) {
        this.i--;
        this.fail("expected ',' or '}'");
      }
    }
  }
}
