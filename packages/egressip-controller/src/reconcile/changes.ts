// Table-level changes the diff produces, before they are packed into transactions and encoded.
import type { RowGroup } from '../render/rows.js';

/** The NB tables whose rows the controller owns. */
export type ChangeTable =
  | 'Logical_Router_Policy'
  | 'NAT'
  | 'QoS'
  | 'Address_Set'
  | 'Logical_Router_Static_Route';
/** The tables whose reference columns hold the controller's rows. */
export type ParentTable = 'Logical_Router' | 'Logical_Switch';

/** A reference column holding our row: Logical_Router.policies / .nat / .static_routes, Logical_Switch.qos_rules. */
export interface ParentRef {
  readonly table: ParentTable;
  readonly uuid: string;
  readonly column: 'policies' | 'nat' | 'qos_rules' | 'static_routes';
}

/** One change the diff wants made to the NB: insert, update, delete, link, unlink, or address-set members. */
export type Change =
  | {
      readonly kind: 'insert';
      readonly table: ChangeTable;
      readonly row: object;
      readonly parents: readonly ParentRef[];
    }
  | {
      readonly kind: 'update';
      readonly table: ChangeTable;
      readonly uuid: string;
      readonly columns: Readonly<Record<string, unknown>>;
      /** Only removes set members (e.g. stale nexthops): part of the startup sync as is. */
      readonly pruneOnly?: boolean;
      /** What the startup sync does instead when the update also adds: drop the stale members, or the row. */
      readonly staleCleanup?: Change;
    }
  | {
      readonly kind: 'delete';
      readonly table: ChangeTable;
      readonly uuid: string;
      readonly parents: readonly ParentRef[];
    }
  | { readonly kind: 'link'; readonly parent: ParentRef; readonly uuid: string }
  | { readonly kind: 'unlink'; readonly parent: ParentRef; readonly uuid: string }
  | {
      readonly kind: 'addresses';
      readonly name: string;
      readonly add: readonly string[];
      readonly remove: readonly string[];
    };

/** Changes that must commit together (e.g. an insert and the reference that keeps it alive). */
export interface ChangeUnit {
  readonly group: RowGroup;
  readonly changes: readonly Change[];
}
