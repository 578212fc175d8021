// RFC 7047 section 5.1 notation: atoms, uuids, named-uuids, sets and maps, plus the helpers that
// read them. No schema knowledge lives here: a bare atom is either a scalar or a one-element set,
// and only the caller (who knows the column type) can say which.

/** `["uuid", "<36 chars>"]` */
export type WireUuid = readonly ['uuid', string];
/** `["named-uuid", "<id>"]`: a row inserted earlier in the same transaction. */
export type WireNamedUuid = readonly ['named-uuid', string];
/** integer (bigint outside ±(2^53-1), see contracts.md), real, boolean, string, uuid, named-uuid. */
export type WireAtom = number | bigint | boolean | string | WireUuid | WireNamedUuid;
/** A set in RFC 7047 notation. */
export type WireSet = readonly ['set', readonly WireAtom[]];
/** A map in RFC 7047 notation. */
export type WireMap = readonly ['map', ReadonlyArray<readonly [WireAtom, WireAtom]>];
/** Any column value: an atom (scalar or one-element set shorthand), a set or a map. */
export type WireValue = WireAtom | WireSet | WireMap;
/** A row as the server sends it or as an operation carries it: column name -> value. */
export type WireRow = Readonly<Record<string, WireValue>>;

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// RFC 7047 <id>: letters, digits, underscore; not starting with a digit.
const ID_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True for the canonical 36-character textual form of a UUID. */
export function isUuidString(s: unknown): s is string {
  return typeof s === 'string' && s.length === 36 && UUID_RE.test(s);
}

/** True for an RFC 7047 `<id>` (what `uuid-name` and named-uuids must be). */
export function isIdentifier(s: unknown): s is string {
  return typeof s === 'string' && ID_RE.test(s);
}

/** `["uuid", uuid]`. */
export function wireUuid(uuid: string): WireUuid {
  return ['uuid', uuid];
}

/** `["named-uuid", name]`. */
export function wireNamedUuid(name: string): WireNamedUuid {
  return ['named-uuid', name];
}

/** `["set", atoms]`. */
export function wireSet(atoms: readonly WireAtom[]): WireSet {
  return ['set', atoms];
}

/** `["map", pairs]`. */
export function wireMap(pairs: ReadonlyArray<readonly [WireAtom, WireAtom]>): WireMap {
  return ['map', pairs];
}

/** Whether `v` is `["uuid", ...]`. */
export function isWireUuid(v: unknown): v is WireUuid {
  return Array.isArray(v) && v.length === 2 && v[0] === 'uuid' && typeof v[1] === 'string';
}

/** Whether `v` is `["named-uuid", ...]`. */
export function isWireNamedUuid(v: unknown): v is WireNamedUuid {
  return Array.isArray(v) && v.length === 2 && v[0] === 'named-uuid' && typeof v[1] === 'string';
}

/** Whether `v` is `["set", ...]`. */
export function isWireSet(v: unknown): v is WireSet {
  return Array.isArray(v) && v.length === 2 && v[0] === 'set' && Array.isArray(v[1]);
}

/** Whether `v` is `["map", ...]`. */
export function isWireMap(v: unknown): v is WireMap {
  return Array.isArray(v) && v.length === 2 && v[0] === 'map' && Array.isArray(v[1]);
}

/** True for any value that is a well-formed atom (number, bigint, boolean, string, uuid, named-uuid). */
export function isWireAtom(v: unknown): v is WireAtom {
  const t = typeof v;
  if (t === 'string' || t === 'boolean' || t === 'bigint') return true;
  if (t === 'number') return Number.isFinite(v as number);
  return isWireUuid(v) || isWireNamedUuid(v);
}

/**
 * The elements of a set-typed value: `["set", [...]]` or the single-atom shorthand. Returns
 * undefined when `v` is neither (e.g. a map), so callers can name the problem themselves.
 */
export function setElements(v: unknown): readonly WireAtom[] | undefined {
  if (isWireSet(v)) return v[1];
  if (isWireAtom(v)) return [v];
  return undefined;
}

/** The pairs of a `["map", [[k, v], ...]]` value, or undefined when `v` is not a map. */
export function mapPairs(v: unknown): ReadonlyArray<readonly [WireAtom, WireAtom]> | undefined {
  return isWireMap(v) ? v[1] : undefined;
}

/**
 * A key identifying an atom's value, for set membership and map lookups: uuids compare by their
 * text, and 1 (integer) differs from "1" (string).
 */
export function atomKey(a: WireAtom): string {
  switch (typeof a) {
    case 'string':
      return `s${a}`;
    case 'number':
      return `n${a}`;
    case 'bigint':
      // The framing layer gives bigint only outside the safe range, so it cannot equal a number.
      return `n${a}`;
    case 'boolean':
      return a ? 'btrue' : 'bfalse';
    default:
      return a[0] === 'uuid' ? `u${a[1].toLowerCase()}` : `N${a[1]}`;
  }
}
