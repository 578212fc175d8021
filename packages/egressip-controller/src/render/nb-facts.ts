// What the renderers read from the NB (spec 2.2 "NB inputs"): which routers and switches exist,
// the GR join port networks, the management port addresses, and what the live schema accepts.

/** What the render needs to know about the NB it writes to. */
export interface NbFacts {
  readonly routers: ReadonlySet<string>;
  readonly switches: ReadonlySet<string>;
  /** `networks` of a Logical_Router_Port by name (e.g. rtoj-GR_<node> -> ["100.64.0.4/16"]). */
  routerPortNetworks(name: string): readonly string[] | undefined;
  /** `addresses` of a Logical_Switch_Port by name (e.g. k8s-<node> -> ["0a:58:0a:81:02:02 10.129.2.2"]). */
  switchPortAddresses(name: string): readonly string[] | undefined;
  /** Whether QoS.action accepts the key `mark` (NB schema >= 7.1; absent from OVN 23.03's 7.0.0). */
  readonly qosMarkSupported: boolean;
}

export const CLUSTER_ROUTER = 'ovn_cluster_router';
export const gatewayRouter = (node: string): string => `GR_${node}`;
export const gatewayJoinPort = (node: string): string => `rtoj-GR_${node}`;
export const managementPort = (node: string): string => `k8s-${node}`;
