// Monitor notification shapes: `update` (RFC 7047 4.1.6), `update2` and `update3`
// (ovsdb-server(7) 4.1.14 and 4.1.15).
import type { WireRow } from './notation.js';

/** `update` row change: `old` absent for an insert, `new` absent for a delete. */
export interface WireRowUpdate {
  readonly old?: WireRow;
  readonly new?: WireRow;
}
/** table name -> row uuid -> change. */
export type WireTableUpdates = Readonly<Record<string, Readonly<Record<string, WireRowUpdate>>>>;

/**
 * update2 row change: exactly one member. `initial` and `insert` rows omit columns holding their
 * default value; `modify` holds only changed columns, as diffs (see `ValueDecoder.applyDiff`).
 */
export type WireRowUpdate2 =
  | { readonly initial: WireRow }
  | { readonly insert: WireRow }
  | { readonly modify: WireRow }
  | { readonly delete: null };
/** The `update2` table updates in wire form. */
export type WireTableUpdates2 = Readonly<Record<string, Readonly<Record<string, WireRowUpdate2>>>>;

/** `update2` params: the monitor id the client chose, and the changes. */
export type Update2Params = readonly [monitorId: unknown, updates: WireTableUpdates2];
/** `update3` params: as update2 plus the id of the transaction that produced the changes. */
export type Update3Params = readonly [monitorId: unknown, lastTxnId: string, updates: WireTableUpdates2];
