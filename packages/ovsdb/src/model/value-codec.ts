// Per-column conversion between wire values and native values (docs/design/contracts.md),
// compiled once per column so decoding a large snapshot does no per-value type dispatch.
import { defaultAtom } from '../schema/default-value.js';
import { type BaseType, type ColumnShape, type ColumnType, columnShape } from '../schema/types.js';
import { isWireMap, isWireSet, isWireUuid, type WireAtom, type WireValue } from '../wire/notation.js';
import { WireFormatError } from '../wire/wire-format-error.js';
import { isNamedUuid } from './named-uuid.js';

type AtomDecoder = (v: unknown) => unknown;
type AtomEncoder = (v: unknown) => WireAtom;

export interface ValueCodec {
  readonly type: ColumnType;
  readonly shape: ColumnShape;
  /** A full wire value (as in select rows, update `new`, update2 `initial`/`insert`) -> native. */
  decode(wire: unknown): unknown;
  /** The native value after an update2 `modify` diff (ovsdb-server(7) 4.1.14). */
  applyDiff(current: unknown, diff: unknown): unknown;
  /** Native -> wire. Expects a value that passed validation. */
  encode(native: unknown): WireValue;
  /** The column's default in native form (update2 omits columns that hold it). */
  readonly empty: unknown;
}

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

export function atomDecoder(b: BaseType): AtomDecoder {
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

/** Compiles the codec of one column type. */
export function compileValueCodec(type: ColumnType): ValueCodec {
  const shape = columnShape(type);
  const decKey = atomDecoder(type.key);
  const encKey = atomEncoder(type.key);
  switch (shape) {
    case 'scalar':
      return {
        type,
        shape,
        empty: defaultAtom(type.key.type),
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
        empty: undefined,
        decode,
        // A column holding at most one value gets the whole new value, not a difference.
        applyDiff: (_cur, diff) => decode(diff),
        encode: (n) => (n === undefined ? ['set', []] : encKey(n)),
      };
    }
    case 'set':
      return {
        type,
        shape,
        empty: Object.freeze([]),
        decode: (w) => {
          const els = elementsOf(w);
          const out = new Array<unknown>(els.length);
          for (let i = 0; i < els.length; i++) out[i] = decKey(els[i]);
          return Object.freeze(out);
        },
        applyDiff: (cur, diff) => {
          // Symmetric difference: an element in the diff is removed if present, else added.
          const toggled = new Map<unknown, unknown>();
          for (const e of elementsOf(diff)) {
            const n = decKey(e);
            toggled.set(n, n);
          }
          const out: unknown[] = [];
          for (const e of (cur ?? []) as readonly unknown[]) {
            if (toggled.has(e)) toggled.delete(e);
            else out.push(e);
          }
          for (const e of toggled.values()) out.push(e);
          return Object.freeze(out);
        },
        encode: (n) => ['set', (n as readonly unknown[]).map(encKey)],
      };
    case 'map':
      return compileMapCodec(type, decKey, encKey);
  }
}

function compileMapCodec(type: ColumnType, decKey: AtomDecoder, encKey: AtomEncoder): ValueCodec {
  const value = type.value as BaseType;
  const decVal = atomDecoder(value);
  const encVal = atomEncoder(value);
  const encode = (n: unknown): WireValue => {
    const pairs: Array<readonly [WireAtom, WireAtom]> = [];
    for (const [k, v] of nativeEntries(n)) pairs.push([encKey(k), encVal(v)]);
    return ['map', pairs];
  };
  if (type.key.type === 'string') {
    // Plain records (fast-mode objects: null-prototype ones are dictionaries in V8 and 20x slower
    // to build and freeze); the key "__proto__" is defined, never assigned, so it stays a key.
    const decode = (w: unknown): unknown => {
      const r: Record<string, unknown> = {};
      for (const p of pairsOf(w)) setKey(r, decodeString(p[0]), decVal(p[1]));
      return Object.freeze(r);
    };
    return {
      type,
      shape: 'map',
      empty: Object.freeze({}),
      decode,
      applyDiff: (cur, diff) => {
        const r: Record<string, unknown> = {};
        for (const [k, v] of Object.entries((cur ?? {}) as Record<string, unknown>)) setKey(r, k, v);
        for (const p of pairsOf(diff)) {
          const k = decodeString(p[0]);
          const v = decVal(p[1]);
          if (!Object.hasOwn(r, k)) setKey(r, k, v);
          else if (sameAtom(r[k], v)) delete r[k];
          else setKey(r, k, v);
        }
        return Object.freeze(r);
      },
      encode,
    };
  }
  return {
    type,
    shape: 'map',
    empty: new Map(),
    decode: (w) => {
      const m = new Map<unknown, unknown>();
      for (const p of pairsOf(w)) m.set(decKey(p[0]), decVal(p[1]));
      return m;
    },
    applyDiff: (cur, diff) => {
      const m = new Map<unknown, unknown>(cur as Map<unknown, unknown> | undefined);
      for (const p of pairsOf(diff)) {
        const k = decKey(p[0]);
        const v = decVal(p[1]);
        if (!m.has(k)) m.set(k, v);
        else if (sameAtom(m.get(k), v)) m.delete(k);
        else m.set(k, v);
      }
      return m;
    },
    encode,
  };
}

function sameAtom(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function onlyElement(els: readonly unknown[]): unknown {
  if (els.length !== 1) throw new WireFormatError(`expected exactly one value, got a set of ${els.length}`);
  return els[0];
}
