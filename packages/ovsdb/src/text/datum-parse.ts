// OVSDB string syntax → datum, as ovs-vsctl/ovn-nbctl parse command arguments
// (lib/ovsdb-data.c ovsdb_token_parse, ovsdb_atom_from_string, ovsdb_datum_from_string).
import { OvsdbError } from '../errors/ovsdb-error.js';
import { type AtomicType, type ColumnType, maxOf } from '../schema/types.js';
import { isUuidString } from '../wire/notation.js';
import { compareAtoms, type NativeAtom } from './atom-order.js';

type Atom = NativeAtom;

/** Text that is not a value of the expected type, with OVS's wording of the problem. */
export class DatumSyntaxError extends OvsdbError {
  override name = 'DatumSyntaxError';
}

/** A parsed datum: sorted keys, and values for maps. */
export interface Datum {
  readonly keys: readonly Atom[];
  readonly values?: readonly Atom[];
}

const DELIMS = ':=, []{}!<>';
/** Whether `c` ends a token in ovsdb text (end of input or one of `:=, []{}!<>`). */
export const isTokenDelim = (c: string | undefined): boolean => c === undefined || DELIMS.includes(c);

/** Reads one token starting at `pos`: backslash escapes, double quotes protect delimiters. */
export function parseToken(s: string, pos: number): { token: string; end: number } {
  let out = '';
  let inQuotes = false;
  let p = pos;
  while (p < s.length) {
    const c = s[p++]!;
    if (c === '\\') {
      if (inQuotes) out += '\\';
      if (p >= s.length) throw new DatumSyntaxError(`${s.slice(pos)}: backslash at end of argument`);
      out += s[p++];
    } else if (!inQuotes && DELIMS.includes(c)) {
      p--;
      break;
    } else {
      out += c;
      if (c === '"') inQuotes = !inQuotes;
    }
  }
  if (inQuotes) throw new DatumSyntaxError(`${s.slice(pos)}: quoted string extends past end of argument`);
  return { token: out, end: p };
}

/** Parses an atom from ovsdb text (ovs-vsctl / ovn-nbctl syntax). */
export function atomFromString(s: string, type: AtomicType): Atom {
  switch (type) {
    case 'integer': {
      if (!/^\s*[+-]?\d+$/.test(s)) throw new DatumSyntaxError(`"${s}" is not a valid integer or range`);
      const b = BigInt(s.trim());
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    }
    case 'real': {
      const x = Number(s);
      if (s.trim() === '' || Number.isNaN(x)) throw new DatumSyntaxError(`"${s}" is not a valid real number`);
      return x === 0 ? 0 : x;
    }
    case 'boolean':
      if (['true', 'yes', 'on', '1'].includes(s)) return true;
      if (['false', 'no', 'off', '0'].includes(s)) return false;
      throw new DatumSyntaxError(`"${s}" is not a valid boolean (use "true" or "false")`);
    case 'string':
      if (s === '')
        throw new DatumSyntaxError(
          'An empty string is not valid as input; use "" to represent the empty string',
        );
      if (s.startsWith('"')) {
        if (s.length < 2 || !s.endsWith('"'))
          throw new DatumSyntaxError(`${s}: missing quote at end of quoted string`);
        try {
          return JSON.parse(s) as string;
        } catch (err) {
          throw new DatumSyntaxError(`${s}: ${(err as Error).message}`);
        }
      }
      return s;
    case 'uuid':
      if (!isUuidString(s)) throw new DatumSyntaxError(`"${s}" is not a valid UUID`);
      return s.toLowerCase();
  }
}

const skipSpaces = (s: string, p: number): number => {
  let q = p;
  while (q < s.length && /\s/.test(s[q]!)) q++;
  return q;
};

/** Parses `s` as a value of `type` (sets may use [], maps {}; empty needs the brackets). */
export function datumFromString(s: string, type: ColumnType): Datum {
  const isMap = type.value !== undefined;
  const max = maxOf(type);
  let p = skipSpaces(s, 0);
  let endDelim = '';
  if (s[p] === (isMap ? '{' : '[')) {
    endDelim = isMap ? '}' : ']';
    p = skipSpaces(s, p + 1);
  } else if (p >= s.length) {
    throw new DatumSyntaxError(
      isMap ? 'use "{}" to specify the empty map' : 'use "[]" to specify the empty set',
    );
  }
  const pairs: Array<[Atom, Atom | undefined]> = [];
  while (p < s.length && s[p] !== endDelim) {
    if (isTokenDelim(s[p]))
      throw new DatumSyntaxError(`${s}: unexpected "${s[p]}" parsing ${isMap ? 'map' : 'set'}`);
    const k = parseToken(s, p);
    const key = atomFromString(k.token, type.key.type);
    p = k.end;
    let value: Atom | undefined;
    if (isMap) {
      p = skipSpaces(s, p);
      if (s[p] !== '=') throw new DatumSyntaxError(`${s}: syntax error at "${s[p] ?? ''}" expecting "="`);
      p = skipSpaces(s, p + 1);
      const v = parseToken(s, p);
      value = atomFromString(v.token, type.value.type);
      p = v.end;
    }
    pairs.push([key, value]);
    p = skipSpaces(s, p);
    if (s[p] === ',') p = skipSpaces(s, p + 1);
  }
  if ((s[p] ?? '') !== endDelim) throw new DatumSyntaxError(`${s}: missing "${endDelim}" at end of data`);
  if (endDelim && skipSpaces(s, p + 1) < s.length)
    throw new DatumSyntaxError(`${s}: trailing garbage after "${endDelim}"`);
  if (pairs.length < type.min)
    throw new DatumSyntaxError(
      `${s}: ${pairs.length} ${isMap ? 'pair(s)' : 'value(s)'} specified but the minimum number is ${type.min}`,
    );
  if (pairs.length > max)
    throw new DatumSyntaxError(
      `${s}: ${pairs.length} ${isMap ? 'pair(s)' : 'value(s)'} specified but the maximum number is ${max}`,
    );
  pairs.sort((a, b) => compareAtoms(a[0], b[0], type.key.type));
  for (let i = 1; i < pairs.length; i++) {
    if (compareAtoms(pairs[i - 1]![0], pairs[i]![0], type.key.type) === 0) {
      throw new DatumSyntaxError(
        `${s}: ${isMap ? 'map contains duplicate key' : 'set contains duplicate value'}`,
      );
    }
  }
  return isMap
    ? { keys: pairs.map((x) => x[0]), values: pairs.map((x) => x[1]!) }
    : { keys: pairs.map((x) => x[0]) };
}
