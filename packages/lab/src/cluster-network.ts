// Cluster-wide network settings that are configuration, not Kubernetes objects (ovn-kubernetes
// reads them from its config file): the defaults of an OpenShift/ovn-kubernetes cluster.
export const CLUSTER_NETWORK = {
  /** Pod network of the whole cluster (hostPrefix 23 gives each node a /23). */
  clusterCidr: '10.128.0.0/14',
  /** The join switch between ovn_cluster_router and the gateway routers. */
  joinCidr: '100.64.0.0/16',
  /** rtoj-ovn_cluster_router: first address of the join subnet. */
  clusterRouterJoinIp: '100.64.0.1',
  /** Geneve underlay between the chassis (lab only: it exists inside the underlay namespace). */
  underlayCidr: '172.31.254.0/24',
  /** Pod MTU: leaves room for the geneve header on a 1500-byte underlay. */
  podMtu: 1400,
  /** Port of the HTTP server on the external host (inside the lab's own namespace). */
  externalHttpPort: 8080,
} as const;
