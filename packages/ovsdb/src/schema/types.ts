// The schema model: a normalised, fully explicit form of an .ovsschema (RFC 7047 3.2). Every
// type is in object form, every optional member that has a default is filled in, and enums are
// plain arrays. Generated `as const` descriptors have exactly this shape, so the same value
// drives runtime validation and compile-time row types.

/** The atomic types of RFC 7047. */
export const ATOMIC_TYPES = ['integer', 'real', 'boolean', 'string', 'uuid'] as const;
/** One of the {@link ATOMIC_TYPES}. */
export type AtomicType = (typeof ATOMIC_TYPES)[number];

/** A native atom as it appears in a schema (enum members). */
export type SchemaAtom = number | bigint | boolean | string;

/** The key or value type of a column: atomic type and constraints (enum, ranges, lengths, references). */
export interface BaseType {
  readonly type: AtomicType;
  readonly enum?: readonly SchemaAtom[];
  readonly minInteger?: number | bigint;
  readonly maxInteger?: number | bigint;
  readonly minReal?: number;
  readonly maxReal?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly refTable?: string;
  /** Present exactly when refTable is; RFC 7047 defaults it to "strong". */
  readonly refType?: 'strong' | 'weak';
}

/** A column's type: key, optional value (maps) and the min/max number of elements. */
export interface ColumnType {
  readonly key: BaseType;
  /** Present for map columns. */
  readonly value?: BaseType;
  readonly min: 0 | 1;
  readonly max: number | 'unlimited';
}

/** A column of a table schema. */
export interface ColumnSchema {
  readonly type: ColumnType;
  readonly ephemeral: boolean;
  readonly mutable: boolean;
}

/** A table of a database schema: columns, root flag, max rows, indexes. */
export interface TableSchema {
  readonly columns: Readonly<Record<string, ColumnSchema>>;
  readonly isRoot: boolean;
  /** `false` when the schema says so (ovsdb-server keeps it as information and enforces nothing). */
  readonly mutable?: false;
  readonly maxRows?: number;
  /** Column sets whose values must be unique across the table. */
  readonly indexes: ReadonlyArray<readonly string[]>;
}

/** A parsed database schema (`.ovsschema` or `get_schema` reply). */
export interface DatabaseSchema {
  readonly name: string;
  /** "x.y.z", or "" when the schema has none (optional in ovsdb-server). */
  readonly version: string;
  readonly cksum?: string;
  readonly tables: Readonly<Record<string, TableSchema>>;
}

/** How a column holds its value; decides the native form (see docs/design/contracts.md). */
export type ColumnShape = 'scalar' | 'optional' | 'set' | 'map';

/** How a column of this type holds its value: scalar, optional, set or map. */
export function columnShape(t: ColumnType): ColumnShape {
  if (t.value) return 'map';
  if (t.max === 1) return t.min === 1 ? 'scalar' : 'optional';
  return 'set';
}

/** The column's max as a number (Infinity for "unlimited"). */
export function maxOf(t: ColumnType): number {
  return t.max === 'unlimited' ? Number.POSITIVE_INFINITY : t.max;
}
