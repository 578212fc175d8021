// Row after row, a column often holds one of a few small values (a NAT's options, a reroute's
// nexthops): each decoded copy costs an array or object of its own (about 56 bytes). A decoder
// wrapped here returns an earlier equal value instead, so such rows share one frozen copy. Only
// small frozen arrays and records of strings are shared (a short key finds them); Map values,
// which are not frozen, never are.

import { RepeatSampling } from './repeat-sampling.js';

/** At most this many elements or keys: the values that repeat are small. */
const SMALL = 4;
/** Values kept per column; the table starts again when full, so it never grows with the replica. */
const MAX_KEPT = 1024;

/** `decode`, returning an earlier equal value (same elements or keys in the same order). */
export function sharingRepeats(decode: (w: unknown) => unknown): (w: unknown) => unknown {
  const kept = new Map<string, unknown>();
  // The value returned last and its keys (records): runs of one value (rows written together)
  // are matched without building a key.
  let last: unknown;
  let lastKeys: readonly string[] | undefined;
  // A column whose small values rarely repeat (a switch's subnet) is mostly skipped: a key built
  // for a miss costs CPU and saves nothing.
  const sampling = new RepeatSampling();
  return (w) => {
    const v = decode(w);
    if (sampling.skipping()) return v;
    if (last !== undefined && sameAsLast(v, last, lastKeys)) {
      sampling.count(true);
      return last;
    }
    const key = keyOf(v);
    if (key === undefined) return v;
    const earlier = kept.get(key);
    sampling.count(earlier !== undefined);
    const out = earlier ?? v;
    if (earlier === undefined) {
      if (kept.size >= MAX_KEPT) kept.clear();
      kept.set(key, v);
    }
    last = out;
    lastKeys = Array.isArray(out) ? undefined : Object.keys(out as object);
    return out;
  };
}

/** Whether `v` equals `last` (a value keyOf accepted), checked in place. */
function sameAsLast(v: unknown, last: unknown, lastKeys: readonly string[] | undefined): boolean {
  if (typeof v !== 'object' || v === null || !Object.isFrozen(v)) return false;
  if (Array.isArray(v)) {
    if (lastKeys !== undefined || v.length !== (last as readonly unknown[]).length) return false;
    for (let i = 0; i < v.length; i++) if (!Object.is(v[i], (last as readonly unknown[])[i])) return false;
    return true;
  }
  if (lastKeys === undefined || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const r = v as Readonly<Record<string, unknown>>;
  const l = last as Readonly<Record<string, unknown>>;
  let i = 0;
  for (const k in r) if (k !== lastKeys[i++] || !Object.is(r[k], l[k])) return false;
  return i === lastKeys.length;
}

/**
 * A string naming a small frozen array or record of strings exactly (each string after its
 * length, so no two values get one key); undefined for anything else.
 */
function keyOf(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || !Object.isFrozen(v)) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0 || v.length > SMALL) return undefined;
    let key = 'a';
    for (const e of v) {
      if (typeof e !== 'string') return undefined;
      key += `${e.length}:${e}`;
    }
    return key;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  let key = 'r';
  let n = 0;
  const r = v as Readonly<Record<string, unknown>>;
  for (const k in r) {
    const x = r[k];
    if (++n > SMALL || typeof x !== 'string') return undefined;
    key += `${k.length}:${k}${x.length}:${x}`;
  }
  return n === 0 ? undefined : key;
}
