// Interconnect fixtures: the spec 4.7 workers with their zone, transit-switch and gateway
// annotations, one real NB ovsdb-server per zone holding that zone's base topology, and the
// rows spec 4.1/4.7.3 prescribes for Profile B (ClusterNodeIPs set, NAT port range).
import type { Node } from '../../src/api/types.js';
import { type ClusterNetworkConfig, NbReconciler } from '../../src/index.js';
import type { NbSnapshot } from '../../src/nb/snapshot.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { type NodeSpec, node, WORKERS } from '../integration/support/cluster-fixtures.js';
import { policy102, replyTrafficPolicy, sortRows } from '../integration/support/expected-rows.js';
import { egressIpRows, type NbHarness, startNbHarness } from '../integration/support/nb-harness.js';

const OC = 'default-network-controller';

/** A node of its own zone (zone name = node name, as OpenShift runs it). */
export function zoneNode(
  s: NodeSpec,
  transit = { ipv4: `100.88.0.${s.id}/16` } as Record<string, string>,
): Node {
  const n = node(s);
  const ips = [s.ifaddr, s.ifaddr6].filter((x): x is string => !!x);
  Object.assign(n.metadata!.annotations!, {
    'k8s.ovn.org/zone-name': s.name,
    'k8s.ovn.org/node-transit-switch-port-ifaddr': JSON.stringify(transit),
    'k8s.ovn.org/l3-gateway-config': JSON.stringify({ default: { mode: 'shared', 'ip-addresses': ips } }),
  });
  return n;
}

export const ZONE_NODES = WORKERS.map((w) => zoneNode(w));

export interface Zone {
  readonly name: string;
  readonly h: NbHarness;
  reconciler: NbReconciler;
}

/** One NB per node, each with only its own node's topology (what that zone's NB holds). */
export async function startZones(
  nodes: readonly Node[],
  config: Partial<ClusterNetworkConfig> = { profile: 'B' },
): Promise<Zone[]> {
  return Promise.all(
    nodes.map(async (n) => {
      const h = await startNbHarness();
      await topologyInit({ nb: h.nb, nodes: [n], config });
      const name = n.metadata?.name ?? '';
      return { name, h, reconciler: new NbReconciler({ nb: h.nb, zone: name, config }) };
    }),
  );
}

/** Everything the EgressIP controller writes in one zone, with where each row hangs. */
export function zoneRows(snap: NbSnapshot) {
  const rows = egressIpRows(snap);
  const strip = <T extends { _uuid: string; _version?: string }>({ _uuid, _version, ...rest }: T) => rest;
  const cr = snap.Logical_Router.find((r) => r.name === 'ovn_cluster_router');
  const routes = snap.Logical_Router_Static_Route.filter(
    (r) => r.policy === 'src-ip' && cr?.static_routes.includes(r._uuid),
  ).map(strip);
  const podSnats = snap.NAT.filter(
    (n) =>
      Object.keys(n.external_ids).length === 0 && n.logical_port === undefined && !n.logical_ip.includes('/'),
  ).map((n) => ({
    ...strip(n),
    routers: snap.Logical_Router.filter((r) => r.nat.includes(n._uuid)).map((r) => r.name),
  }));
  return { ...rows, routes: sortRows(routes), podSnats: sortRows(podSnats) };
}

/** Profile B feature policies of one IPv4 cluster subnet. */
export const featurePoliciesB = () => [
  policy102('EIP-No-Reroute-Pod-To-Pod', 'ip4', 'ip4.src == 10.128.0.0/14 && ip4.dst == 10.128.0.0/14'),
  policy102('EIP-No-Reroute-Pod-To-Join', 'ip4', 'ip4.src == 10.128.0.0/14 && ip4.dst == 100.64.0.0/16'),
  policy102(
    'EIP-No-Reroute-Pod-To-Node',
    'ip4',
    '(ip4.src == $a8519615025667110816 || ip4.src == $a13607449821398607916) && ip4.dst == $a1042611113178530741',
    { pkt_mark: '1008' },
  ),
  replyTrafficPolicy(),
];

export const addressSetsB = (served: string[], nodeIps: string[]) =>
  sortRows([
    {
      name: 'a8519615025667110816',
      addresses: [...served].sort(),
      external_ids: {
        'k8s.ovn.org/owner-controller': OC,
        'k8s.ovn.org/owner-type': 'EgressIP',
        'k8s.ovn.org/id': `${OC}:EgressIP:egressip-served-pods:v4:default`,
        'k8s.ovn.org/name': 'egressip-served-pods',
        'ip-family': 'v4',
        network: 'default',
      },
    },
    {
      name: 'a13607449821398607916',
      addresses: [] as string[],
      external_ids: {
        'k8s.ovn.org/owner-controller': OC,
        'k8s.ovn.org/owner-type': 'EgressService',
        'k8s.ovn.org/id': `${OC}:EgressService:egresssvc-served-pods:v4`,
        'k8s.ovn.org/name': 'egresssvc-served-pods',
        'ip-family': 'v4',
      },
    },
    {
      name: 'a1042611113178530741',
      addresses: [...nodeIps].sort(),
      external_ids: {
        'k8s.ovn.org/owner-controller': OC,
        'k8s.ovn.org/owner-type': 'ClusterNodeIPs',
        'k8s.ovn.org/id': `${OC}:ClusterNodeIPs:node-ips:v4`,
        'k8s.ovn.org/name': 'node-ips',
        'ip-family': 'v4',
      },
    },
  ]);

/** The catch-all route of spec 4.1. */
export const catchAll = (prefix: string, nexthop: string) => ({
  ip_prefix: prefix,
  nexthop,
  policy: 'src-ip',
  output_port: undefined,
  route_table: '',
  options: {},
  external_ids: {},
});

/** A per-pod node-IP SNAT (spec 4.5) as ovn-kubernetes' gateway code writes it. */
export const podSnat = (nodeIp: string, podIp: string, node: string, portRange = '32768-60999') => ({
  type: 'snat',
  external_ip: nodeIp,
  external_mac: undefined,
  external_port_range: portRange,
  logical_ip: podIp,
  logical_port: undefined,
  options: { stateless: 'false' },
  external_ids: {},
  routers: [`GR_${node}`],
});
