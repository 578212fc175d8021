// Pod eligibility and pod IPs exactly as spec 2.3: scheduled, not host-network, not finished;
// IPs from k8s.ovn.org/pod-networks["default"].ip_addresses, else status.podIPs, else podIP.
import type { V1Pod } from '@kubernetes/client-node';
import { addressOf, ipFamily } from './ip.js';

export const POD_NETWORKS_ANNOTATION = 'k8s.ovn.org/pod-networks';

export function isPodEligible(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.spec?.nodeName && pod.spec.hostNetwork !== true && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Canonical bare IPs of the pod's default network; [] when it has none yet (retry later). */
export function podIps(pod: V1Pod): string[] {
  const fromAnnotation = annotationIps(pod);
  const texts =
    fromAnnotation ??
    (pod.status?.podIPs?.length
      ? pod.status.podIPs.map((p) => p.ip)
      : pod.status?.podIP
        ? [pod.status.podIP]
        : []);
  const out: string[] = [];
  for (const t of texts) {
    const bare = t.includes('/') ? t.slice(0, t.indexOf('/')) : t;
    if (ipFamily(bare) === undefined) continue;
    const ip = addressOf(bare);
    if (!out.includes(ip)) out.push(ip);
  }
  return out;
}

function annotationIps(pod: V1Pod): string[] | undefined {
  const text = pod.metadata?.annotations?.[POD_NETWORKS_ANNOTATION];
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as { default?: { ip_addresses?: unknown; ip_address?: unknown } };
    const list = v.default?.ip_addresses;
    if (Array.isArray(list) && list.every((x) => typeof x === 'string') && list.length > 0)
      return list as string[];
    if (typeof v.default?.ip_address === 'string') return [v.default.ip_address];
  } catch {
    // A malformed annotation is treated as "no IP from the annotation"; status is the fallback.
  }
  return undefined;
}
