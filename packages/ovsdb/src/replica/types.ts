// The shapes the replica works with. The replica knows how to store, index and diff rows; how a
// wire value becomes a native value is delegated to a ValueDecoder (model/value-codec.ts), so
// this folder stays free of type-system details.
import type { ValueDecoder } from '../model/value-codec.js';

/**
 * Every replicated row: `_uuid` plus the monitored columns, frozen. A large set column an update
 * changed is an accessor returning its frozen array, built on first read (docs/design/contracts.md).
 */
export interface ReplicaRow {
  readonly _uuid: string;
}

/** Table name -> row type; generated row types slot in here. */
export type TableRows = Record<string, ReplicaRow>;

/** How one table is decoded: its columns in a stable order, and the schema's unique indexes. */
export interface TableCodec {
  readonly columns: ReadonlyMap<string, ValueDecoder>;
  /** Column lists of the schema's `indexes` (each one unique). */
  readonly uniqueIndexes?: ReadonlyArray<readonly string[]>;
  /** The schema is not known yet: no columns, indexes built on the first `reconfigure`. */
  readonly pending?: boolean;
  /** Shares a row's `_uuid` with equal strings its columns' codecs decoded (references to it). */
  readonly intern?: (s: string) => string;
  /**
   * Set by the replica the codecs serve: the stored key string of a row of `table`, which the
   * reference columns' decoders return instead of their own equal copy.
   */
  readonly references?: ReferenceKeys;
}

/** How reference columns find the uuid strings of the rows they point to (see TableCodec). */
export interface ReferenceKeys {
  keyOf?: (table: string, uuid: string) => string | undefined;
}

/** The codec of a table whose schema is not known yet. */
export const PENDING_TABLE: TableCodec = Object.freeze({ columns: new Map(), pending: true });

/** Wire shape of an RFC 7047 `update` notification's table-updates. */
export type TableUpdates = Record<
  string,
  Record<string, { old?: Record<string, unknown>; new?: Record<string, unknown> }>
>;

/** Wire shape of an update2/update3 notification's table-updates. */
export type TableUpdates2 = Record<
  string,
  Record<
    string,
    {
      initial?: Record<string, unknown>;
      insert?: Record<string, unknown>;
      modify?: Record<string, unknown>;
      delete?: null;
    }
  >
>;

/** A caller-declared index: columns, where `column:key` means one key of a map column. */
export interface IndexSpec {
  readonly columns: readonly string[];
  /** A unique index returns one row per key; default false (returns a set). */
  readonly unique?: boolean;
}
