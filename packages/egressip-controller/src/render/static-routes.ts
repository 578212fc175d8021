// The catch-all route of an interconnect zone (spec 4.1): traffic of a *remote* pod arriving
// over the transit switch must reach the local gateway router to be SNATed to the egress IP.
import type { ResolvedClusterConfig } from './config.js';
import { joinIp } from './egress-items.js';
import { type IpFamily, parseCidr } from './ip.js';
import { CLUSTER_ROUTER, gatewayJoinPort, type NbFacts } from './nb-facts.js';
import type { DesiredStaticRoute, RenderNote } from './rows.js';
import type { ZoneLocality } from './zone.js';

/**
 * One `src-ip` route per cluster subnet towards the local GR's join IP. ovn-kubernetes supports
 * one node per interconnect zone; with several, the first local node (by name) is used.
 */
export function renderCatchAllRoutes(
  config: ResolvedClusterConfig,
  locality: ZoneLocality,
  facts: NbFacts,
  notes: RenderNote[],
): DesiredStaticRoute[] {
  const node = locality.localNodes.find((n) => facts.routerPortNetworks(gatewayJoinPort(n)) !== undefined);
  if (!node || !facts.routers.has(CLUSTER_ROUTER)) return [];
  const out: DesiredStaticRoute[] = [];
  for (const family of [4, 6] as const satisfies readonly IpFamily[]) {
    if (!(family === 4 ? config.ipv4 : config.ipv6)) continue;
    for (const cidr of config.clusterCidrs[family]) {
      const nexthop = joinIp(facts, node, family);
      if (!nexthop) {
        notes.push({
          kind: 'missing-nexthop',
          message: `no IPv${family} address on ${gatewayJoinPort(node)}: catch-all route for ${cidr.text} not written`,
        });
        continue;
      }
      const hostPrefix = config.hostPrefixes.get(cidr.text) ?? (family === 4 ? 32 : 128);
      out.push({
        router: CLUSTER_ROUTER,
        row: { ip_prefix: cidr.text, nexthop, policy: 'src-ip' },
        replaces: (r) => {
          if (r.policy !== 'src-ip' || !r.ip_prefix.includes('/')) return false;
          if (r.nexthop.includes(':') !== (family === 6)) return false;
          let c: ReturnType<typeof parseCidr>;
          try {
            c = parseCidr(r.ip_prefix);
          } catch {
            return false;
          }
          return (
            c.family === family &&
            c.network === cidr.network &&
            c.prefix >= cidr.prefix &&
            c.prefix < hostPrefix
          );
        },
      });
    }
  }
  return out;
}
