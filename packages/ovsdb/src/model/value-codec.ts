// Per-column conversion between wire values and native values (docs/design/contracts.md),
// compiled once per column so decoding a large snapshot does no per-value type dispatch.
import { defaultAtom } from '../schema/default-value.js';
import { type BaseType, type ColumnShape, type ColumnType, columnShape } from '../schema/types.js';
import { isWireMap, isWireSet, isWireUuid, type WireAtom, type WireValue } from '../wire/notation.js';
import { WireFormatError } from '../wire/wire-format-error.js';
import { isNamedUuid } from './named-uuid.js';
import { RecordLayouts } from './record-layout.js';
import type { Intern } from './string-interner.js';

type AtomDecoder = (v: unknown) => unknown;
type AtomEncoder = (v: unknown) => WireAtom;

/** Reading one column: what the replica needs (wire -> native, update2 diffs, the default). */
export interface ValueDecoder {
  /** A full wire value (as in select rows, update `new`, update2 `initial`/`insert`) -> native. */
  decode(wire: unknown): unknown;
  /** The native value after an update2 `modify` diff (ovsdb-server(7) 4.1.14). */
  applyDiff(current: unknown, diff: unknown): unknown;
  /**
   * The column's default value in native form (RFC 7047 5.2.1: `min` default atoms, so an integer
   * with min 1 defaults to 0 and a min-1 string->integer map to {"": 0}). update2 and monitor rows
   * leave out columns that hold it.
   */
  readonly defaultValue: unknown;
  /**
   * Set columns only: the elements an update2 diff toggles (each removed if present, else added),
   * decoded. The replica applies them to large sets without copying the set (replica/set-versions.ts).
   */
  readonly toggledBy?: (diff: unknown) => readonly unknown[];
}

/** Converts one column's values between wire JSON and native form, and applies update2 diffs. */
export interface ValueCodec extends ValueDecoder {
  readonly type: ColumnType;
  readonly shape: ColumnShape;
  /** Native -> wire. Expects a value that passed validation. */
  encode(native: unknown): WireValue;
}

// Shared by every empty set and string-keyed map: most NB columns are empty, and one frozen
// object for all of them keeps a large replica small.
const EMPTY_ARRAY: readonly unknown[] = Object.freeze([]);
const EMPTY_RECORD: Readonly<Record<string, unknown>> = Object.freeze({});

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function decodeInteger(v: unknown): number | bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  // Keep bigint only outside the safe range, so equal values have one representation.
  if (typeof v === 'bigint') return v > MAX_SAFE || v < -MAX_SAFE ? v : Number(v);
  throw new WireFormatError(`expected an integer, got ${describe(v)}`);
}

function decodeReal(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new WireFormatError(`expected a real, got ${describe(v)}`);
}

function decodeBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  throw new WireFormatError(`expected a boolean, got ${describe(v)}`);
}

function decodeString(v: unknown): string {
  if (typeof v === 'string') return v;
  throw new WireFormatError(`expected a string, got ${describe(v)}`);
}

function decodeUuid(v: unknown): string {
  if (isWireUuid(v)) return v[1];
  throw new WireFormatError(`expected ["uuid", ...], got ${describe(v)}`);
}

export function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map)) {
    if (isNamedUuid(v)) return `namedUuid(${JSON.stringify(v.name)})`;
  }
  if (v instanceof Map) return 'a Map';
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

export function atomDecoder(b: BaseType, intern?: Intern): AtomDecoder {
  if (intern && b.type === 'string') return (v) => intern(decodeString(v));
  if (intern && b.type === 'uuid') return (v) => intern(decodeUuid(v));
  switch (b.type) {
    case 'integer':
      return decodeInteger;
    case 'real':
      return decodeReal;
    case 'boolean':
      return decodeBoolean;
    case 'string':
      return decodeString;
    case 'uuid':
      return decodeUuid;
  }
}

export function atomEncoder(b: BaseType): AtomEncoder {
  if (b.type === 'uuid') {
    return (v) => (isNamedUuid(v) ? ['named-uuid', v.name] : ['uuid', v as string]);
  }
  return (v) => v as WireAtom;
}

