// The rows an interconnect zone gets from ovn-kubernetes' zone interconnect handler: the transit
// switch (same tunnel key in every zone), a router port on it for each local node, a `remote`
// port for each other node (tunnel key = node id, bound to that node's chassis), and routes to the
// other nodes' subnets and gateway-router join IPs through their transit IPs. Pure.
import type { ResolvedClusterConfig } from '../render/config.js';
import { addressOf, type IpFamily, offsetAddress } from '../render/ip.js';
import { chassisNameOf, encapIpOf, transitPortAddrs } from './interconnect-node.js';
import { macFromIp } from './mac-from-ip.js';
import type { NodeAddrs, RemoteChassis, TopoRoute, TopoRouterPort, TopoSwitch } from './topology-rows.js';

/** Name of the interconnect transit switch. */
export const TRANSIT_SWITCH = 'transit_switch';
/** Upstream's BaseTransitSwitchTunnelKey; the default network's id is 0. */
export const TRANSIT_SWITCH_TUNNEL_KEY = 16711683;

export interface InterconnectRows {
  readonly transitSwitch: TopoSwitch;
  readonly clusterRouterPorts: readonly TopoRouterPort[];
  readonly clusterRouterRoutes: readonly TopoRoute[];
  readonly remoteChassis: readonly RemoteChassis[];
}

export const transitRouterPort = (node: string) => `rtots-${node}`;
export const transitSwitchPort = (node: string) => `tstor-${node}`;

const fullMask = (ip: string) => `${ip}/${ip.includes(':') ? 128 : 32}`;

export function renderInterconnect(
  local: readonly NodeAddrs[],
  remote: readonly NodeAddrs[],
  fams: readonly IpFamily[],
  config: ResolvedClusterConfig,
  encapIps?: ReadonlyMap<string, string>,
): InterconnectRows {
  const transit = (n: NodeAddrs) => {
    const byFamily = transitPortAddrs(n.node, n.id, fams);
    return fams.map((f) => byFamily[f]!);
  };
  const localPorts = local.map((n) => ({ n, addrs: transit(n) }));
  const remotePorts = remote.map((n) => ({ n, addrs: transit(n) }));
  const mac = (addrs: readonly string[]) => macFromIp(addressOf(addrs[0]!));

  const transitSwitch: TopoSwitch = {
    name: TRANSIT_SWITCH,
    other_config: {
      'interconn-ts': TRANSIT_SWITCH,
      'requested-tnl-key': String(TRANSIT_SWITCH_TUNNEL_KEY),
      mcast_snoop: 'true',
      mcast_querier: 'false',
      mcast_flood_unregistered: 'true',
    },
    ports: [
      ...localPorts.map(({ n }) => ({
        name: transitSwitchPort(n.name),
        type: 'router',
        addresses: ['router'],
        options: { 'router-port': transitRouterPort(n.name), 'requested-tnl-key': String(n.id) },
        external_ids: { node: n.name },
      })),
      ...remotePorts.map(({ n, addrs }) => ({
        name: transitSwitchPort(n.name),
        type: 'remote',
        addresses: [[mac(addrs), ...addrs].join(' ')],
        options: { 'requested-tnl-key': String(n.id), 'requested-chassis': n.name },
        external_ids: { node: n.name },
      })),
    ],
  };

  const clusterRouterPorts = localPorts.map(({ n, addrs }) => ({
    name: transitRouterPort(n.name),
    mac: mac(addrs),
    networks: addrs,
    options: { mcast_flood: 'true' },
  }));

  // Per remote node: its subnet, then its gateway router's join IP, each via its transit IP.
  const clusterRouterRoutes = remotePorts.flatMap(({ n, addrs }) =>
    fams.flatMap((f, i) => {
      const nexthop = addressOf(addrs[i]!);
      const ids = { 'ic-node': n.name };
      return [
        { ip_prefix: n.subnets[f]!.text, nexthop, external_ids: ids },
        { ip_prefix: fullMask(offsetAddress(config.join[f], n.id)), nexthop, external_ids: ids },
      ];
    }),
  );

  const remoteChassis = remote.map((n) => ({
    node: n.name,
    name: chassisNameOf(n.node),
    encapIp: encapIpOf(n.node, encapIps),
    port: transitSwitchPort(n.name),
  }));

  return { transitSwitch, clusterRouterPorts, clusterRouterRoutes, remoteChassis };
}
