// Checks native values against a column type: atom kinds, enums, integer/real ranges, string
// lengths, uuid syntax, set/map sizes and duplicates. Every problem is reported to the sink;
// nothing is dropped or coerced.
import { type BaseType, type ColumnType, columnShape, maxOf } from '../schema/types.js';
import { isUuidString } from '../wire/notation.js';
import { isNamedUuid } from './named-uuid.js';
import { describe, nativeEntries } from './value-codec.js';

/** Receives one problem: where (relative path suffix) and what. */
export type IssueSink = (path: string, message: string) => void;

/** A path, or a function making it: paths are only built when there is a problem to report. */
export type LazyPath = string | (() => string);

const at = (p: LazyPath): string => (typeof p === 'string' ? p : p());

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MIN_NORMAL = 2.2250738585072014e-308;

function lessThan(a: number | bigint, b: number | bigint): boolean {
  return typeof a === typeof b ? a < b : BigInt(a) < BigInt(b);
}

// A UTF-16 surrogate without its pair has no UTF-8 form: ovsdb-server drops the connection.
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `s` holds a UTF-16 surrogate without its pair (text that cannot be sent). */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** Length as ovsdb-server counts it: Unicode code points of the UTF-8 string. */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Checks one atom; returns false (after reporting) when it is wrong. */
export function checkAtom(b: BaseType, v: unknown, path: LazyPath, report: IssueSink): boolean {
  const bad = (msg: string): false => {
    report(at(path), msg);
    return false;
  };
  switch (b.type) {
    case 'integer': {
      const ok = typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v));
      if (!ok) {
        if (typeof v === 'number' && Number.isInteger(v))
          return bad(`${v} is beyond ±(2^53-1); pass it as a bigint to keep it exact`);
        return bad(`expected an integer (number or bigint), got ${describe(v)}`);
      }
      const n = v as number | bigint;
      if (typeof n === 'bigint' && (n < INT64_MIN || n > INT64_MAX))
        return bad(`${n} does not fit in a 64-bit signed integer`);
      if (b.minInteger !== undefined && lessThan(n, b.minInteger))
        return bad(`${n} is less than the minimum ${b.minInteger}`);
      if (b.maxInteger !== undefined && lessThan(b.maxInteger, n))
        return bad(`${n} is greater than the maximum ${b.maxInteger}`);
      break;
    }
    case 'real': {
      if (typeof v !== 'number' || !Number.isFinite(v))
        return bad(`expected a finite number, got ${describe(v)}`);
      // ovsdb-server's JSON parser refuses subnormal numbers ("number outside valid range") and
      // drops the whole connection, so they must never be sent.
      if (v !== 0 && Math.abs(v) < MIN_NORMAL) {
        return bad(`${v} is too close to 0 for ovsdb-server (subnormal numbers are refused)`);
      }
      if (b.minReal !== undefined && v < b.minReal) return bad(`${v} is less than the minimum ${b.minReal}`);
      if (b.maxReal !== undefined && v > b.maxReal)
        return bad(`${v} is greater than the maximum ${b.maxReal}`);
      break;
    }
    case 'boolean':
      if (typeof v !== 'boolean') return bad(`expected a boolean, got ${describe(v)}`);
      break;
    case 'string': {
      if (typeof v !== 'string') return bad(`expected a string, got ${describe(v)}`);
      if (hasLoneSurrogate(v))
        return bad(`${describe(v)} holds a lone UTF-16 surrogate (not valid Unicode text)`);
      if (b.minLength !== undefined || b.maxLength !== undefined) {
        const len = codePoints(v);
        if (b.minLength !== undefined && len < b.minLength)
          return bad(`${describe(v)} is shorter than ${b.minLength} characters`);
        if (b.maxLength !== undefined && len > b.maxLength)
          return bad(`${describe(v)} is longer than ${b.maxLength} characters`);
      }
      break;
    }
    case 'uuid':
      if (isNamedUuid(v)) break;
      if (!isUuidString(v)) {
        const what = b.refTable ? `a reference to ${b.refTable}` : 'a uuid';
        return bad(`expected ${what} (36-character uuid string or namedUuid()), got ${describe(v)}`);
      }
      break;
  }
  if (
    b.enum &&
    !b.enum.includes((b.type === 'uuid' && typeof v === 'string' ? v.toLowerCase() : v) as never)
  ) {
    return bad(
      `${describe(v)} is not one of the allowed values (${b.enum.map((e) => describe(e)).join(', ')})`,
    );
  }
  return true;
}

/** What makes two atoms the same element: only uuids ignore letter case. */
function atomIdentity(b: BaseType, v: unknown): unknown {
  if (isNamedUuid(v)) return `named-uuid:${v.name}`;
  return b.type === 'uuid' && typeof v === 'string' ? v.toLowerCase() : v;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Map) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function checkSize(t: ColumnType, n: number, path: LazyPath, report: IssueSink, what: string): void {
  if (n < t.min) report(at(path), `needs at least ${t.min} ${what}, got ${n}`);
  if (n > maxOf(t)) report(at(path), `allows at most ${t.max} ${what}, got ${n}`);
}

/** Checks a native column value against its type, reporting every problem. */
export function checkValue(t: ColumnType, v: unknown, path: LazyPath, report: IssueSink): void {
  switch (columnShape(t)) {
    case 'scalar':
      if (v === undefined) report(at(path), 'is required (the column holds exactly one value)');
      else checkAtom(t.key, v, path, report);
      return;
    case 'optional':
      if (v !== undefined) checkAtom(t.key, v, path, report);
      return;
    case 'set': {
      if (!Array.isArray(v)) {
        report(at(path), `expected an array (set column), got ${describe(v)}`);
        return;
      }
      checkSize(t, v.length, path, report, 'elements');
      const seen = new Set<unknown>();
      for (let i = 0; i < v.length; i++) {
        const e = v[i];
        const ep = () => `${at(path)}[${i}]`;
        if (!checkAtom(t.key, e, ep, report)) continue;
        const id = atomIdentity(t.key, e);
        if (seen.has(id)) report(ep(), `duplicate set element ${describe(e)}`);
        seen.add(id);
      }
      return;
    }
    case 'map': {
      const stringKeys = t.key.type === 'string';
      if (!(v instanceof Map) && !(stringKeys && isPlainRecord(v))) {
        report(
          at(path),
          `expected ${stringKeys ? 'an object (or Map)' : 'a Map'} (map column), got ${describe(v)}`,
        );
        return;
      }
      const entries = [...nativeEntries(v)];
      checkSize(t, entries.length, path, report, 'entries');
      const seen = new Set<unknown>();
      for (const [k, val] of entries) {
        const p = () => `${at(path)}[${describe(k)}]`;
        if (checkAtom(t.key, k, () => `${p()} (key)`, report)) {
          const id = atomIdentity(t.key, k);
          if (seen.has(id)) report(p(), `duplicate map key ${describe(k)}`);
          seen.add(id);
        }
        checkAtom(t.value as BaseType, val, p, report);
      }
      return;
    }
  }
}
