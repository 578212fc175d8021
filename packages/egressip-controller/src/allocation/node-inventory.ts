// Turns the cluster's Node objects into the allocator's view of them: one entry per parsable
// node, the host addresses of every node (for the conflict check), and the parse errors.
import type { Node } from '../api/types.js';
import { formatIp, parseCidr } from './ip-address.js';
import {
  HOST_CIDRS_ANNOTATION,
  NodeAnnotationError,
  type NodeEgressInfo,
  parseNodeEgressInfo,
} from './node-egress-info.js';

/** The nodes as the assignment sees them: parsed egress info per node and every host address. */
export interface NodeInventory {
  readonly nodes: NodeEgressInfo[];
  readonly hostAddresses: Array<{ node: string; addresses: string[] | undefined }>;
  /** Nodes left out of the allocator because an annotation could not be parsed. */
  readonly errors: NodeAnnotationError[];
}

function hostAddressesOf(node: Node): string[] | undefined {
  const raw = node.metadata?.annotations?.[HOST_CIDRS_ANNOTATION];
  if (raw === undefined) return undefined;
  try {
    const list: unknown = JSON.parse(raw);
    if (!Array.isArray(list)) return undefined;
    const out: string[] = [];
    for (const entry of list) {
      const net = typeof entry === 'string' ? parseCidr(entry) : undefined;
      if (!net) return undefined;
      out.push(formatIp(net.address));
    }
    return out;
  } catch {
    return undefined;
  }
}

// Source caches replace a Node object on every change, so a parse can be remembered per object.
const parsed = new WeakMap<
  Node,
  { info: NodeEgressInfo | undefined; error?: NodeAnnotationError; hostAddresses: string[] | undefined }
>();

function parseOnce(node: Node) {
  let entry = parsed.get(node);
  if (!entry) {
    try {
      entry = { info: parseNodeEgressInfo(node), hostAddresses: hostAddressesOf(node) };
    } catch (err) {
      if (!(err instanceof NodeAnnotationError)) throw err;
      entry = { info: undefined, error: err, hostAddresses: hostAddressesOf(node) };
    }
    parsed.set(node, entry);
  }
  return entry;
}

/**
 * Parses the egress annotations of every node (hybrid-overlay and unparsable nodes are left out) into a
 * {@link NodeInventory}.
 */
export function buildNodeInventory(nodes: readonly Node[]): NodeInventory {
  const infos: NodeEgressInfo[] = [];
  const errors: NodeAnnotationError[] = [];
  const hostAddresses: Array<{ node: string; addresses: string[] | undefined }> = [];
  for (const node of nodes) {
    const entry = parseOnce(node);
    hostAddresses.push({ node: node.metadata?.name ?? '', addresses: entry.hostAddresses });
    if (entry.info) infos.push(entry.info);
    if (entry.error) errors.push(entry.error);
  }
  return { nodes: infos, hostAddresses, errors };
}
