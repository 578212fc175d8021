// Resolves an EgressIP's status items into what the per-pod rows need: the canonical IP, its
// family, whether the node's primary (OVN) network hosts it, and the reroute nexthop (spec 4.3).
import type { V1Node } from '@kubernetes/client-node';
import type { EgressIP } from '../api/types.js';
import { addressOf, canonicalIp, cidrContains, type IpFamily, ipFamily, parseCidr } from './ip.js';
import { gatewayJoinPort, managementPort, type NbFacts } from './nb-facts.js';
import { cloudEgressSubnets, hostCidrs, primaryIfaddr } from './node-annotations.js';
import type { RenderNote } from './rows.js';
import { transitIp, type ZoneLocality } from './zone.js';

export interface UsableItem {
  readonly egressIP: string;
  readonly family: IpFamily;
  readonly node: string;
  /** true: the node's primary network hosts the IP (NAT on GR); false: a secondary host network (no NAT). */
  readonly primary: boolean;
  /** The egress node is local to the zone written (always, in the single zone). */
  readonly local: boolean;
  readonly nexthop: string;
}

/** A status item's zone-independent part, or the note saying why it cannot be used. */
type ItemFacts =
  | {
      readonly egressIP: string;
      readonly family: IpFamily;
      readonly node: string;
      readonly nodeObject: V1Node;
      readonly primary: boolean;
    }
  | { readonly kind: RenderNote['kind']; readonly message: string };

// What a status item's IP is and which network of its node hosts it depends on the EgressIP and
// node objects only (immutable snapshots): one process driving many zones resolves every
// EgressIP once per zone, and parsing the IPs and node annotations each time was most of it.
const itemFactsCache = new WeakMap<
  EgressIP,
  { readonly nodes: ReadonlyMap<string, V1Node>; readonly items: readonly ItemFacts[] }
>();

function itemFactsOf(eip: EgressIP, nodes: ReadonlyMap<string, V1Node>): readonly ItemFacts[] {
  const hit = itemFactsCache.get(eip);
  if (hit && hit.nodes === nodes) return hit.items;
  const name = eip.metadata.name ?? '';
  const items: ItemFacts[] = [];
  for (const item of eip.status?.items ?? []) {
    const family = ipFamily(item.egressIP);
    if (!family) {
      items.push({
        kind: 'invalid-status-ip',
        message: `EgressIP ${name}: status item ${JSON.stringify(item)} has an invalid IP`,
      });
      continue;
    }
    const ip = canonicalIp(item.egressIP);
    const node = nodes.get(item.node);
    if (!node) {
      items.push({
        kind: 'unknown-node',
        message: `EgressIP ${name}: status item ${ip} names unknown node ${item.node}`,
      });
      continue;
    }
    let primary = true;
    try {
      const own = primaryIfaddr(node)[family];
      const onPrimary =
        (own && cidrContains(own.cidr, ip)) || cloudEgressSubnets(node).some((c) => cidrContains(c, ip));
      if (!onPrimary) {
        const secondary = hostCidrs(node).some(
          (h) => h.cidr.text !== own?.cidr.text && cidrContains(h.cidr, ip),
        );
        primary = !secondary;
      }
    } catch (err) {
      items.push({ kind: 'invalid-node-annotation', message: (err as Error).message });
      continue;
    }
    items.push({ egressIP: ip, family, node: item.node, nodeObject: node, primary });
  }
  itemFactsCache.set(eip, { nodes, items });
  return items;
}

/**
 * The usable status items of `eip` in the NB of `locality`'s zone, with their nexthops; a note in
 * `notes` for each item that cannot be used. `nodes`: the cluster's nodes by name (one map per
 * nodes array, so that the zone-independent part is resolved once).
 */
export function resolveStatusItems(
  eip: EgressIP,
  nodes: ReadonlyMap<string, V1Node>,
  facts: NbFacts,
  notes: RenderNote[],
  locality?: ZoneLocality,
): UsableItem[] {
  const name = eip.metadata.name ?? '';
  const out: UsableItem[] = [];
  for (const item of itemFactsOf(eip, nodes)) {
    const note = (kind: RenderNote['kind'], message: string) => notes.push({ kind, message, egressIP: name });
    if ('kind' in item) {
      note(item.kind, item.message);
      continue;
    }
    const { egressIP: ip, family, primary } = item;
    // Spec 4.3: a local egress node is reached on its GR join port (or management port for a
    // secondary host network); a remote one, in an interconnect zone, on its transit-switch port.
    const local = locality?.isLocal(item.node) ?? true;
    let nexthop: string | undefined;
    let where: string;
    if (local) {
      nexthop = primary ? joinIp(facts, item.node, family) : managementIp(facts, item.node, family);
      where = primary ? gatewayJoinPort(item.node) : managementPort(item.node);
    } else {
      where = `the transit-switch port annotation of node ${item.node}`;
      try {
        nexthop = locality?.interconnect ? transitIp(item.nodeObject, family) : undefined;
      } catch (err) {
        note('invalid-node-annotation', (err as Error).message);
        continue;
      }
    }
    if (!nexthop) {
      note(
        'missing-nexthop',
        `EgressIP ${name}: no IPv${family} address on ${where} for egress IP ${ip} (topology not ready?)`,
      );
      continue;
    }
    out.push({ egressIP: ip, family, node: item.node, primary, local, nexthop });
  }
  return out;
}

/** First address of `family` in rtoj-GR_<node>.networks. */
export function joinIp(facts: NbFacts, node: string, family: IpFamily): string | undefined {
  for (const n of facts.routerPortNetworks(gatewayJoinPort(node)) ?? []) {
    try {
      if (parseCidr(n).family === family) return addressOf(n);
    } catch {
      // A malformed network on a port we do not own is skipped, not fatal.
    }
  }
  return undefined;
}

/** First address of `family` in the first `addresses` entry of LSP k8s-<node>. */
export function managementIp(facts: NbFacts, node: string, family: IpFamily): string | undefined {
  const first = facts.switchPortAddresses(managementPort(node))?.[0];
  for (const token of first?.split(' ').slice(1) ?? []) {
    const bare = token.includes('/') ? token.slice(0, token.indexOf('/')) : token;
    if (ipFamily(bare) === family) return canonicalIp(bare);
  }
  return undefined;
}
