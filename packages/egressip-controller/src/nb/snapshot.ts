// A plain, read-only snapshot of the NB tables the EgressIP rows and the base topology touch.
// It is filled either by `select` transactions (readNbSnapshot) or from a replica; the diff and
// the renderers only ever see this shape.
import type { AddressSetColumns, NatColumns, PolicyColumns, QosColumns } from './row-columns.js';

/** The identity columns every snapshot row has. */
export interface NbRow {
  readonly _uuid: string;
  readonly _version?: string;
}

/** A Logical_Router row of the snapshot. */
export interface LogicalRouterRow extends NbRow {
  readonly name: string;
  readonly ports: readonly string[];
  readonly policies: readonly string[];
  readonly nat: readonly string[];
  readonly static_routes: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly external_ids: Readonly<Record<string, string>>;
}

/** A Logical_Switch row of the snapshot. */
export interface LogicalSwitchRow extends NbRow {
  readonly name: string;
  readonly ports: readonly string[];
  readonly qos_rules: readonly string[];
  readonly other_config: Readonly<Record<string, string>>;
  readonly external_ids: Readonly<Record<string, string>>;
}

/** A Logical_Router_Port row of the snapshot. */
export interface LogicalRouterPortRow extends NbRow {
  readonly name: string;
  readonly mac: string;
  readonly networks: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly external_ids: Readonly<Record<string, string>>;
}

/** A Logical_Switch_Port row of the snapshot. */
export interface LogicalSwitchPortRow extends NbRow {
  readonly name: string;
  readonly type: string;
  readonly addresses: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly external_ids: Readonly<Record<string, string>>;
}

/** A Logical_Router_Static_Route row of the snapshot. */
export interface StaticRouteRow extends NbRow {
  readonly ip_prefix: string;
  readonly nexthop: string;
  readonly policy?: string;
  readonly output_port?: string;
  readonly route_table: string;
  readonly options: Readonly<Record<string, string>>;
  readonly external_ids: Readonly<Record<string, string>>;
}

/** A Logical_Router_Policy row of the snapshot. */
export type PolicyRow = NbRow & PolicyColumns;
/** A NAT row of the snapshot. */
export type NatRow = NbRow & NatColumns;
/** An Address_Set row of the snapshot. */
export type AddressSetRow = NbRow & AddressSetColumns;
/** A QoS row of the snapshot. */
export type QosRow = NbRow & QosColumns;

/** The NB tables the EgressIP rows and the base topology touch, as plain read-only rows. */
export interface NbSnapshot {
  readonly Logical_Router: readonly LogicalRouterRow[];
  readonly Logical_Switch: readonly LogicalSwitchRow[];
  readonly Logical_Router_Port: readonly LogicalRouterPortRow[];
  readonly Logical_Switch_Port: readonly LogicalSwitchPortRow[];
  readonly Logical_Router_Static_Route: readonly StaticRouteRow[];
  readonly Logical_Router_Policy: readonly PolicyRow[];
  readonly NAT: readonly NatRow[];
  readonly Address_Set: readonly AddressSetRow[];
  readonly QoS: readonly QosRow[];
}

export type SnapshotTable = keyof NbSnapshot;

/** The columns read per table (only columns present in NB 7.0.0). */
export const SNAPSHOT_COLUMNS: { readonly [T in SnapshotTable]: readonly string[] } = {
  Logical_Router: ['name', 'ports', 'policies', 'nat', 'static_routes', 'options', 'external_ids'],
  Logical_Switch: ['name', 'ports', 'qos_rules', 'other_config', 'external_ids'],
  Logical_Router_Port: ['name', 'mac', 'networks', 'options', 'external_ids'],
  Logical_Switch_Port: ['name', 'type', 'addresses', 'options', 'external_ids'],
  Logical_Router_Static_Route: [
    'ip_prefix',
    'nexthop',
    'policy',
    'output_port',
    'route_table',
    'options',
    'external_ids',
  ],
  Logical_Router_Policy: ['priority', 'match', 'action', 'nexthop', 'nexthops', 'options', 'external_ids'],
  NAT: [
    'type',
    'external_ip',
    'external_mac',
    'external_port_range',
    'logical_ip',
    'logical_port',
    'options',
    'external_ids',
  ],
  Address_Set: ['name', 'addresses', 'external_ids'],
  QoS: ['priority', 'direction', 'match', 'action', 'bandwidth', 'external_ids'],
};

export const EMPTY_SNAPSHOT: NbSnapshot = {
  Logical_Router: [],
  Logical_Switch: [],
  Logical_Router_Port: [],
  Logical_Switch_Port: [],
  Logical_Router_Static_Route: [],
  Logical_Router_Policy: [],
  NAT: [],
  Address_Set: [],
  QoS: [],
};
