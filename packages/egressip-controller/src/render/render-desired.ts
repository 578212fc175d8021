// renderDesiredState: cluster state + NB facts -> every row the EgressIP controller owns (spec 4).
// Pure and deterministic: same inputs, same rows, in the same order.
import type { EgressIP, Namespace, Node, Pod } from '../api/types.js';
import type { ResolvedClusterConfig } from './config.js';
import { resolveStatusItems, type UsableItem } from './egress-items.js';
import { renderFeatureRows } from './feature-rows.js';
import { getOrCreate } from './get-or-create.js';
import { natIds, podRowName, policyIds } from './ids.js';
import { compareIps, ipFamily } from './ip.js';
import { compileSelector, type LabelMatcher } from './label-selector.js';
import { CLUSTER_ROUTER, gatewayRouter, managementPort, type NbFacts } from './nb-facts.js';
import { hostCidrs } from './node-annotations.js';
import { isPodEligible, podIps } from './pod-ips.js';
import {
  type DesiredNat,
  type DesiredPolicy,
  type DesiredState,
  type NatColumns,
  natKey,
  type PolicyColumns,
  policyKey,
  type RenderNote,
} from './rows.js';

export const REROUTE_PRIORITY = 100;
/** Profile B marks reroutes of secondary-host-network EgressIPs so the host can route them. */
export const SECONDARY_HOST_PKT_MARK = '1009';

export interface RenderInput {
  readonly config: ResolvedClusterConfig;
  readonly egressIPs: readonly EgressIP[];
  readonly nodes: readonly Node[];
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
  readonly facts: NbFacts;
  /**
   * Pod key (`<ns>/<pod>`) -> EgressIP whose rows serve it in the NB now. A pod selected by two
   * EgressIPs keeps the one already programmed (as ovn-kubernetes' restart sync does); otherwise
   * the first name in sort order wins, so the choice is deterministic.
   */
  readonly activeHints?: ReadonlyMap<string, string>;
}

interface CompiledEip {
  readonly eip: EgressIP;
  readonly name: string;
  readonly ns: LabelMatcher;
  readonly pod: LabelMatcher;
  readonly items: readonly UsableItem[];
  readonly hasStatus: boolean;
}

export function renderDesiredState(input: RenderInput): DesiredState {
  const { config, facts } = input;
  const notes: RenderNote[] = [];
  const nodesByName = new Map(input.nodes.map((n) => [n.metadata?.name ?? '', n]));
  const nodeIps = collectNodeIps(input.nodes, notes);

  const eips: CompiledEip[] = [];
  for (const eip of [...input.egressIPs].sort((a, b) => cmp(a.metadata.name, b.metadata.name))) {
    const name = eip.metadata.name ?? '';
    try {
      const ns = compileSelector(eip.spec.namespaceSelector, `EgressIP ${name} namespaceSelector`);
      const pod = compileSelector(eip.spec.podSelector, `EgressIP ${name} podSelector`);
      const items = resolveStatusItems(eip, (n) => nodesByName.get(n), facts, notes);
      eips.push({ eip, name, ns, pod, items, hasStatus: (eip.status?.items?.length ?? 0) > 0 });
    } catch (err) {
      notes.push({ kind: 'invalid-selector', message: (err as Error).message, egressIP: name });
    }
  }

  const nsLabels = new Map(input.namespaces.map((n) => [n.metadata?.name ?? '', n.metadata?.labels]));
  const policies: DesiredPolicy[] = [];
  const nats: DesiredNat[] = [];
  const servedIps = new Map<string, string>();
  // Namespace selectors are evaluated once per namespace, not once per pod.
  const withStatus = eips.filter((e) => e.hasStatus);
  const byNamespace = new Map<string, CompiledEip[]>();
  const pods = [...input.pods].sort((a, b) => cmp(podKeyOf(a), podKeyOf(b)));
  for (const pod of pods) {
    if (!isPodEligible(pod)) continue;
    const namespace = pod.metadata?.namespace ?? '';
    const labels = nsLabels.get(namespace);
    // A namespace without labels cannot be selected (spec 2.4); an unknown namespace neither.
    if (!labels || Object.keys(labels).length === 0) continue;
    const nsEips = getOrCreate(byNamespace, namespace, () => withStatus.filter((e) => e.ns(labels)));
    const podLabels = pod.metadata?.labels ?? {};
    const candidates = nsEips.filter((e) => e.pod(podLabels));
    if (candidates.length === 0) continue;
    const key = podKeyOf(pod);
    const hinted = input.activeHints?.get(key);
    const active = candidates.find((c) => c.name === hinted) ?? candidates[0]!;
    for (const other of candidates) {
      if (other !== active) {
        notes.push({
          kind: 'standby',
          egressIP: other.name,
          message: `EgressIP ${other.name} will not be configured for pod ${key} since EgressIP ${active.name} is serving it (undefined request)`,
        });
      }
    }
    if (active.items.length === 0) continue;
    const ips = podIps(pod);
    if (ips.length === 0) {
      notes.push({
        kind: 'pod-without-ip',
        egressIP: active.name,
        message: `pod ${key} has no IP yet; retried when it gets one`,
      });
      continue;
    }
    const rowName = podRowName(active.name, namespace, pod.metadata?.name ?? '');
    renderPodRows(input, active, rowName, ips, policies, nats, notes);
    for (const ip of ips) servedIps.set(ip, active.name);
  }

  const feature = renderFeatureRows({
    config,
    nodeIps,
    servedIps: [...servedIps.keys()],
    nodeSwitches: input.nodes.map((n) => n.metadata?.name ?? '').filter((n) => facts.switches.has(n)),
    qosMarkSupported: facts.qosMarkSupported,
  });
  if (!facts.qosMarkSupported && (config.ipv4 || config.ipv6)) {
    notes.push({
      kind: 'qos-mark-unsupported',
      message:
        'QoS priority 103 reply-traffic mark rows skipped: the NB schema has no QoS.action key "mark" (OVN < 23.06)',
    });
  }
  return {
    policies: [...feature.policies, ...policies],
    nats,
    addressSets: feature.addressSets,
    qos: feature.qos,
    servedIps,
    notes,
  };
}

