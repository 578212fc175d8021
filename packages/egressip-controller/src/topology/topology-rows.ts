// The base topology ovn-kubernetes' other components create for each node (cluster router,
// node switches with management ports, join switch, gateway routers, external switches), with
// ovn-kubernetes' names and addresses taken from the node annotations. Pure.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { ResolvedClusterConfig } from '../render/config.js';
import { type Cidr, type IpFamily, offsetAddress } from '../render/ip.js';
import { CLUSTER_ROUTER, gatewayJoinPort, gatewayRouter, managementPort } from '../render/nb-facts.js';
import {
  InvalidNodeAnnotationError,
  nodeId,
  nodeSubnets,
  primaryIfaddr,
} from '../render/node-annotations.js';
import { nodeZone, ZONE_NAME_ANNOTATION } from '../render/zone.js';
import { renderInterconnect } from './interconnect-rows.js';
import { macFromIp } from './mac-from-ip.js';
import { perPodSnats } from './per-pod-snat.js';
import { TopologyInputError } from './topology-error.js';

export const JOIN_SWITCH = 'join';
export const PHYSICAL_NETWORK = 'physnet';
export const L3_GATEWAY_CONFIG = 'k8s.ovn.org/l3-gateway-config';

/** A switch port of the base topology. */
export interface TopoSwitchPort {
  readonly name: string;
  readonly type: string;
  readonly addresses: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly external_ids?: Readonly<Record<string, string>>;
}

/** A switch of the base topology and its ports. */
export interface TopoSwitch {
  readonly name: string;
  readonly other_config: Readonly<Record<string, string>>;
  readonly ports: readonly TopoSwitchPort[];
}

/** A router port of the base topology. */
export interface TopoRouterPort {
  readonly name: string;
  readonly mac: string;
  readonly networks: readonly string[];
  readonly options?: Readonly<Record<string, string>>;
}

/** A static route of a router in the base topology. */
export interface TopoRoute {
  readonly ip_prefix: string;
  readonly nexthop: string;
  readonly policy?: 'src-ip';
  readonly output_port?: string;
  readonly external_ids?: Readonly<Record<string, string>>;
}

/** A NAT of a gateway router in the base topology. */
export interface TopoNat {
  readonly type: 'snat';
  readonly external_ip: string;
  readonly logical_ip: string;
  readonly external_port_range?: string;
  readonly options?: Readonly<Record<string, string>>;
}

/** A router of the base topology: ports, static routes, NATs and options. */
export interface TopoRouter {
  readonly name: string;
  readonly options: Readonly<Record<string, string>>;
  readonly external_ids: Readonly<Record<string, string>>;
  readonly ports: readonly TopoRouterPort[];
  readonly routes: readonly TopoRoute[];
  readonly nats: readonly TopoNat[];
}

/** A node of another zone as this zone's SB must know it (upstream's remote chassis). */
export interface RemoteChassis {
  readonly node: string;
  readonly name: string;
  readonly encapIp: string;
  /** The transit-switch port bound to it (`tstor-<node>`). */
  readonly port: string;
}

/** The base topology rendered for some nodes: routers and switches with their ports, routes and NATs. */
export interface Topology {
  readonly routers: readonly TopoRouter[];
  readonly switches: readonly TopoSwitch[];
  /** Interconnect only: the zone (also written as NB_Global name) and the other zones' chassis. */
  readonly zone?: string;
  readonly remoteChassis: readonly RemoteChassis[];
}

/** Options of {@link renderTopology}. */
export interface TopologyOptions {
  /** Build one interconnect zone: only its nodes get switches and routers; the rest are remote. */
  readonly zone?: string;
  /** Per-pod node-IP SNAT (`--disable-snat-multiple-gws`) instead of the cluster-wide SNAT. */
  readonly perPodSnat?: boolean;
  /** The pods whose per-pod SNAT is written (only with perPodSnat). */
  readonly pods?: readonly V1Pod[];
  /** Tunnel endpoints per node name, when not the node's InternalIP. */
  readonly encapIps?: ReadonlyMap<string, string>;
}

export { macFromIp, TopologyInputError };

const withPrefix = (ip: string, cidr: Cidr) => `${ip}/${cidr.prefix}`;

export interface NodeAddrs {
  readonly node: V1Node;
  readonly name: string;
  readonly id: number;
  readonly subnets: Partial<Record<IpFamily, Cidr>>;
  readonly ifaddr: Partial<Record<IpFamily, { ip: string; cidr: Cidr }>>;
  readonly gateway: Partial<Record<IpFamily, string>>;
}

