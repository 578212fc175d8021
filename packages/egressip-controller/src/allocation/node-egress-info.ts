// What the assignment needs to know about one node, parsed from its labels, annotations and
// conditions (spec 2.2 / 3.1). A node whose annotations cannot be parsed has no entry and is
// never assignable, exactly like ovn-kubernetes' allocator cache.
import type { Node } from '../api/types.js';
import { addressAt, formatIp, type IpAddress, type IpNetwork, parseCidr } from './ip-address.js';

export const EGRESS_ASSIGNABLE_LABEL = 'k8s.ovn.org/egress-assignable';
export const NO_HOST_SUBNET_LABEL = 'k8s.ovn.org/no-host-subnet';
export const PRIMARY_IFADDR_ANNOTATION = 'k8s.ovn.org/node-primary-ifaddr';
export const HOST_CIDRS_ANNOTATION = 'k8s.ovn.org/host-cidrs';
export const NODE_SUBNETS_ANNOTATION = 'k8s.ovn.org/node-subnets';

/** A node's egress facts parsed from its labels, conditions and ovn-kubernetes annotations. */
export interface NodeEgressInfo {
  readonly name: string;
  /** Label `k8s.ovn.org/egress-assignable` present. */
  readonly egressAssignable: boolean;
  /** Condition NodeReady is True. */
  readonly ready: boolean;
  /** Primary (OVN-managed) networks from node-primary-ifaddr, at most one per family. */
  readonly primaryNetworks: readonly IpNetwork[];
  /** Every host CIDR, or `undefined` when the annotation is absent (the conflict check then fails). */
  readonly hostCidrs: readonly IpNetwork[] | undefined;
  /** Management IPs (node-subnets base + 2): the reachability probe targets. */
  readonly mgmtIPs: readonly string[];
}

/** Why a node could not be parsed. */
export class NodeAnnotationError extends Error {
  override readonly name = 'NodeAnnotationError';
  constructor(
    readonly node: string,
    readonly annotation: string,
    detail: string,
  ) {
    super(`node ${node}: annotation ${annotation}: ${detail}`);
  }
}

function parseJson(node: string, annotation: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new NodeAnnotationError(node, annotation, `not valid JSON: ${JSON.stringify(raw)}`);
  }
}

function parsePrimary(node: string, raw: string | undefined): IpNetwork[] {
  if (raw === undefined) throw new NodeAnnotationError(node, PRIMARY_IFADDR_ANNOTATION, 'missing');
  const value = parseJson(node, PRIMARY_IFADDR_ANNOTATION, raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NodeAnnotationError(
      node,
      PRIMARY_IFADDR_ANNOTATION,
      'expected an object {"ipv4": ..., "ipv6": ...}',
    );
  }
  const out: IpNetwork[] = [];
  for (const key of ['ipv4', 'ipv6'] as const) {
    const cidr = (value as Record<string, unknown>)[key];
    if (cidr === undefined || cidr === '') continue;
    const parsed = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
    if (!parsed || parsed.family !== (key === 'ipv4' ? 4 : 6)) {
      throw new NodeAnnotationError(
        node,
        PRIMARY_IFADDR_ANNOTATION,
        `${key} is not an IPv${key.slice(3)} CIDR: ${JSON.stringify(cidr)}`,
      );
    }
    out.push(parsed);
  }
  if (out.length === 0)
    throw new NodeAnnotationError(node, PRIMARY_IFADDR_ANNOTATION, 'neither ipv4 nor ipv6 is set');
  return out;
}

function parseHostCidrs(node: string, raw: string | undefined): IpNetwork[] | undefined {
  if (raw === undefined) return undefined;
  const value = parseJson(node, HOST_CIDRS_ANNOTATION, raw);
  if (!Array.isArray(value))
    throw new NodeAnnotationError(node, HOST_CIDRS_ANNOTATION, 'expected a JSON array of CIDRs');
  return value.map((entry) => {
    const parsed = typeof entry === 'string' ? parseCidr(entry) : undefined;
    if (!parsed)
      throw new NodeAnnotationError(node, HOST_CIDRS_ANNOTATION, `not a CIDR: ${JSON.stringify(entry)}`);
    return parsed;
  });
}

function parseMgmtIPs(node: string, raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const value = parseJson(node, NODE_SUBNETS_ANNOTATION, raw);
  const entry =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>).default : undefined;
  const subnets = typeof entry === 'string' ? [entry] : Array.isArray(entry) ? entry : undefined;
  if (!subnets)
    throw new NodeAnnotationError(node, NODE_SUBNETS_ANNOTATION, 'expected {"default": <cidr or [cidrs]>}');
  return subnets.map((s) => {
    const net = typeof s === 'string' ? parseCidr(s) : undefined;
    if (!net)
      throw new NodeAnnotationError(node, NODE_SUBNETS_ANNOTATION, `not a CIDR: ${JSON.stringify(s)}`);
    return formatIp(addressAt(net, 2));
  });
}

export function isNodeReady(node: Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True';
}

/**
 * Parse one node. Returns `undefined` for hybrid-overlay nodes (ignored entirely);
 * throws NodeAnnotationError when an annotation is malformed.
 */
export function parseNodeEgressInfo(node: Node): NodeEgressInfo | undefined {
  const name = node.metadata?.name ?? '';
  const labels = node.metadata?.labels ?? {};
  if (NO_HOST_SUBNET_LABEL in labels) return undefined;
  const annotations = node.metadata?.annotations ?? {};
  return {
    name,
    egressAssignable: EGRESS_ASSIGNABLE_LABEL in labels,
    ready: isNodeReady(node),
    primaryNetworks: parsePrimary(name, annotations[PRIMARY_IFADDR_ANNOTATION]),
    hostCidrs: parseHostCidrs(name, annotations[HOST_CIDRS_ANNOTATION]),
    mgmtIPs: parseMgmtIPs(name, annotations[NODE_SUBNETS_ANNOTATION]),
  };
}

/** IPs (mask dropped) of the node's host CIDRs, as canonical strings. */
export function hostAddresses(info: NodeEgressInfo): string[] {
  return (info.hostCidrs ?? []).map((n) => formatIp(n.address));
}

export type { IpAddress };
