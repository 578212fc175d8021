// What an interconnect zone needs to know about a node, from the annotations ovn-kubernetes'
// cluster manager and node agent write: its zone, its transit-switch port addresses, its chassis
// name and its tunnel endpoint. Pure.
import type { V1Node } from '@kubernetes/client-node';
import { type IpFamily, offsetAddress, parseCidr, parseIfaddr } from '../render/ip.js';
import { InvalidNodeAnnotationError } from '../render/node-annotations.js';
import { TopologyInputError } from './topology-error.js';

export const ZONE_NAME_ANNOTATION = 'k8s.ovn.org/zone-name';
export const TRANSIT_PORT_ANNOTATION = 'k8s.ovn.org/node-transit-switch-port-ifaddr';
export const CHASSIS_ID_ANNOTATION = 'k8s.ovn.org/node-chassis-id';
/** ovn-kubernetes' zone when a node carries no zone-name annotation. */
export const DEFAULT_ZONE = 'global';
/** ovn-kubernetes' default transit switch subnets; a node's port is subnet base + node id. */
export const TRANSIT_SUBNETS = { 4: parseCidr('100.88.0.0/16'), 6: parseCidr('fd97::/64') } as const;

const nameOf = (node: V1Node) => node.metadata?.name ?? '?';

/** The node's zone: its `k8s.ovn.org/zone-name`, else "global" (upstream's rule). */
export function zoneOf(node: V1Node): string {
  return node.metadata?.annotations?.[ZONE_NAME_ANNOTATION] || DEFAULT_ZONE;
}

/**
 * The node's transit-switch port addresses (`100.88.0.4/16`, ...) per family, from its annotation,
 * or derived from the node id as the cluster manager allocates them when the annotation is absent.
 */
export function transitPortAddrs(
  node: V1Node,
  id: number,
  families: readonly IpFamily[],
): Partial<Record<IpFamily, string>> {
  const text = node.metadata?.annotations?.[TRANSIT_PORT_ANNOTATION];
  const out: Partial<Record<IpFamily, string>> = {};
  if (text !== undefined) {
    const bad = (detail: string) =>
      new InvalidNodeAnnotationError(nameOf(node), TRANSIT_PORT_ANNOTATION, detail);
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw bad(`not JSON: ${text}`);
    }
    if (typeof v !== 'object' || v === null) throw bad('not an object');
    for (const [key, fam] of [
      ['ipv4', 4],
      ['ipv6', 6],
    ] as const) {
      const t = (v as Record<string, unknown>)[key];
      if (t === undefined || t === '') continue;
      if (typeof t !== 'string') throw bad(`${key} is not a string`);
      let parsed: ReturnType<typeof parseIfaddr>;
      try {
        parsed = parseIfaddr(t);
      } catch (err) {
        throw bad((err as Error).message);
      }
      if (parsed.cidr.family !== fam) throw bad(`${key} ${t} has the wrong family`);
      out[fam] = `${parsed.ip}/${parsed.cidr.prefix}`;
    }
  }
  for (const f of families) {
    const subnet = TRANSIT_SUBNETS[f];
    out[f] ??= `${offsetAddress(subnet, id)}/${subnet.prefix}`;
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