function nodeAddrs(node: V1Node, config: ResolvedClusterConfig): NodeAddrs {
  const name = node.metadata?.name;
  if (!name) throw new TopologyInputError('a node has no metadata.name');
  const id = nodeId(node);
  if (id === undefined) throw new InvalidNodeAnnotationError(name, 'k8s.ovn.org/node-id', 'missing');
  const subnets: Partial<Record<IpFamily, Cidr>> = {};
  for (const s of nodeSubnets(node)) subnets[s.family] ??= s;
  const ifaddr = primaryIfaddr(node);
  for (const f of [4, 6] as const) {
    const enabled = f === 4 ? config.ipv4 : config.ipv6;
    if (enabled && !subnets[f])
      throw new InvalidNodeAnnotationError(name, 'k8s.ovn.org/node-subnets', `no IPv${f} subnet`);
    if (enabled && !ifaddr[f])
      throw new InvalidNodeAnnotationError(name, 'k8s.ovn.org/node-primary-ifaddr', `no IPv${f} address`);
  }
  return { node, name, id, subnets, ifaddr, gateway: gatewayOf(node, ifaddr) };
}

/** External next hop: l3-gateway-config next-hops when present, else the first host of the node's network. */
function gatewayOf(
  node: V1Node,
  ifaddr: Partial<Record<IpFamily, { ip: string; cidr: Cidr }>>,
): Partial<Record<IpFamily, string>> {
  const out: Partial<Record<IpFamily, string>> = {};
  const text = node.metadata?.annotations?.[L3_GATEWAY_CONFIG];
  if (text) {
    try {
      const hops = (JSON.parse(text) as { default?: { 'next-hops'?: string[]; 'next-hop'?: string } })
        .default;
      for (const h of hops?.['next-hops'] ?? (hops?.['next-hop'] ? [hops['next-hop']] : []))
        out[h.includes(':') ? 6 : 4] ??= h;
    } catch {
      // Fall back to the derived gateway below.
    }
  }
  for (const f of [4, 6] as const) {
    const a = ifaddr[f];
    if (a && !out[f]) out[f] = offsetAddress(a.cidr, 1);
  }
  return out;
}

