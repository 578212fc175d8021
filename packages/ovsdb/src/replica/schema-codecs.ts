// The replica's table codecs from a parsed schema: the selected columns, each with the library's
// one value codec (model/value-codec.ts), and the schema's unique indexes.

import { sharingRepeats } from '../model/repeated-values.js';
import { type Intern, StringInterner } from '../model/string-interner.js';
import { compileValueCodec, type ValueDecoder } from '../model/value-codec.js';
import type { DatabaseSchema } from '../schema/types.js';
import { ReplicaError } from './errors.js';
import type { ReferenceKeys, TableCodec } from './types.js';

/** A column the caller asked for is not in the server's schema. */
export class UnknownSchemaColumnError extends ReplicaError {
  override name = 'UnknownSchemaColumnError';
  constructor(
    readonly table: string,
    readonly column: string,
    known: readonly string[],
  ) {
    super(`table "${table}" has no column "${column}" (columns: ${known.join(', ')})`);
  }
}

/** A table the caller asked for is not in the server's schema. */
export class UnknownSchemaTableError extends ReplicaError {
  override name = 'UnknownSchemaTableError';
  constructor(
    readonly table: string,
    known: readonly string[],
  ) {
    super(`the database schema has no table "${table}" (tables: ${known.join(', ')})`);
  }
}

/** Which columns of a table to replicate (all when omitted). */
export interface TableSelection {
  readonly columns?: readonly string[];
}

/** Options of {@link tableCodecsFromSchema}. */
export interface TableCodecsOptions {
  /**
   * About how many recent strings the replica's codecs share (default 4,096). Its table is
   * allocated whole (48 KB at the default): a replica of a few rows needs far fewer.
   */
  readonly sharedStrings?: number;
}

/**
 * Codecs for the selected tables and columns of `schema`, in schema column order; schema indexes
 * are kept only when all their columns are replicated.
 */
export function tableCodecsFromSchema(
  schema: DatabaseSchema,
  tables: Readonly<Record<string, TableSelection>>,
  options: TableCodecsOptions = {},
): Record<string, TableCodec> {
  const out: Record<string, TableCodec> = {};
  // One bounded table for every column: a uuid is shared between its row and references to it.
  // Uuids always go through it; other strings only while they repeat.
  const interner = new StringInterner(
    options.sharedStrings === undefined ? undefined : options.sharedStrings / 2,
  );
  const { intern } = interner;
  // A reference takes the uuid string of the row it points to when the replica holds that row
  // (a lazy snapshot's keys never pass through the bounded interner), else the interned one.
  const references: ReferenceKeys = {};
  const internRef =
    (table: string): Intern =>
    (s) =>
      references.keyOf?.(table, s) ?? intern(s);
  for (const [name, sel] of Object.entries(tables)) {
    const ts = schema.tables[name];
    if (!ts) throw new UnknownSchemaTableError(name, Object.keys(schema.tables));
    const all = Object.keys(ts.columns);
    const wanted = sel.columns ?? all;
    for (const c of wanted) if (!ts.columns[c]) throw new UnknownSchemaColumnError(name, c, all);
    const columns = new Map<string, ValueDecoder>();
    for (const c of wanted) {
      const type = ts.columns[c]!.type;
      const refs = type.key.type === 'uuid' || type.value?.type === 'uuid';
      const refTable = type.value === undefined ? type.key.refTable : undefined;
      const codec = compileValueCodec(
        type,
        refTable !== undefined ? internRef(refTable) : refs ? intern : interner.forColumn(),
      );
      // Rows share equal small sets and maps (see model/repeated-values.ts); references, which
      // rarely repeat, are left out.
      const shared = !refs && (codec.shape === 'set' || codec.shape === 'map');
      columns.set(c, shared ? { ...codec, decode: sharingRepeats(codec.decode) } : codec);
    }
    out[name] = { columns, uniqueIndexes: ts.indexes, intern, references };
  }
  return out;
}
