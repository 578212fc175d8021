// Which network of a node can host an egress IP (spec 3.3): the primary (OVN-managed) network
// from node-primary-ifaddr, or, on bare metal, a secondary host network from host-cidrs.
import { formatNetwork, type IpAddress, isGlobalUnicast, networkContains } from './ip-address.js';
import type { NodeEgressInfo } from './node-egress-info.js';

export type HostingNetwork = { kind: 'primary' } | { kind: 'secondary'; cidr: string };

export function inPrimaryNetwork(info: NodeEgressInfo, ip: IpAddress): boolean {
  return info.primaryNetworks.some((n) => networkContains(n, ip));
}

/** Longest-prefix host CIDR (other than the primary network) containing a global-unicast IP. */
export function secondaryNetworkContaining(info: NodeEgressInfo, ip: IpAddress): string | undefined {
  if (!isGlobalUnicast(ip)) return undefined;
  const primary = new Set(info.primaryNetworks.map(formatNetwork));
  let best: { cidr: string; length: number } | undefined;
  for (const net of info.hostCidrs ?? []) {
    const cidr = formatNetwork(net);
    if (primary.has(cidr) || !networkContains(net, ip)) continue;
    if (!best || net.prefixLength > best.length) best = { cidr, length: net.prefixLength };
  }
  return best?.cidr;
}

/** The network of `info` that can host `ip`, or `undefined` if none. */
export function hostingNetwork(info: NodeEgressInfo, ip: IpAddress): HostingNetwork | undefined {
  if (inPrimaryNetwork(info, ip)) return { kind: 'primary' };
  const cidr = secondaryNetworkContaining(info, ip);
  return cidr === undefined ? undefined : { kind: 'secondary', cidr };
}