/** The elements of a set value, accepting the single-atom shorthand. */
function elementsOf(wire: unknown): readonly unknown[] {
  if (isWireSet(wire)) return wire[1];
  if (Array.isArray(wire) && wire[0] === 'map')
    throw new WireFormatError('expected a set or an atom, got a map');
  return [wire];
}

function pairsOf(wire: unknown): readonly (readonly unknown[])[] {
  if (isWireMap(wire)) return wire[1] as readonly (readonly unknown[])[];
  throw new WireFormatError(`expected ["map", ...], got ${describe(wire)}`);
}

/** Native map entries, whether held as a Record (string keys) or a Map. */
export function nativeEntries(v: unknown): Iterable<readonly [unknown, unknown]> {
  if (v instanceof Map) return v.entries();
  return Object.entries(v as Record<string, unknown>);
}

function setKey(r: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(r, k, { value: v, enumerable: true, writable: true, configurable: true });
  else r[k] = v;
}

/**
 * Compiles the codec of one column type. With `intern`, decoded strings and uuids are shared
 * through it (a replica's codecs); encoding is the same either way.
 */
export function compileValueCodec(type: ColumnType, intern?: Intern): ValueCodec {
  const shape = columnShape(type);
  const decKey = atomDecoder(type.key, intern);
  const encKey = atomEncoder(type.key);
  switch (shape) {
    case 'scalar':
      return {
        type,
        shape,
        defaultValue: defaultAtom(type.key.type),
        decode: (w) => decKey(isWireSet(w) ? onlyElement(w[1]) : w),
        applyDiff: (_cur, diff) => decKey(isWireSet(diff) ? onlyElement(diff[1]) : diff),
        encode: (n) => encKey(n),
      };
    case 'optional': {
      const decode = (w: unknown): unknown => {
        if (isWireSet(w)) return w[1].length === 0 ? undefined : decKey(onlyElement(w[1]));
        return decKey(w);
      };
      return {
        type,
        shape,
        defaultValue: undefined,
        decode,
        // A column holding at most one value gets the whole new value, not a difference.
        applyDiff: (_cur, diff) => decode(diff),
        encode: (n) => (n === undefined ? ['set', []] : encKey(n)),
      };
    }
    case 'set':
      return compileSetCodec(type, decKey, encKey, intern);
    case 'map':
      return compileMapCodec(type, decKey, encKey, intern);
  }
}

function compileSetCodec(
  type: ColumnType,
  decKey: AtomDecoder,
  encKey: AtomEncoder,
  intern: Intern | undefined,
): ValueCodec {
  const decode = type.key.type === 'uuid' ? uuidSetDecoder(intern) : elementwiseSetDecoder(decKey);
  return {
    type,
    shape: 'set',
    defaultValue: type.min === 1 ? Object.freeze([defaultAtom(type.key.type)]) : EMPTY_ARRAY,
    decode,
    toggledBy: decode,
    applyDiff: (cur, diff) => {
      const toggled = decode(diff);
      const current = (cur ?? EMPTY_ARRAY) as readonly unknown[];
      return toggled.length <= FEW_TOGGLED ? toggleFew(current, toggled) : toggleMany(current, toggled);
    },
    encode: (n) => ['set', (n as readonly unknown[]).map(encKey)],
  };
}

// A diff of a few elements (one transaction adding a NAT to a router's set of thousands) is
// applied with native indexOf/concat, several times faster than a pass building a new array.
const FEW_TOGGLED = 8;

