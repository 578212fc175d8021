// Shapes of OVSDB JSON-RPC parameters and results (RFC 7047 sections 4-5, ovsdb-server(7)), as
// plain wire JSON. The typed layers (wire/, model/, txn/) produce and consume these.
import type { JsonArray, JsonObject, JsonValue } from '../json/json-value.js';

/**
 * One transact operation as sent (`{op: 'insert', table, row, 'uuid-name'}`, ...): any object
 * with an `op`; the other members are serialised as they are (bigint as an integer literal).
 * transact() also accepts any interface with an `op` member (e.g. the typed wire operations).
 */
export type WireOperation = { readonly op: string; readonly [member: string]: unknown };

/** One element of a transact result (`{uuid: ['uuid', ...]}`, `{count}`, `{rows}`, `{}`, or an error). */
export interface OperationResultJson {
  readonly uuid?: readonly ['uuid', string];
  readonly count?: number;
  readonly rows?: readonly JsonObject[];
  readonly error?: string;
  readonly details?: string;
  readonly [member: string]: JsonValue | undefined;
}

/** A monitor request for one table (RFC 7047 4.1.5; `where` is the monitor_cond extension). */
export interface MonitorRequest {
  readonly columns?: readonly string[];
  readonly where?: JsonArray;
  readonly select?: {
    readonly initial?: boolean;
    readonly insert?: boolean;
    readonly delete?: boolean;
    readonly modify?: boolean;
  };
}

/** Table name -> request(s). */
export type MonitorRequests = { readonly [table: string]: MonitorRequest | readonly MonitorRequest[] };

/** `update` notification / `monitor` result: table -> row uuid -> old/new row. */
export interface RowUpdateJson {
  readonly old?: JsonObject;
  readonly new?: JsonObject;
}
/** An RFC 7047 `update` notification or `monitor` reply: per table, per row uuid, the old and new row. */
export type TableUpdatesJson = { readonly [table: string]: { readonly [uuid: string]: RowUpdateJson } };

/** `update2`/`update3` notification, `monitor_cond(_since)` result. */
export interface RowUpdate2Json {
  readonly initial?: JsonObject;
  readonly insert?: JsonObject;
  readonly modify?: JsonObject;
  readonly delete?: null;
}
/**
 * An `update2` notification or `monitor_cond` reply: per table, per row uuid, initial/insert/modify/delete.
 */
export type TableUpdates2Json = { readonly [table: string]: { readonly [uuid: string]: RowUpdate2Json } };

/**
 * The reply of `monitor_cond_since`: whether the server had the history, its last transaction id, and the
 * updates.
 */
export interface MonitorCondSinceResult {
  /** True when the server could resume from `lastTxnId` (only clustered databases do). */
  readonly found: boolean;
  /** The id of the newest transaction included; pass it to the next monitorCondSince. */
  readonly lastTxnId: string;
  readonly updates: TableUpdates2Json;
}

/** The all-zero transaction id: "I have nothing, send everything". */
export const ZERO_TXN_ID = '00000000-0000-0000-0000-000000000000';

/** Notifications from the server, decoded. `monitorId` is the JSON value the caller chose. */
export type OvsdbNotification =
  | { readonly kind: 'update'; readonly monitorId: JsonValue; readonly updates: TableUpdatesJson }
  | { readonly kind: 'update2'; readonly monitorId: JsonValue; readonly updates: TableUpdates2Json }
  | {
      readonly kind: 'update3';
      readonly monitorId: JsonValue;
      readonly lastTxnId: string;
      readonly updates: TableUpdates2Json;
    }
  | { readonly kind: 'locked'; readonly lockName: string }
  | { readonly kind: 'stolen'; readonly lockName: string }
  | { readonly kind: 'monitor_canceled'; readonly monitorId: JsonValue }
  /** Anything else, or a known notification whose params have the wrong shape. */
  | { readonly kind: 'unknown'; readonly method: string; readonly params: JsonArray };
