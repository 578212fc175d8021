// Interconnect zones (spec 1.2-1.4 Profile B, 2.2): each zone's NB holds the rows of its local
// nodes only. A node's zone is its `k8s.ovn.org/zone-name`; without it, ovn-kubernetes 6c366bb4
// puts the node in the "global" zone (Profile A) and the newest code, where every node is its own
// zone, uses the node's name (Profile B).
import type { V1Node } from '@kubernetes/client-node';
import type { RowProfile } from './config.js';
import { addressOf, type IpFamily, ipFamily, parseCidr } from './ip.js';
import { InvalidNodeAnnotationError } from './node-annotations.js';

/** The node annotation naming its interconnect zone. */
export const ZONE_NAME_ANNOTATION = 'k8s.ovn.org/zone-name';
/** The node annotation holding its transit switch port addresses. */
export const TRANSIT_IFADDR_ANNOTATION = 'k8s.ovn.org/node-transit-switch-port-ifaddr';
/** The single zone of a deployment with one NB for all nodes. */
export const GLOBAL_ZONE = 'global';

/** The zone a node belongs to. */
export function nodeZone(node: V1Node, profile: RowProfile = 'A'): string {
  const name = node.metadata?.name ?? '';
  const zone = node.metadata?.annotations?.[ZONE_NAME_ANNOTATION];
  if (zone) return zone;
  return profile === 'B' ? name : GLOBAL_ZONE;
}

/**
 * Which nodes are local to the NB being written. `zone` undefined is the classic single-zone
 * deployment: every node is local and there is no transit switch.
 */
export interface ZoneLocality {
  /** The zone written, or undefined for the single zone (every node local). */
  readonly zone: string | undefined;
  /** true in an interconnect zone: remote egress nodes are reached over the transit switch. */
  readonly interconnect: boolean;
  /** A known node of this zone. Unknown nodes are neither local nor remote. */
  isLocal(node: string): boolean;
  /** A known node of another zone. */
  isRemote(node: string): boolean;
  /** Local nodes, sorted by name. */
  readonly localNodes: readonly string[];
}

/** Which known nodes are local to `zone` and which are remote (no zone: every node is local). */
export function zoneLocality(
  zone: string | undefined,
  nodes: readonly V1Node[],
  profile: RowProfile = 'A',
): ZoneLocality {
  const local = new Set<string>();
  const remote = new Set<string>();
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    if (zone === undefined || nodeZone(n, profile) === zone) local.add(name);
    else remote.add(name);
  }
  return {
    zone,
    interconnect: zone !== undefined && zone !== GLOBAL_ZONE,
    isLocal: (n) => local.has(n),
    isRemote: (n) => remote.has(n),
    localNodes: [...local].sort(),
  };
}

/**
 * The `family` entry of `node-transit-switch-port-ifaddr` (`{"ipv4":"100.88.0.4/16",...}`) as
 * `address/prefix` (the transit-switch router port's network); an entry without a prefix gets the
 * transit subnet's (/16, /64).
 */
export function transitIfaddr(node: V1Node, family: IpFamily): string | undefined {
  const text = node.metadata?.annotations?.[TRANSIT_IFADDR_ANNOTATION];
  if (text === undefined) return undefined;
  const bad = (detail: string) =>
    new InvalidNodeAnnotationError(node.metadata?.name ?? '?', TRANSIT_IFADDR_ANNOTATION, detail);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad(`not JSON: ${text}`);
  }
  if (typeof v !== 'object' || v === null) throw bad('not an object');
  const raw = (v as Record<string, unknown>)[family === 4 ? 'ipv4' : 'ipv6'];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw bad(`ipv${family} is not a string`);
  let ip: string;
  let prefix: number;
  try {
    ip = addressOf(raw);
    prefix = raw.includes('/') ? parseCidr(raw).prefix : family === 4 ? 16 : 64;
  } catch (err) {
    throw bad((err as Error).message);
  }
  if (ipFamily(ip) !== family) throw bad(`ipv${family} ${raw} has the wrong family`);
  return `${ip}/${prefix}`;
}

// Node objects are immutable snapshots; a multi-zone reconcile resolves every remote egress node's
// nexthop once per zone, so the parsed address is kept per node object and family.
const transitIps = new WeakMap<V1Node, Map<IpFamily, string | undefined>>();

/** First address of `family` in `node-transit-switch-port-ifaddr` (the nexthop towards the node). */
export function transitIp(node: V1Node, family: IpFamily): string | undefined {
  let byFamily = transitIps.get(node);
  if (byFamily?.has(family)) return byFamily.get(family);
  const ifaddr = transitIfaddr(node, family);
  const ip = ifaddr === undefined ? undefined : addressOf(ifaddr);
  if (!byFamily) {
    byFamily = new Map();
    transitIps.set(node, byFamily);
  }
  byFamily.set(family, ip);
  return ip;
}
