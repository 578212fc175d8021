// Feature-level rows (spec 4.1): the priority-102 "no reroute" policies, the three address sets
// per family and, where the schema accepts `mark`, the priority-103 reply-traffic QoS.
import type { ResolvedClusterConfig } from './config.js';
import { addressSetName } from './fnv.js';
import { DEFAULT_NETWORK, dbObjectIds, EXT, policyIds } from './ids.js';
import type { IpFamily } from './ip.js';
import { CLUSTER_ROUTER } from './nb-facts.js';
import {
  type AddressSetColumns,
  type DesiredAddressSet,
  type DesiredPolicy,
  type DesiredQos,
  FEATURE_GROUP,
  type PolicyColumns,
  policyKey,
} from './rows.js';

export const FEATURE_NAMES = {
  podToPod: 'EIP-No-Reroute-Pod-To-Pod',
  podToJoin: 'EIP-No-Reroute-Pod-To-Join',
  replyTraffic: 'EIP-No-Reroute-reply-traffic',
  podToNode: 'EIP-No-Reroute-Pod-To-Node',
  markReplyQos: 'EgressIP-Mark-Reply-Traffic',
  servedPods: 'egressip-served-pods',
  egressServicePods: 'egresssvc-served-pods',
  nodeIps: 'node-ips',
} as const;

export const NO_REROUTE_PRIORITY = 102;
export const REPLY_MARK = 42;
export const POD_TO_NODE_PKT_MARK = '1008';

const famTag = (f: IpFamily): 'ip4' | 'ip6' => (f === 4 ? 'ip4' : 'ip6');
const asFam = (f: IpFamily): 'v4' | 'v6' => (f === 4 ? 'v4' : 'v6');

/** external_ids of the three address sets of a family (Profile A/B differ for node-ips). */
export function addressSetIds(
  kind: 'served' | 'egress-service' | 'node-ips',
  family: IpFamily,
  profile: 'A' | 'B',
): Record<string, string> {
  if (kind === 'served') {
    return dbObjectIds('EgressIP', [
      [EXT.name, FEATURE_NAMES.servedPods],
      [EXT.ipFamily, asFam(family)],
      [EXT.network, DEFAULT_NETWORK],
    ]);
  }
  if (kind === 'egress-service') {
    return dbObjectIds('EgressService', [
      [EXT.name, FEATURE_NAMES.egressServicePods],
      [EXT.ipFamily, asFam(family)],
    ]);
  }
  return profile === 'A'
    ? dbObjectIds('EgressIP', [
        [EXT.name, FEATURE_NAMES.nodeIps],
        [EXT.ipFamily, asFam(family)],
        [EXT.network, DEFAULT_NETWORK],
      ])
    : dbObjectIds('ClusterNodeIPs', [
        [EXT.name, FEATURE_NAMES.nodeIps],
        [EXT.ipFamily, asFam(family)],
      ]);
}

export function addressSetNameOf(
  kind: 'served' | 'egress-service' | 'node-ips',
  family: IpFamily,
  profile: 'A' | 'B',
): string {
  return addressSetName(addressSetIds(kind, family, profile)[EXT.id]!);
}

function allowPolicy(
  name: string,
  family: 'ip4' | 'ip6' | 'ip',
  match: string,
  options: Record<string, string> = {},
): DesiredPolicy {
  const row: PolicyColumns = {
    priority: NO_REROUTE_PRIORITY,
    match,
    action: 'allow',
    nexthops: [],
    options,
    external_ids: policyIds(NO_REROUTE_PRIORITY, name, family),
  };
  return { key: policyKey(row), group: FEATURE_GROUP, router: CLUSTER_ROUTER, row };
}

export interface FeatureRowsInput {
  readonly config: ResolvedClusterConfig;
  /** All node host IPs (host-cidrs without masks), canonical. */
  readonly nodeIps: readonly string[];
  /** Pod IPs currently served by an EgressIP, canonical. */
  readonly servedIps: readonly string[];
  /** Node switches that exist in the NB (QoS attachment targets). */
  readonly nodeSwitches: readonly string[];
  readonly qosMarkSupported: boolean;
}

export interface FeatureRows {
  readonly policies: DesiredPolicy[];
  readonly addressSets: DesiredAddressSet[];
  readonly qos: DesiredQos[];
}

export function renderFeatureRows(input: FeatureRowsInput): FeatureRows {
  const { config } = input;
  const policies: DesiredPolicy[] = [];
  const addressSets: DesiredAddressSet[] = [];
  const qos: DesiredQos[] = [];
  for (const family of [4, 6] as const) {
    if (!(family === 4 ? config.ipv4 : config.ipv6)) continue;
    const cidrs = config.clusterCidrs[family];
    const ip = famTag(family);
    // Every ordered pair of cluster CIDRs (shipped fix for cross-CIDR pod-to-pod, spec 5.7 quirk 6).
    for (const a of cidrs) {
      for (const b of cidrs) {
        policies.push(
          allowPolicy(FEATURE_NAMES.podToPod, ip, `${ip}.src == ${a.text} && ${ip}.dst == ${b.text}`),
        );
      }
    }
    for (const a of cidrs) {
      policies.push(
        allowPolicy(
          FEATURE_NAMES.podToJoin,
          ip,
          `${ip}.src == ${a.text} && ${ip}.dst == ${config.join[family].text}`,
        ),
      );
    }
    const served = addressSetRow('served', family, config.profile, input.servedIps);
    const esvc = addressSetRow('egress-service', family, config.profile, []);
    const nodeIps = addressSetRow('node-ips', family, config.profile, input.nodeIps);
    addressSets.push(
      { key: served.name, manageAddresses: true, row: served },
      { key: esvc.name, manageAddresses: false, row: esvc },
      { key: nodeIps.name, manageAddresses: true, row: nodeIps },
    );
    // Profile A creates the pod-to-node row only when the family has node addresses; B whenever the mode is on.
    if (config.profile === 'B' || nodeIps.addresses.length > 0) {
      policies.push(
        allowPolicy(
          FEATURE_NAMES.podToNode,
          ip,
          `(${ip}.src == $${served.name} || ${ip}.src == $${esvc.name}) && ${ip}.dst == $${nodeIps.name}`,
          { pkt_mark: POD_TO_NODE_PKT_MARK },
        ),
      );
    }
    if (input.qosMarkSupported) {
      const ids = policyIds(103, FEATURE_NAMES.markReplyQos, ip);
      qos.push({
        key: ids[EXT.id]!,
        switches: [...input.nodeSwitches].sort(),
        row: {
          priority: 103,
          direction: 'from-lport',
          match: `${ip}.src == $${served.name} && ct.trk && ct.rpl`,
          action: { mark: REPLY_MARK },
          bandwidth: {},
          external_ids: ids,
        },
      });
    }
  }
  policies.push(allowPolicy(FEATURE_NAMES.replyTraffic, 'ip', `pkt.mark == ${REPLY_MARK}`));
  return { policies, addressSets, qos };
}

function addressSetRow(
  kind: 'served' | 'egress-service' | 'node-ips',
  family: IpFamily,
  profile: 'A' | 'B',
  ips: readonly string[],
): AddressSetColumns {
  const external_ids = addressSetIds(kind, family, profile);
  const fam = family === 4 ? (x: string) => !x.includes(':') : (x: string) => x.includes(':');
  return {
    name: addressSetName(external_ids[EXT.id]!),
    addresses: [...new Set(ips.filter(fam))].sort(),
    external_ids,
  };
}