/** Symmetric difference of a set and a few distinct elements: removed if present, else appended. */
function toggleFew(current: readonly unknown[], toggled: readonly unknown[]): readonly unknown[] {
  const removeAt: number[] = [];
  const added: unknown[] = [];
  for (const e of toggled) {
    const i = current.indexOf(e);
    if (i >= 0) removeAt.push(i);
    else added.push(e);
  }
  if (removeAt.length === 0) return added.length === 0 ? current : Object.freeze(current.concat(added));
  if (removeAt.length === current.length && added.length === 0) return EMPTY_ARRAY;
  removeAt.sort((a, b) => a - b);
  const out = new Array<unknown>(current.length - removeAt.length + added.length);
  let k = 0;
  let from = 0;
  for (const at of removeAt) {
    for (let i = from; i < at; i++) out[k++] = current[i];
    from = at + 1;
  }
  for (let i = from; i < current.length; i++) out[k++] = current[i];
  for (const e of added) out[k++] = e;
  return Object.freeze(out);
}

/** The same for any number of toggled elements, in one pass over the set. */
function toggleMany(current: readonly unknown[], toggled: readonly unknown[]): readonly unknown[] {
  const pending = new Set(toggled);
  const out: unknown[] = [];
  for (const e of current) {
    if (pending.has(e)) pending.delete(e);
    else out.push(e);
  }
  for (const e of pending) out.push(e);
  return out.length === 0 ? EMPTY_ARRAY : Object.freeze(out);
}

function elementwiseSetDecoder(decKey: AtomDecoder): (w: unknown) => readonly unknown[] {
  return (w) => {
    const els = elementsOf(w);
    if (els.length === 0) return EMPTY_ARRAY;
    const out = new Array<unknown>(els.length);
    for (let i = 0; i < els.length; i++) out[i] = decKey(els[i]);
    if (out.length > 1) checkDistinct(out);
    return Object.freeze(out);
  };
}

/**
 * Uuid sets (most NB set columns): the uuid check is inlined and, for small sets, the repeat
 * check is done in the same loop, so each element is touched once.
 */
function uuidSetDecoder(intern: Intern | undefined): (w: unknown) => readonly unknown[] {
  return (w) => {
    const els = elementsOf(w);
    const n = els.length;
    if (n === 0) return EMPTY_ARRAY;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const e = els[i];
      const u = Array.isArray(e) && e.length === 2 && e[0] === 'uuid' ? e[1] : undefined;
      if (typeof u !== 'string') throw new WireFormatError(`expected ["uuid", ...], got ${describe(e)}`);
      if (n <= 16) for (let j = 0; j < i; j++) if (out[j] === u) throw duplicateElement(u);
      out[i] = intern ? intern(u) : u;
    }
    if (n > 16) checkDistinct(out);
    return Object.freeze(out);
  };
}

/** RFC 7047 5.1: a set holds distinct elements; the server never sends duplicates. */
function checkDistinct(els: readonly unknown[]): void {
  // Small sets (nearly all of them) are checked pairwise: no allocation on the replica's hot path.
  if (els.length <= 16) {
    for (let i = 1; i < els.length; i++)
      for (let j = 0; j < i; j++) if (els[i] === els[j]) throw duplicateElement(els[i]);
    return;
  }
  const seen = new Set<unknown>();
  for (const e of els) {
    if (seen.has(e)) throw duplicateElement(e);
    seen.add(e);
  }
}

function duplicateElement(e: unknown): WireFormatError {
  return new WireFormatError(`duplicate set element ${describe(e)}`);
}

function duplicateKey(k: unknown): WireFormatError {
  return new WireFormatError(`duplicate map key ${describe(k)}`);
}

