// Per-pod node-IP SNAT on the gateway router of the pod's node (--disable-snat-multiple-gws,
// spec 4.5), built by render/pod-snat.ts exactly as the controller restores it: only eligible
// pods scheduled on the node get rows, towards the node's l3-gateway-config IPs.
import type { V1Pod } from '@kubernetes/client-node';
import type { ResolvedClusterConfig } from '../render/config.js';
import { isPodEligible, podIps } from '../render/pod-ips.js';
import { gatewayExternalIps, podSnatRows } from '../render/pod-snat.js';
import type { NodeAddrs, TopoNat } from './topology-rows.js';

export function perPodSnats(
  node: NodeAddrs,
  pods: readonly V1Pod[],
  config: ResolvedClusterConfig,
): TopoNat[] {
  const external = gatewayExternalIps(node.node);
  const profile = { profile: config.profile, ephemeralPortRange: config.ephemeralPortRange };
  return pods
    .filter((p) => isPodEligible(p) && p.spec?.nodeName === node.name)
    .flatMap((p) => podSnatRows(external, podIps(p), profile))
    .map((r) => ({
      type: 'snat' as const,
      external_ip: r.external_ip,
      logical_ip: r.logical_ip,
      external_port_range: r.external_port_range,
      options: r.options,
    }));
}
