// Builders for the Kubernetes objects the NB tests feed in (spec 4.7's worked example and friends).
import type { EgressIP, EgressIPStatusItem, Namespace, Node, Pod } from '../../../src/api/types.js';

export interface NodeSpec {
  name: string;
  /** Node IP with mask, e.g. 192.168.126.51/24 (primary-ifaddr and host-cidrs). */
  ifaddr?: string;
  ifaddr6?: string;
  subnet?: string;
  subnet6?: string;
  id: number;
  egressAssignable?: boolean;
  extraHostCidrs?: string[];
}

export function node(s: NodeSpec): Node {
  const primary: Record<string, string> = {};
  if (s.ifaddr) primary.ipv4 = s.ifaddr;
  if (s.ifaddr6) primary.ipv6 = s.ifaddr6;
  const subnets = [s.subnet, s.subnet6].filter((x): x is string => !!x);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: s.name,
      labels: s.egressAssignable ? { 'k8s.ovn.org/egress-assignable': '' } : {},
      annotations: {
        'k8s.ovn.org/node-primary-ifaddr': JSON.stringify(primary),
        'k8s.ovn.org/host-cidrs': JSON.stringify(
          [s.ifaddr, s.ifaddr6, ...(s.extraHostCidrs ?? [])].filter(Boolean),
        ),
        'k8s.ovn.org/node-subnets': JSON.stringify({ default: subnets }),
        'k8s.ovn.org/node-id': String(s.id),
      },
    },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
  };
}

export interface PodSpec {
  namespace: string;
  name: string;
  node: string;
  ips: string[];
  labels?: Record<string, string>;
  phase?: string;
  hostNetwork?: boolean;
  /** Put the IPs in k8s.ovn.org/pod-networks (default) or only in status.podIPs. */
  ipSource?: 'annotation' | 'status';
}

export function pod(s: PodSpec): Pod {
  const annotation: Record<string, string> =
    s.ipSource === 'status' || s.ips.length === 0
      ? {}
      : {
          'k8s.ovn.org/pod-networks': JSON.stringify({
            default: {
              ip_addresses: s.ips.map((ip) => (ip.includes(':') ? `${ip}/64` : `${ip}/23`)),
              mac_address: '0a:58:0a:81:03:e8',
            },
          }),
        };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: s.namespace, name: s.name, labels: s.labels ?? {}, annotations: annotation },
    spec: { nodeName: s.node, hostNetwork: s.hostNetwork ?? false, containers: [{ name: 'c', image: 'x' }] },
    status: {
      phase: s.phase ?? 'Running',
      podIPs: s.ipSource === 'status' ? s.ips.map((ip) => ({ ip })) : [],
    },
  };
}

export function egressIP(
  name: string,
  ips: string[],
  nsLabels: Record<string, string>,
  items: EgressIPStatusItem[],
  podLabels?: Record<string, string>,
): EgressIP {
  return {
    apiVersion: 'k8s.ovn.org/v1',
    kind: 'EgressIP',
    metadata: { name, annotations: { 'k8s.ovn.org/egressip-mark': '50000' } },
    spec: {
      egressIPs: ips,
      namespaceSelector: { matchLabels: nsLabels },
      podSelector: podLabels ? { matchLabels: podLabels } : {},
    },
    status: { items },
  };
}

/** Spec 4.7: three workers, two of them egress-assignable. */
export const WORKERS: NodeSpec[] = [
  {
    name: 'worker-0-sl79n',
    ifaddr: '192.168.126.51/24',
    subnet: '10.129.2.0/23',
    id: 4,
    egressAssignable: true,
  },
  {
    name: 'worker-1-abcde',
    ifaddr: '192.168.126.52/24',
    subnet: '10.128.2.0/23',
    id: 5,
    egressAssignable: true,
  },
  { name: 'worker-2-fghij', ifaddr: '192.168.126.53/24', subnet: '10.131.0.0/23', id: 6 },
];

/** The dual-stack cluster networks of the ovn-kubernetes defaults plus an IPv6 cluster subnet. */
export const DUAL_STACK_CONFIG = {
  clusterSubnets: [
    { cidr: '10.128.0.0/14', hostPrefix: 23 },
    { cidr: 'fd01::/48', hostPrefix: 64 },
  ],
};

/** The i-th (from 0) dual-stack node of DUAL_STACK_CONFIG's subnets: node id 2 + i. */
export const dualStackNodeSpec = (name: string, i: number): NodeSpec => ({
  name,
  ifaddr: `192.168.126.${11 + i}/24`,
  ifaddr6: `fd00::${11 + i}/64`,
  subnet: `10.128.${2 * i}.0/23`,
  subnet6: `fd01:0:0:${1 + i}::/64`,
  id: 2 + i,
});

/** Two dual-stack nodes (node ids 2 and 3) with the given names. */
export function dualStackNodes(names: readonly [string, string]): Node[] {
  return names.map((name, i) => node(dualStackNodeSpec(name, i)));
}
