// The desired state: the NB rows the EgressIP controller owns, with identity keys, groups and
// routers. Their column shapes are nb/row-columns.ts (re-exported here for the render's users).

import type {
  AddressSetColumns,
  NatColumns,
  PolicyColumns,
  QosColumns,
  StaticRouteColumns,
} from '../nb/row-columns.js';

export type { AddressSetColumns, NatColumns, PolicyColumns, QosColumns, StaticRouteColumns };

/** Group of rows written together: `feature` for feature-level rows, else the EgressIP name. */
export type RowGroup = string;
export const FEATURE_GROUP: RowGroup = '';

/** A router policy the NB should hold, with its identity key, group and router. */
export interface DesiredPolicy {
  /** Identity: `k8s.ovn.org/id` + match (ids are not unique for pod-to-pod/pod-to-join rows). */
  readonly key: string;
  readonly group: RowGroup;
  readonly router: string;
  readonly row: PolicyColumns;
}

/** A NAT the NB should hold on a gateway router, with its identity key and group. */
export interface DesiredNat {
  /** Identity: id, external IP, logical IP, logical port (spec 4.2-b "the same" NAT). */
  readonly key: string;
  readonly group: RowGroup;
  readonly router: string;
  readonly row: NatColumns;
}

/** An address set the NB should hold; `manageAddresses` false means only its existence is ensured. */
export interface DesiredAddressSet {
  /** Identity: the set's name (unique index). */
  readonly key: string;
  /** false: we only ensure the row exists (egresssvc-served-pods belongs to Egress Services). */
  readonly manageAddresses: boolean;
  readonly row: AddressSetColumns;
}

/** A QoS row the NB should hold and the switches that must reference it. */
export interface DesiredQos {
  readonly key: string;
  readonly row: QosColumns;
  /** Logical switches whose qos_rules must reference the row. */
  readonly switches: readonly string[];
  /**
   * Switches whose existing reference is left alone (the switch of a node whose object is gone:
   * upstream's node delete does not unlink the QoS).
   */
  readonly keepLinkOn?: (switchName: string) => boolean;
}

/** Why a {@link RenderNote} was emitted. */
export type RenderNoteKind =
  | 'qos-mark-unsupported'
  | 'invalid-selector'
  | 'invalid-node-annotation'
  | 'unknown-node'
  | 'invalid-status-ip'
  | 'missing-nexthop'
  | 'missing-router'
  | 'pod-without-ip'
  | 'standby';

/** Something the render could not (or chose not to) write, and why. */
export interface RenderNote {
  readonly kind: RenderNoteKind;
  readonly message: string;
  /** The EgressIP concerned, when there is one. */
  readonly egressIP?: string;
}

/** A static route the NB should hold on a router. */
export interface DesiredStaticRoute {
  readonly router: string;
  readonly row: StaticRouteColumns;
  /**
   * ovn-kubernetes replaces (never duplicates, never deletes) a src-ip route of the same family
   * whose network address is the cluster subnet's and whose prefix is at least the subnet's and
   * shorter than the host subnet length (so the node-subnet route is never touched).
   */
  readonly replaces: (route: { ip_prefix: string; nexthop: string; policy?: string | undefined }) => boolean;
}

/** Per-pod node-IP SNATs (spec 4.5), managed only with `disableSnatMultipleGws`. */
export interface DesiredPodSnats {
  /** Keyed by router + external IP + logical IP; `group` = the EgressIP whose change moves it. */
  readonly rows: readonly DesiredNat[];
  /** Gateway routers of the local nodes: the only routers whose per-pod SNATs are ours. */
  readonly routers: ReadonlySet<string>;
  /** A pod address (bare, inside a cluster subnet): tells a per-pod SNAT from the GR's own SNATs. */
  readonly isPodIp: (ip: string) => boolean;
  /** Scoped reconciles: the pod IPs in scope (undefined: every pod). */
  readonly scopeIps?: ReadonlySet<string>;
  /** Pod IP -> EgressIP to file a restore/removal under when no desired row names one. */
  readonly groupOfIp: ReadonlyMap<string, RowGroup>;
}

/** The rows the NB should hold, per kind, and the notes on what could not be rendered. */
export interface DesiredState {
  readonly policies: readonly DesiredPolicy[];
  readonly nats: readonly DesiredNat[];
  readonly addressSets: readonly DesiredAddressSet[];
  readonly qos: readonly DesiredQos[];
  /** Per served pod IP, the group (EgressIP name) that serves it. */
  readonly servedIps: ReadonlyMap<string, RowGroup>;
  readonly notes: readonly RenderNote[];
  /** Catch-all routes to ensure (interconnect zones with feature rows only). */
  readonly staticRoutes?: readonly DesiredStaticRoute[];
  /** Present only with `disableSnatMultipleGws`. */
  readonly podSnats?: DesiredPodSnats;
  /** false: feature-level rows are someone else's (neither written nor deleted). Default true. */
  readonly featureRows?: boolean;
}

export function policyKey(row: Pick<PolicyColumns, 'match' | 'external_ids'>): string {
  return `${row.external_ids['k8s.ovn.org/id'] ?? ''}\u0000${row.match}`;
}

export function natKey(
  row: Pick<NatColumns, 'external_ip' | 'logical_ip' | 'logical_port' | 'external_ids'>,
): string {
  return [
    row.external_ids['k8s.ovn.org/id'] ?? '',
    row.external_ip,
    row.logical_ip,
    row.logical_port ?? '',
  ].join('\u0000');
}

/**
 * A NAT's identity without its router side (logical port): the same pod's SNAT of the same egress
 * IP. When an egress IP moves node, the row with this key on the old gateway router becomes the
 * row on the new one.
 */
export function natMoveKey(row: Pick<NatColumns, 'external_ip' | 'logical_ip' | 'external_ids'>): string {
  return [row.external_ids['k8s.ovn.org/id'] ?? '', row.external_ip, row.logical_ip].join('\u0000');
}