/** Renders the base topology ovn-kubernetes' other components create for `nodes` (pure). */
export function renderTopology(
  nodes: readonly V1Node[],
  config: ResolvedClusterConfig,
  opts: TopologyOptions = {},
): Topology {
  const fams = ([4, 6] as const).filter((f) => (f === 4 ? config.ipv4 : config.ipv6));
  const all = [...nodes].map((n) => nodeAddrs(n, config)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const zone = opts.zone;
  // Single zone: every node is local. A zone: only its nodes; the others are reached over the transit switch.
  const addrs = zone === undefined ? all : all.filter((n) => nodeZone(n.node, config.profile) === zone);
  if (zone !== undefined && addrs.length === 0)
    throw new TopologyInputError(
      `no node is in zone "${zone}" (${ZONE_NAME_ANNOTATION}: ${all.map((n) => `${n.name}=${nodeZone(n.node, config.profile)}`).join(', ') || 'no nodes'})`,
    );
  const ic =
    zone === undefined
      ? undefined
      : renderInterconnect(
          addrs,
          all.filter((n) => !addrs.includes(n)),
          fams,
          config,
          opts.encapIps,
        );
  const joinIp = (f: IpFamily, id: number) => offsetAddress(config.join[f], id);
  const clusterJoin = fams.map((f) => withPrefix(joinIp(f, 1), config.join[f]));

  const clusterRouter: TopoRouter = {
    name: CLUSTER_ROUTER,
    options: {},
    external_ids: { 'k8s-cluster-router': 'yes' },
    ports: [
      { name: `rtoj-${CLUSTER_ROUTER}`, mac: macFromIp(joinIp(fams[0]!, 1)), networks: clusterJoin },
      ...addrs.map((n) => {
        const nets = fams.map((f) => withPrefix(offsetAddress(n.subnets[f]!, 1), n.subnets[f]!));
        return {
          name: `rtos-${n.name}`,
          mac: macFromIp(offsetAddress(n.subnets[fams[0]!]!, 1)),
          networks: nets,
        };
      }),
      ...(ic?.clusterRouterPorts ?? []),
    ],
    // Shared gateway mode: pod traffic to the outside leaves through the node's own GR.
    routes: [
      ...addrs.flatMap((n) =>
        fams.map((f) => ({
          ip_prefix: n.subnets[f]!.text,
          nexthop: joinIp(f, n.id),
          policy: 'src-ip' as const,
        })),
      ),
      ...(ic?.clusterRouterRoutes ?? []),
    ],
    nats: [],
  };

  const gatewayRouters: TopoRouter[] = addrs.map((n) => {
    const gr = gatewayRouter(n.name);
    const physical = fams.map((f) => n.ifaddr[f]!.ip);
    return {
      name: gr,
      options: {
        always_learn_from_arp_request: 'false',
        chassis: n.name,
        dynamic_neigh_routers: 'true',
        lb_force_snat_ip: 'router_ip',
        'snat-ct-zone': '0',
      },
      external_ids: { physical_ip: physical[0]!, physical_ips: physical.join(',') },
      ports: [
        {
          name: gatewayJoinPort(n.name),
          mac: macFromIp(joinIp(fams[0]!, n.id)),
          networks: fams.map((f) => withPrefix(joinIp(f, n.id), config.join[f])),
        },
        {
          name: `rtoe-${gr}`,
          mac: macFromIp(physical[0]!),
          networks: fams.map((f) => withPrefix(n.ifaddr[f]!.ip, n.ifaddr[f]!.cidr)),
        },
      ],
      routes: fams.flatMap((f) => [
        ...config.clusterCidrs[f].map((c) => ({ ip_prefix: c.text, nexthop: joinIp(f, 1) })),
        { ip_prefix: f === 4 ? '0.0.0.0/0' : '::/0', nexthop: n.gateway[f]!, output_port: `rtoe-${gr}` },
      ]),
      nats: opts.perPodSnat
        ? perPodSnats(n, opts.pods ?? [], config)
        : fams.flatMap((f) =>
            config.clusterCidrs[f].map((c) => ({
              type: 'snat' as const,
              external_ip: n.ifaddr[f]!.ip,
              logical_ip: c.text,
            })),
          ),
    };
  });

  const nodeSwitches: TopoSwitch[] = addrs.map((n): TopoSwitch => {
    const mgmt = fams.map((f) => offsetAddress(n.subnets[f]!, 2));
    return {
      name: n.name,
      // No other_config:subnet: every port has a static address (ovn-kubernetes allocates pod IPs
      // itself), and northd's IPAM would only warn about the management port's address.
      other_config: {},
      ports: [
        {
          name: `stor-${n.name}`,
          type: 'router',
          addresses: ['router'],
          options: { 'router-port': `rtos-${n.name}` },
        },
        {
          name: managementPort(n.name),
          type: '',
          addresses: [`${macFromIp(mgmt[0]!)} ${mgmt.join(' ')}`],
          options: {},
        },
      ],
    };
  });

  const joinSwitch: TopoSwitch = {
    name: JOIN_SWITCH,
    other_config: {},
    ports: [
      {
        name: `jtor-${CLUSTER_ROUTER}`,
        type: 'router',
        addresses: ['router'],
        options: { 'router-port': `rtoj-${CLUSTER_ROUTER}` },
      },
      ...addrs.map((n) => ({
        name: `jtor-${gatewayRouter(n.name)}`,
        type: 'router',
        addresses: ['router'],
        options: { 'router-port': gatewayJoinPort(n.name) },
      })),
    ],
  };

  const externalSwitches: TopoSwitch[] = addrs.map((n): TopoSwitch => {
    const gr = gatewayRouter(n.name);
    return {
      name: `ext_${n.name}`,
      other_config: {},
      ports: [
        {
          name: `etor-${gr}`,
          type: 'router',
          addresses: [macFromIp(n.ifaddr[fams[0]!]!.ip)],
          // nat-addresses=router makes OVN send GARPs for every SNAT IP of the GR (failover).
          options: {
            'router-port': `rtoe-${gr}`,
            'nat-addresses': 'router',
            'exclude-lb-vips-from-garp': 'true',
          },
        },
        {
          name: `br-ex_${n.name}`,
          type: 'localnet',
          addresses: ['unknown'],
          options: { network_name: PHYSICAL_NETWORK },
        },
      ],
    };
  });

  return {
    routers: [clusterRouter, ...gatewayRouters],
    switches: [joinSwitch, ...nodeSwitches, ...externalSwitches, ...(ic ? [ic.transitSwitch] : [])],
    ...(zone !== undefined ? { zone } : {}),
    remoteChassis: ic?.remoteChassis ?? [],
  };
}
