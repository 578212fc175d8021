// What an interconnect zone's topology needs to know about a node, from the annotations
// ovn-kubernetes' cluster manager and node agent write: its transit-switch port addresses, its
// chassis name and its tunnel endpoint (its zone: render/zone.ts). Pure.
import type { V1Node } from '@kubernetes/client-node';
import { type IpFamily, offsetAddress, parseCidr } from '../render/ip.js';
import { transitIfaddr } from '../render/zone.js';
import { TopologyInputError } from './topology-error.js';

export const CHASSIS_ID_ANNOTATION = 'k8s.ovn.org/node-chassis-id';

const nameOf = (node: V1Node) => node.metadata?.name ?? '?';
/** ovn-kubernetes' default transit switch subnets; a node's port is subnet base + node id. */
export const TRANSIT_SUBNETS = { 4: parseCidr('100.88.0.0/16'), 6: parseCidr('fd97::/64') } as const;

/**
 * The node's transit-switch port addresses (`100.88.0.4/16`, ...) per family, from its annotation,
 * or derived from the node id as the cluster manager allocates them when the annotation is absent.
 */
export function transitPortAddrs(
  node: V1Node,
  id: number,
  families: readonly IpFamily[],
): Partial<Record<IpFamily, string>> {
  const out: Partial<Record<IpFamily, string>> = {};
  for (const f of families) {
    const subnet = TRANSIT_SUBNETS[f];
    out[f] = transitIfaddr(node, f) ?? `${offsetAddress(subnet, id)}/${subnet.prefix}`;
  }
  return out;
}

/** The node's OVN chassis name: `k8s.ovn.org/node-chassis-id`, else the node name (the lab's system-id). */
export function chassisNameOf(node: V1Node): string {
  return node.metadata?.annotations?.[CHASSIS_ID_ANNOTATION] || nameOf(node);
}

/**
 * The node's tunnel endpoint as upstream's chassis handler takes it: the first InternalIP in the
 * node status. `override` (per node name) wins, for labs whose geneve underlay is another network.
 */
export function encapIpOf(node: V1Node, override?: ReadonlyMap<string, string>): string {
  const name = nameOf(node);
  const given = override?.get(name);
  if (given) return given;
  const internal = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!internal)
    throw new TopologyInputError(
      `node ${name}: status.addresses has no InternalIP, the tunnel endpoint of its chassis (give one with encapIps / --encap-ip ${name}=IP)`,
    );
  return internal;
}
