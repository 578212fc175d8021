// The order OVSDB sorts atoms in (lib/ovsdb-data.c ovsdb_atom_compare_3way): sets and map keys are
// kept sorted this way, so every tool that prints them lists them in this order.
import type { AtomicType } from '../schema/types.js';

/** A native atom (docs/design/contracts.md): uuids are their 36-character strings. */
export type NativeAtom = number | bigint | boolean | string;

/** Byte-wise comparison of two strings' UTF-8 forms (C strcmp on OVSDB strings). */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  // Code point order equals UTF-8 byte order; UTF-16 code unit order does not (surrogates).
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** OVSDB's atom order: numbers numerically, strings bytewise, false < true, uuids by their text. */
export function compareAtoms(a: NativeAtom, b: NativeAtom, type: AtomicType): number {
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
