// The part of an OVSDB column type (RFC 7047 <type>) the text formatters need, parsed from the
// schema the server reports.

export type AtomType = 'integer' | 'real' | 'boolean' | 'string' | 'uuid';

export interface ColumnType {
  readonly key: AtomType;
  /** Present for map columns. */
  readonly value?: AtomType;
  readonly min: number;
  /** `Infinity` for "unlimited". */
  readonly max: number;
  /** For uuid keys: the table a reference points to, if any. */
  readonly refTable?: string;
}

export class SchemaFormatError extends Error {
  override name = 'SchemaFormatError';
}

const ATOMS: readonly string[] = ['integer', 'real', 'boolean', 'string', 'uuid'];

function atomOf(base: unknown, where: string): { type: AtomType; refTable?: string } {
  const t = typeof base === 'string' ? base : (base as { type?: unknown } | null)?.type;
  if (typeof t !== 'string' || !ATOMS.includes(t))
    throw new SchemaFormatError(`${where}: unknown atomic type ${JSON.stringify(base)}`);
  const refTable =
    typeof base === 'object' && base !== null ? (base as { refTable?: unknown }).refTable : undefined;
  return typeof refTable === 'string' ? { type: t as AtomType, refTable } : { type: t as AtomType };
}

/** Parses a schema `<type>` value (a bare atomic type name or the object form). */
export function parseColumnType(json: unknown, where = 'column'): ColumnType {
  if (typeof json === 'string') return { key: atomOf(json, where).type, min: 1, max: 1 };
  if (typeof json !== 'object' || json === null)
    throw new SchemaFormatError(`${where}: type is not a string or object`);
  const o = json as { key?: unknown; value?: unknown; min?: unknown; max?: unknown };
  const key = atomOf(o.key, where);
  const min = o.min === undefined ? 1 : Number(o.min);
  const max = o.max === undefined ? 1 : o.max === 'unlimited' ? Number.POSITIVE_INFINITY : Number(o.max);
  const base: ColumnType = { key: key.type, min, max, ...(key.refTable ? { refTable: key.refTable } : {}) };
  return o.value === undefined ? base : { ...base, value: atomOf(o.value, where).type };
}

export const isMapType = (t: ColumnType): boolean => t.value !== undefined;
