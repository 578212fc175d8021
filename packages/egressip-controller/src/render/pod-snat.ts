// Per-pod node-IP SNAT (spec 4.5, `--disable-snat-multiple-gws`): with no cluster-wide SNAT on the
// gateway router, every local pod has its own `snat` on GR_<pod's node> towards the node IP(s) of
// `k8s.ovn.org/l3-gateway-config`. ovn-kubernetes' gateway code writes them with no external_ids
// and no logical_port; EgressIP removes a pod's row while an egress IP on the pod's own node
// serves it and puts it back afterwards.
import type { V1Node } from '@kubernetes/client-node';
import type { RowProfile } from './config.js';
import { addressOf, canonicalIp, ipFamily, parseIfaddr } from './ip.js';
import { InvalidNodeAnnotationError } from './node-annotations.js';
import type { NatColumns } from './rows.js';

/** The node annotation holding the gateway's interface, addresses and next hops. */
export const L3_GATEWAY_CONFIG_ANNOTATION = 'k8s.ovn.org/l3-gateway-config';

/**
 * The node's external (gateway) IPs, bare: `default["ip-addresses"]`, else `default["ip-address"]`.
 * `[]` when the annotation is absent or the gateway mode is `disabled`.
 */
export function gatewayExternalIps(node: V1Node): string[] {
  const name = node.metadata?.name ?? '?';
  const text = node.metadata?.annotations?.[L3_GATEWAY_CONFIG_ANNOTATION];
  if (text === undefined) return [];
  const bad = (detail: string) => new InvalidNodeAnnotationError(name, L3_GATEWAY_CONFIG_ANNOTATION, detail);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad(`not JSON: ${text}`);
  }
  const cfg = (parsed as { default?: unknown } | null)?.default as
    | { mode?: unknown; 'ip-addresses'?: unknown; 'ip-address'?: unknown }
    | undefined;
  if (typeof cfg !== 'object' || cfg === null) throw bad('no "default" gateway config');
  if (cfg.mode === 'disabled') return [];
  const list = Array.isArray(cfg['ip-addresses'])
    ? cfg['ip-addresses']
    : typeof cfg['ip-address'] === 'string'
      ? [cfg['ip-address']]
      : [];
  return list.map((t) => {
    if (typeof t !== 'string') throw bad(`ip-addresses holds a non-string ${JSON.stringify(t)}`);
    try {
      return parseIfaddr(t).ip;
    } catch (err) {
      throw bad((err as Error).message);
    }
  });
}

/** Options of {@link podSnatRows}. */
export interface PodSnatOptions {
  /** Row format profile: B writes the ephemeral range into external_port_range (spec 1.4). */
  readonly profile?: RowProfile;
  /** Profile B's external_port_range; default `32768-60999`. */
  readonly ephemeralPortRange?: string;
}

/**
 * The node-IP SNAT rows of one pod on its node's gateway router, one per (pod IP, node IP) pair of
 * the same family, in pod-IP then node-IP order (as ovn-kubernetes builds them). Pod IPs may be
 * bare or carry a prefix; rows hold the bare address.
 */
export function podSnatRows(
  nodeExternalIps: readonly string[],
  podIps: readonly string[],
  options: PodSnatOptions = {},
): NatColumns[] {
  const range = options.profile === 'B' ? (options.ephemeralPortRange ?? '32768-60999') : '';
  const rows: NatColumns[] = [];
  for (const podText of podIps) {
    const pod = addressOf(podText, 'pod IP');
    for (const extText of nodeExternalIps) {
      const ext = canonicalIp(extText, 'node external IP');
      if (ipFamily(ext) !== ipFamily(pod)) continue;
      rows.push({
        type: 'snat',
        external_ip: ext,
        external_port_range: range,
        logical_ip: pod,
        options: { stateless: 'false' },
        external_ids: {},
      });
    }
  }
  return rows;
}

/** Identity of a per-pod SNAT on its router: (external IP, logical IP); it has no external_ids. */
export function podSnatKey(row: Pick<NatColumns, 'external_ip' | 'logical_ip'>): string {
  return `${row.external_ip}\u0000${row.logical_ip}`;
}
