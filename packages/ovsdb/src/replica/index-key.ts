// Index keys for native values. Primitives are used as Map keys directly (no allocation on the hot
// path); sets, maps and multi-column tuples become a canonical string, so two equal values always
// produce the same key whatever their element order.

export type IndexKey = string | number | bigint | boolean | undefined;

/** Marks composite keys so that they can never equal a plain string key. */
const COMPOSITE = '\u0000';

function canonical(v: unknown): string {
  if (v === undefined) return 'u';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return `n${v}`;
    case 'bigint':
      return `n${v}`;
    case 'boolean':
      return v ? 't' : 'f';
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(',')}]`;
  if (v instanceof Map) {
    return `{${[...v]
      .map(([k, x]) => `${canonical(k)}:${canonical(x)}`)
      .sort()
      .join(',')}}`;
  }
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .sort()
      .join(',')}}`;
  }
  return String(v);
}

/** The key of one column value. */
export function keyOfValue(v: unknown): IndexKey {
  if (
    v === undefined ||
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    typeof v === 'boolean'
  ) {
    return v;
  }
  return COMPOSITE + canonical(v);
}

/** The key of several column values (a multi-column index). */
export function keyOfTuple(values: readonly unknown[]): IndexKey {
  return COMPOSITE + values.map(canonical).join('\u0001');
}