function renderPodRows(
  input: RenderInput,
  eip: CompiledEip,
  rowName: string,
  ips: readonly string[],
  policies: DesiredPolicy[],
  nats: DesiredNat[],
  notes: RenderNote[],
): void {
  const { config, facts } = input;
  for (const family of [4, 6] as const) {
    const items = eip.items.filter((i) => i.family === family);
    const famIps = ips.filter((ip) => ipFamily(ip) === family);
    if (items.length === 0 || famIps.length === 0) continue;
    const tag = family === 4 ? 'ip4' : 'ip6';
    const nexthops = [...new Set(items.map((i) => i.nexthop))].sort(compareIps);
    const secondaryOnly = config.profile === 'B' && items.every((i) => !i.primary);
    for (const ip of famIps) {
      if (facts.routers.has(CLUSTER_ROUTER)) {
        const row: PolicyColumns = {
          priority: REROUTE_PRIORITY,
          match: `${tag}.src == ${ip}`,
          action: 'reroute',
          nexthops,
          options: secondaryOnly ? { pkt_mark: SECONDARY_HOST_PKT_MARK } : {},
          external_ids: policyIds(REROUTE_PRIORITY, rowName, tag),
        };
        policies.push({ key: policyKey(row), group: eip.name, router: CLUSTER_ROUTER, row });
      } else {
        notes.push({
          kind: 'missing-router',
          egressIP: eip.name,
          message: `no ${CLUSTER_ROUTER} in the NB: reroute for ${rowName} not written`,
        });
      }
      for (const item of items) {
        if (!item.primary) continue;
        const router = gatewayRouter(item.node);
        if (!facts.routers.has(router)) {
          notes.push({
            kind: 'missing-router',
            egressIP: eip.name,
            message: `no ${router} in the NB: SNAT of ${item.egressIP} for ${rowName} not written`,
          });
          continue;
        }
        nats.push(
          natRow(config.profile, config.ephemeralPortRange, rowName, tag, item, ip, eip.name, router),
        );
      }
    }
  }
}

function natRow(
  profile: 'A' | 'B',
  range: string,
  rowName: string,
  tag: 'ip4' | 'ip6',
  item: UsableItem,
  podIp: string,
  group: string,
  router: string,
): DesiredNat {
  const row: NatColumns = {
    type: 'snat',
    external_ip: item.egressIP,
    external_port_range: profile === 'B' ? range : '',
    logical_ip: podIp,
    logical_port: managementPort(item.node),
    options: { stateless: 'false' },
    external_ids: natIds(rowName, tag),
  };
  return { key: natKey(row), group, router, row };
}

function collectNodeIps(nodes: readonly Node[], notes: RenderNote[]): string[] {
  const ips = new Set<string>();
  for (const node of nodes) {
    try {
      for (const h of hostCidrs(node)) ips.add(h.ip);
    } catch (err) {
      notes.push({ kind: 'invalid-node-annotation', message: (err as Error).message });
    }
  }
  return [...ips].sort(compareIps);
}

export function podKeyOf(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

function cmp(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}
