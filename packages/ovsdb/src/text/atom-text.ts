// Atoms in OVSDB's string syntax (lib/ovsdb-data.c ovsdb_atom_to_string: what ovsdb-client dump,
// ovs-vsctl and ovn-nbctl print) and in the bare syntax (--bare).
import type { AtomicType } from '../schema/types.js';
import { isUuidString } from '../wire/notation.js';
import type { NativeAtom } from './atom-order.js';

// C isalpha/isdigit in the "C" locale: ASCII only, so every non-ASCII string is quoted.
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Whether ovsdb_atom_to_string quotes the string (anything but an identifier-like word). */
export function stringNeedsQuotes(s: string): boolean {
  if (s.length === 0) return true;
  const first = s.charCodeAt(0);
  if (!isAlpha(first) && first !== 95) return true;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isAlpha(c) && !isDigit(c) && c !== 95 && c !== 45 && c !== 46) return true;
  }
  return s === 'true' || s === 'false' || isUuidString(s);
}

const SHORT_ESCAPES: Record<number, string> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

/** A JSON string literal exactly as OVS's json_serialize_string writes it (non-ASCII stays raw). */
export function ovsJsonQuote(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c !== 34 && c !== 92) continue;
    out += s.slice(start, i) + (SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`);
    start = i + 1;
  }
  return `${out + s.slice(start)}"`;
}

/** C printf `%.{digits}g` as glibc prints it (OVS prints reals with DBL_DIG = 15 digits). */
export function formatReal(x: number, digits = 15): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, expText] = x.toExponential(digits - 1).split('e') as [string, string];
  const exp = Number(expText);
  const strip = (t: string): string => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t);
  if (exp < -4 || exp >= digits) {
    const e = Math.abs(exp);
    return `${strip(mant)}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  return strip(x.toFixed(digits - 1 - exp));
}

/** An atom as ovsdb text (ovs-vsctl / ovn-nbctl syntax). */
export function atomToString(atom: NativeAtom, type: AtomicType): string {
  switch (type) {
    case 'integer':
      return typeof atom === 'bigint' ? atom.toString() : String(Math.trunc(Number(atom)));
    case 'real':
      return formatReal(Number(atom));
    case 'boolean':
      return atom ? 'true' : 'false';
    case 'string': {
      const s = String(atom);
      return stringNeedsQuotes(s) ? ovsJsonQuote(s) : s;
    }
    case 'uuid':
      return String(atom).toLowerCase();
  }
}

/** The bare syntax: strings unquoted, everything else as in the string syntax. */
export function atomToBare(atom: NativeAtom, type: AtomicType): string {
  return type === 'string' ? String(atom) : atomToString(atom, type);
}
