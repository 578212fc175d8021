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

export function resolveStatusItems(
  eip: EgressIP,
  nodeOf: (name: string) => V1Node | undefined,
  facts: NbFacts,
  notes: RenderNote[],
  locality?: ZoneLocality,
): UsableItem[] {
  const name = eip.metadata.name ?? '';
  const out: UsableItem[] = [];
  for (const item of eip.status?.items ?? []) {
    const note = (kind: RenderNote['kind'], message: string) => notes.push({ kind, message, egressIP: name });
    const family = ipFamily(item.egressIP);
    if (!family) {
      note('invalid-status-ip', `EgressIP ${name}: status item ${JSON.stringify(item)} has an invalid IP`);
      continue;
    }
    const ip = canonicalIp(item.egressIP);
    const node = nodeOf(item.node);
    if (!node) {
      note('unknown-node', `EgressIP ${name}: status item ${ip} names unknown node ${item.node}`);
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
      note('invalid-node-annotation', (err as Error).message);
      continue;
    }
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
        nexthop = locality?.interconnect ? transitIp(node, family) : undefined;
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
