// The columns of the NB rows the EgressIP controller owns, in the native value form of
// docs/design/contracts.md (sets as arrays, maps as records, optional columns as undefined). They
// live in nb/ because they describe the NB; render/ builds desired rows of these shapes.

/** The Logical_Router_Policy columns the controller writes. */
export interface PolicyColumns {
  readonly priority: number;
  readonly match: string;
  readonly action: 'allow' | 'reroute' | 'drop';
  readonly nexthop?: string;
  readonly nexthops: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly external_ids: Readonly<Record<string, string>>;
}

/** The NAT columns the controller writes. */
export interface NatColumns {
  readonly type: 'snat' | 'dnat' | 'dnat_and_snat';
  readonly external_ip: string;
  readonly external_mac?: string;
  readonly external_port_range: string;
  readonly logical_ip: string;
  readonly logical_port?: string;
  readonly options: Readonly<Record<string, string>>;
  readonly external_ids: Readonly<Record<string, string>>;
}

/** The Address_Set columns the controller writes. */
export interface AddressSetColumns {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly external_ids: Readonly<Record<string, string>>;
}

/** The QoS columns the controller writes. */
export interface QosColumns {
  readonly priority: number;
  readonly direction: 'from-lport' | 'to-lport';
  readonly match: string;
  readonly action: Readonly<Record<string, number>>;
  readonly bandwidth: Readonly<Record<string, number>>;
  readonly external_ids: Readonly<Record<string, string>>;
}

/** The catch-all `src-ip` route of an interconnect zone (spec 4.1); it carries no external_ids. */
export interface StaticRouteColumns {
  readonly ip_prefix: string;
  readonly nexthop: string;
  readonly policy: 'src-ip';
}