function compileMapCodec(
  type: ColumnType,
  decKey: AtomDecoder,
  encKey: AtomEncoder,
  intern: Intern | undefined,
): ValueCodec {
  const value = type.value as BaseType;
  const decVal = atomDecoder(value, intern);
  const encVal = atomEncoder(value);
  const encode = (n: unknown): WireValue => {
    const pairs: Array<readonly [WireAtom, WireAtom]> = [];
    for (const [k, v] of nativeEntries(n)) pairs.push([encKey(k), encVal(v)]);
    return ['map', pairs];
  };
  const defaultKey = defaultAtom(type.key.type);
  const defaultVal = defaultAtom(value.type);
  if (type.key.type === 'string') {
    // Plain records (fast-mode objects: null-prototype ones are dictionaries in V8 and 20x slower
    // to build and freeze); the key "__proto__" is defined, never assigned, so it stays a key.
    const decode = stringKeyedMapDecoder(value.type === 'string' ? undefined : decVal, intern);
    return {
      type,
      shape: 'map',
      defaultValue: type.min === 1 ? Object.freeze({ [defaultKey as string]: defaultVal }) : EMPTY_RECORD,
      decode,
      applyDiff: (cur, diff) => {
        // Spreading defines properties, so an own "__proto__" key is copied as a key.
        const r: Record<string, unknown> = { ...(cur as Record<string, unknown> | undefined) };
        for (const p of pairsOf(diff)) {
          const k = decodeString(p[0]);
          const v = decVal(p[1]);
          if (Object.hasOwn(r, k) && sameAtom(r[k], v)) delete r[k];
          else setKey(r, k, v);
        }
        for (const _ in r) return Object.freeze(r);
        return EMPTY_RECORD;
      },
      encode,
    };
  }
  return {
    type,
    shape: 'map',
    defaultValue: new Map(type.min === 1 ? [[defaultKey, defaultVal]] : []),
    decode: (w) => {
      const m = new Map<unknown, unknown>();
      for (const p of pairsOf(w)) {
        const k = decKey(p[0]);
        if (m.has(k)) throw duplicateKey(k);
        m.set(k, decVal(p[1]));
      }
      return m;
    },
    applyDiff: (cur, diff) => {
      const m = new Map<unknown, unknown>(cur as Map<unknown, unknown> | undefined);
      for (const p of pairsOf(diff)) {
        const k = decKey(p[0]);
        const v = decVal(p[1]);
        if (m.has(k) && sameAtom(m.get(k), v)) m.delete(k);
        else m.set(k, v);
      }
      return m;
    },
    encode,
  };
}

/** A map's key when it is a string; else a typed error. */
function stringKey(p: unknown): string {
  const k = (p as readonly unknown[])[0];
  if (typeof k === 'string') return k;
  throw new WireFormatError(`expected a string, got ${describe(k)}`);
}

/**
 * Whether key `k` of pair `i` repeats an earlier pair's key. Small maps (nearly all of them) are
 * checked pairwise, which costs less than a property lookup on the record being built.
 */
function repeatsKey(
  pairs: readonly (readonly unknown[])[],
  i: number,
  k: string,
  r: Record<string, unknown>,
): boolean {
  if (pairs.length > 8) return Object.hasOwn(r, k);
  for (let j = 0; j < i; j++) if ((pairs[j] as readonly unknown[])[0] === k) return true;
  return false;
}

// Plain records (fast-mode objects: null-prototype ones are dictionaries in V8 and 20x slower
// to build and freeze); the key "__proto__" is defined, never assigned, so it stays a key.
// `decVal` undefined: string values (external_ids, options...), checked inline, interned if asked.
// Keys need no interning: V8 keeps one copy of every property name.
function stringKeyedMapDecoder(
  decVal: AtomDecoder | undefined,
  intern: Intern | undefined,
): (w: unknown) => unknown {
  const layouts = new RecordLayouts();
  const value =
    decVal ??
    ((v: unknown) => {
      const s = typeof v === 'string' ? v : decodeString(v);
      return intern ? intern(s) : s;
    });
  return (w) => {
    const pairs = pairsOf(w);
    if (pairs.length === 0) return EMPTY_RECORD;
    // The same keys as a map this column built before: valid and distinct, built inline.
    const build = layouts.builderFor(pairs);
    if (build !== undefined) return Object.freeze(build(pairs, value));
    const r: Record<string, unknown> = {};
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i] as readonly unknown[];
      const k = stringKey(p);
      if (repeatsKey(pairs, i, k, r)) throw duplicateKey(k);
      setKey(r, k, value(p[1]));
    }
    layouts.saw(pairs);
    return Object.freeze(r);
  };
}

function sameAtom(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function onlyElement(els: readonly unknown[]): unknown {
  if (els.length !== 1) throw new WireFormatError(`expected exactly one value, got a set of ${els.length}`);
  return els[0];
}
