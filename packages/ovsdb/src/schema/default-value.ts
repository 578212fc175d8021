// Default values (RFC 7047 5.2.1: an inserted row's unspecified columns take them): the atomic
// type's default atom, once per required element; optional and collection columns start empty.
import type { WireAtom, WireValue } from '../wire/notation.js';
import type { AtomicType, BaseType, ColumnType, SchemaAtom } from './types.js';

/** The all-zero uuid (a uuid column's default atom). */
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** The default atom of a type in native form: 0, 0.0, false, "", or the all-zero uuid. */
export function defaultAtom(type: AtomicType): SchemaAtom {
  switch (type) {
    case 'integer':
    case 'real':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return '';
    case 'uuid':
      return ZERO_UUID;
  }
}

function defaultWireAtom(type: AtomicType): WireAtom {
  return type === 'uuid' ? ['uuid', ZERO_UUID] : defaultAtom(type);
}

/** The column's default in wire form: one default atom (or pair) when min is 1, else empty. */
export function defaultWireValue(t: ColumnType): WireValue {
  if (t.value)
    return ['map', t.min === 1 ? [[defaultWireAtom(t.key.type), defaultWireAtom(t.value.type)]] : []];
  if (t.min === 1) return defaultWireAtom(t.key.type);
  return ['set', []];
}

/**
 * Whether the type's default atom meets the base type's constraints. When it does not (an enum
 * without "", a range excluding 0, a minimum length, a reference that cannot point at the zero
 * uuid), a row relying on the default is rejected by the server, so insert must name the column.
 */
export function defaultAtomIsValid(b: BaseType): boolean {
  const d = defaultAtom(b.type);
  if (b.enum && !b.enum.includes(d)) return false;
  if (b.type === 'integer' || b.type === 'real') {
    const lo = b.type === 'integer' ? b.minInteger : b.minReal;
    const hi = b.type === 'integer' ? b.maxInteger : b.maxReal;
    if (lo !== undefined && lo > 0) return false;
    if (hi !== undefined && hi < 0) return false;
  }
  if (b.type === 'string' && b.minLength !== undefined && b.minLength > 0) return false;
  // A weak reference to a missing row is dropped, which then breaks min 1 just the same.
  if (b.type === 'uuid' && b.refTable !== undefined) return false;
  return true;
}

/** True when insert must give the column a value (min 1 and the default would be rejected). */
export function isRequiredOnInsert(t: ColumnType): boolean {
  if (t.min === 0) return false;
  return !defaultAtomIsValid(t.key) || (t.value !== undefined && !defaultAtomIsValid(t.value));
}
