// A JSON parser used only for messages that contain a long integer literal: it returns bigint for
// integers outside ±(2^53-1) and the same values as JSON.parse for everything else.
import { FramingError } from '../errors/framing-errors.js';
import type { JsonValue } from './json-value.js';

const NUMBER_CHAR = /[0-9eE.+-]/;

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
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c !== undefined && (c === '-' || (c >= '0' && c <= '9'))) return this.number();
        return this.fail(c === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(c)}`);
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
    while (i < s.length && NUMBER_CHAR.test(s[i] as string)) i++;
    this.i = i;
    const tok = s.slice(start, i);
    if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(tok)) this.fail(`bad number ${tok}`);
    const n = Number(tok);
    if (Number.isSafeInteger(n) || !/^-?[0-9]+$/.test(tok)) return n;
    return BigInt(tok);
  }

  string(): string {
    const s = this.s;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(i);
      if (Number.isNaN(c)) this.fail('unterminated string');
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
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  object(): Record<string, JsonValue> {
    this.i++;
    const out: Record<string, JsonValue> = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a member name');
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') {
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
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') {
        this.i--;
        this.fail("expected ',' or '}'");
      }
    }
  }
}
