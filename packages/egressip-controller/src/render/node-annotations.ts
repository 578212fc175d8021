// The ovn-kubernetes node annotations the NB rows read (spec 2.2), parsed into typed values.
import type { V1Node } from '@kubernetes/client-node';
import { addressOf, type Cidr, type IpFamily, parseCidr } from './ip.js';

export const NODE_ANNOTATIONS = {
  primaryIfaddr: 'k8s.ovn.org/node-primary-ifaddr',
  hostCidrs: 'k8s.ovn.org/host-cidrs',
  nodeSubnets: 'k8s.ovn.org/node-subnets',
  nodeId: 'k8s.ovn.org/node-id',
} as const;

/**
 * A node annotation the rows are built from is missing or malformed; names the node, the annotation and what
 * is wrong.
 */
export class InvalidNodeAnnotationError extends Error {
  override readonly name = 'InvalidNodeAnnotationError';
  constructor(
    readonly node: string,
    readonly annotation: string,
    detail: string,
  ) {
    super(`node ${node}: annotation ${annotation}: ${detail}`);
  }
}

function raw(node: V1Node, key: string): string | undefined {
  return node.metadata?.annotations?.[key];
}

function json(node: V1Node, key: string): unknown {
  const text = raw(node, key);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidNodeAnnotationError(node.metadata?.name ?? '?', key, `not JSON: ${text}`);
  }
}

export interface InterfaceAddress {
  readonly ip: string;
  readonly cidr: Cidr;
}

/** `node-primary-ifaddr`: `{"ipv4":"192.168.126.51/24","ipv6":"fd00::51/64"}`, either key optional. */
export const primaryIfaddr = memoByNode(parsePrimaryIfaddr);
function parsePrimaryIfaddr(node: V1Node): Partial<Record<IpFamily, InterfaceAddress>> {
  const name = node.metadata?.name ?? '?';
  const v = json(node, NODE_ANNOTATIONS.primaryIfaddr);
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null)
    throw new InvalidNodeAnnotationError(name, NODE_ANNOTATIONS.primaryIfaddr, 'not an object');
  const out: Partial<Record<IpFamily, InterfaceAddress>> = {};
  for (const [key, fam] of [
    ['ipv4', 4],
    ['ipv6', 6],
  ] as const) {
    const text = (v as Record<string, unknown>)[key];
    if (text === undefined || text === '') continue;
    if (typeof text !== 'string')
      throw new InvalidNodeAnnotationError(name, NODE_ANNOTATIONS.primaryIfaddr, `${key} is not a string`);
    const parsed = parseOr(name, NODE_ANNOTATIONS.primaryIfaddr, () => ({
      ip: addressOf(text),
      cidr: parseCidr(text),
    }));
    if (parsed.cidr.family !== fam)
      throw new InvalidNodeAnnotationError(
        name,
        NODE_ANNOTATIONS.primaryIfaddr,
        `${key} ${text} has the wrong family`,
      );
    out[fam] = parsed;
  }
  return out;
}

/** `host-cidrs`: every host address of the node with its network. */
export const hostCidrs = memoByNode(parseHostCidrs);
function parseHostCidrs(node: V1Node): InterfaceAddress[] {
  const name = node.metadata?.name ?? '?';
  const v = json(node, NODE_ANNOTATIONS.hostCidrs);
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new InvalidNodeAnnotationError(name, NODE_ANNOTATIONS.hostCidrs, 'not a list of strings');
  }
  return (v as string[]).map((t) =>
    parseOr(name, NODE_ANNOTATIONS.hostCidrs, () => ({ ip: addressOf(t), cidr: parseCidr(t) })),
  );
}

/** `node-subnets`: `{"default":["10.129.2.0/23"]}` or `{"default":"10.129.2.0/23"}`. */
export function nodeSubnets(node: V1Node): Cidr[] {
  const name = node.metadata?.name ?? '?';
  const v = json(node, NODE_ANNOTATIONS.nodeSubnets);
  if (v === undefined) return [];
  const d = typeof v === 'object' && v !== null ? (v as Record<string, unknown>).default : undefined;
  const list = typeof d === 'string' ? [d] : d;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
    throw new InvalidNodeAnnotationError(name, NODE_ANNOTATIONS.nodeSubnets, 'no "default" subnet list');
  }
  return (list as string[]).map((t) => parseOr(name, NODE_ANNOTATIONS.nodeSubnets, () => parseCidr(t)));
}

/** `node-id`: `"4"` (ids start at 2). */
export function nodeId(node: V1Node): number | undefined {
  const text = raw(node, NODE_ANNOTATIONS.nodeId);
  if (text === undefined) return undefined;
  const id = Number(text);
  if (!/^\d+$/.test(text) || id < 2) {
    throw new InvalidNodeAnnotationError(
      node.metadata?.name ?? '?',
      NODE_ANNOTATIONS.nodeId,
      `${text} is not an integer >= 2`,
    );
  }
  return id;
}

function parseOr<T>(node: string, annotation: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new InvalidNodeAnnotationError(node, annotation, (err as Error).message);
  }
}

export const CLOUD_EGRESS_IPCONFIG = 'cloud.network.openshift.io/egress-ipconfig';

/** Cloud platforms: the subnet(s) of `egress-ipconfig[0].ifaddr` host EgressIPs on the primary network. */
export const cloudEgressSubnets = memoByNode(parseCloudEgressSubnets);
function parseCloudEgressSubnets(node: V1Node): Cidr[] {
  const name = node.metadata?.name ?? '?';
  const v = json(node, CLOUD_EGRESS_IPCONFIG);
  if (v === undefined) return [];
  const first = Array.isArray(v) ? (v[0] as { ifaddr?: Record<string, unknown> } | undefined) : undefined;
  if (!first) throw new InvalidNodeAnnotationError(name, CLOUD_EGRESS_IPCONFIG, 'not a non-empty list');
  const out: Cidr[] = [];
  for (const key of ['ipv4', 'ipv6']) {
    const text = first.ifaddr?.[key];
    if (typeof text === 'string' && text !== '')
      out.push(parseOr(name, CLOUD_EGRESS_IPCONFIG, () => parseCidr(text)));
  }
  return out;
}

/**
 * Node objects are immutable snapshots (a change brings a new object), so an annotation is parsed
 * once per object, not once per EgressIP and zone; a parse error is remembered and thrown again.
 */
function memoByNode<T>(parse: (node: V1Node) => T): (node: V1Node) => T {
  const cache = new WeakMap<V1Node, { value?: T; error?: unknown }>();
  return (node) => {
    let hit = cache.get(node);
    if (!hit) {
      try {
        hit = { value: parse(node) };
      } catch (error) {
        hit = { error };
      }
      cache.set(node, hit);
    }
    if ('error' in hit) throw hit.error;
    return hit.value as T;
  };
}
