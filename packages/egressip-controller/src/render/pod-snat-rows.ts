// Desired per-pod node-IP SNATs of a zone (spec 4.5, `--disable-snat-multiple-gws`): every local,
// eligible pod keeps its node-IP SNAT on its node's gateway router for each family, except the
// families an egress IP on the pod's own node serves. Pods that are gone or completed have none,
// as ovn-kubernetes' pod delete path and its stale-SNAT cleanup leave them.
import type { V1Node } from '@kubernetes/client-node';
import type { Pod } from '../api/types.js';
import type { ResolvedClusterConfig } from './config.js';
import { cidrContains, ipFamily } from './ip.js';
import { gatewayRouter, type NbFacts } from './nb-facts.js';
import { isPodEligible, podIps } from './pod-ips.js';
import { gatewayExternalIps, podSnatKey, podSnatRows } from './pod-snat.js';
import { type DesiredNat, type DesiredPodSnats, FEATURE_GROUP, type RenderNote } from './rows.js';
import type { ZoneLocality } from './zone.js';

export interface PodSnatRenderInput {
  readonly config: ResolvedClusterConfig;
  /** The pods rendered (all, or those in scope of one EgressIP). */
  readonly pods: readonly Pod[];
  readonly nodesByName: ReadonlyMap<string, V1Node>;
  readonly locality: ZoneLocality;
  readonly facts: NbFacts;
  /** Pod key -> families served by an egress IP on the pod's own node. */
  readonly ownNodeServed: ReadonlyMap<string, ReadonlySet<4 | 6>>;
  /** Pod key -> the EgressIP serving it now. */
  readonly activeOf: ReadonlyMap<string, string>;
  /** Pod key -> the EgressIP whose rows serve it in the NB (before this reconcile). */
  readonly hints?: ReadonlyMap<string, string>;
  /** Scoped reconcile: the IPs the pods in scope had in the NB (undefined: unscoped). */
  readonly formerIps?: ReadonlySet<string>;
  readonly notes: RenderNote[];
}

export const podSnatRowKey = (router: string, row: { external_ip: string; logical_ip: string }): string =>
  `${router}\u0000${podSnatKey(row)}`;

export function renderPodSnats(input: PodSnatRenderInput): DesiredPodSnats {
  const { config, locality, facts } = input;
  const rows: DesiredNat[] = [];
  const groupOfIp = new Map<string, string>();
  const scopeIps = input.formerIps ? new Set(input.formerIps) : undefined;
  const routers = new Set(locality.localNodes.map(gatewayRouter).filter((r) => facts.routers.has(r)));
  for (const pod of input.pods) {
    const key = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
    const ips = podIps(pod);
    for (const ip of ips) scopeIps?.add(ip);
    const group = input.activeOf.get(key) ?? input.hints?.get(key) ?? FEATURE_GROUP;
    for (const ip of ips) if (group !== FEATURE_GROUP) groupOfIp.set(ip, group);
    const nodeName = pod.spec?.nodeName ?? '';
    if (!isPodEligible(pod) || !locality.isLocal(nodeName)) continue;
    const router = gatewayRouter(nodeName);
    if (!routers.has(router)) continue;
    const node = input.nodesByName.get(nodeName);
    let external: string[];
    try {
      external = node ? gatewayExternalIps(node) : [];
    } catch (err) {
      input.notes.push({ kind: 'invalid-node-annotation', message: (err as Error).message });
      continue;
    }
    const served = input.ownNodeServed.get(key);
    const kept = ips.filter((ip) => {
      const f = ipFamily(ip);
      return (f === 4 ? config.ipv4 : config.ipv6) && !served?.has(f as 4 | 6);
    });
    for (const row of podSnatRows(external, kept, config)) {
      rows.push({ key: podSnatRowKey(router, row), group, router, row });
    }
  }
  const cidrs = [...config.clusterCidrs[4], ...config.clusterCidrs[6]];
  return {
    rows,
    routers,
    isPodIp: (ip) => !ip.includes('/') && cidrs.some((c) => cidrContains(c, ip)),
    ...(scopeIps ? { scopeIps } : {}),
    groupOfIp,
  };
}
