// OVSDB atoms in the "string" syntax of ovs-vsctl/ovn-nbctl (lib/ovsdb-data.c
// ovsdb_atom_to_string) and in the "bare" syntax (--bare), plus the atom order OVSDB sorts sets by.

import { compareUtf8 } from '../ovs-order/idl-order.js';
import type { AtomType } from './column-type.js';

export type Atom = string | number | bigint | boolean;

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** True when `s` has the exact shape `uuid_from_string` accepts. */
export const looksLikeUuid = (s: string): boolean => UUID_RE.test(s);

// C isalpha/isdigit in the "C" locale: ASCII only, so every non-ASCII string is quoted.
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

export function stringNeedsQuotes(s: string): boolean {
  if (s.length === 0) return true;
  const first = s.charCodeAt(0);
  if (!isAlpha(first) && first !== 95) return true;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isAlpha(c) && !isDigit(c) && c !== 95 && c !== 45 && c !== 46) return true;
  }
  return s === 'true' || s === 'false' || looksLikeUuid(s);
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

/** C printf "%.15g" (DBL_DIG) as glibc prints it. */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, expText] = x.toExponential(14).split('e') as [string, string];
  const exp = Number(expText);
  const strip = (t: string): string => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t);
  if (exp < -4 || exp >= 15) {
    const e = Math.abs(exp);
    return `${strip(mant)}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  return strip(x.toFixed(14 - exp));
}

export function atomToString(atom: Atom, type: AtomType): string {
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

export function atomToBare(atom: Atom, type: AtomType): string {
  return type === 'string' ? String(atom) : atomToString(atom, type);
}

/** OVSDB's atom order (ovsdb_atom_compare_3way): numbers numerically, strings bytewise, false < true. */
export function compareAtoms(a: Atom, b: Atom, type: AtomType): number {
  switch (type) {
    case 'integer':
    case 'real': {
      const x =
        typeof a === 'bigint' || typeof b === 'bigint'
          ? BigInt(a as bigint) - BigInt(b as bigint)
          : Number(a) - Number(b);
      return x < 0 ? -1 : x > 0 ? 1 : 0;
    }
    case 'boolean':
      return Number(a) - Number(b);
    case 'string':
      return compareUtf8(String(a), String(b));
    case 'uuid': {
      const x = String(a).toLowerCase();
      const y = String(b).toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}
