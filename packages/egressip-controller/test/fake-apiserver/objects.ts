// Builders for the Kubernetes objects tests feed to the controller (nodes with ovn-kubernetes
// annotations, namespaces, pods, EgressIPs). Plain data, shared by the allocation, source and
// runner tests.
import type { EgressIP, EgressIPStatusItem, Namespace, Node, Pod } from '../../src/api/types.js';

export interface NodeFixture {
  name: string;
  /** node-primary-ifaddr ipv4 value, e.g. "192.168.126.51/24". */
  v4?: string;
  v6?: string;
  /** Extra host CIDRs beyond the primary ones (secondary host networks). */
  extraHostCidrs?: string[];
  /** Omit the host-cidrs annotation entirely. */
  noHostCidrs?: boolean;
  labelled?: boolean;
  ready?: boolean;
  /** node-subnets default value. */
  subnet?: string;
}

export function makeNode(f: NodeFixture): Node {
  const primary: Record<string, string> = {};
  if (f.v4) primary.ipv4 = f.v4;
  if (f.v6) primary.ipv6 = f.v6;
  const annotations: Record<string, string> = {
    'k8s.ovn.org/node-primary-ifaddr': JSON.stringify(primary),
    'k8s.ovn.org/node-subnets': JSON.stringify({ default: [f.subnet ?? '10.128.0.0/23'] }),
  };
  if (!f.noHostCidrs) {
    annotations['k8s.ovn.org/host-cidrs'] = JSON.stringify([
      ...[f.v4, f.v6].filter((x): x is string => !!x),
      ...(f.extraHostCidrs ?? []),
    ]);
  }
  const labels: Record<string, string> = { 'kubernetes.io/hostname': f.name };
  if (f.labelled ?? true) labels['k8s.ovn.org/egress-assignable'] = '';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: f.name, labels, annotations },
    status: { conditions: [{ type: 'Ready', status: (f.ready ?? true) ? 'True' : 'False' }] },
  };
}

export function makeEgressIP(
  name: string,
  egressIPs: string[],
  opts: {
    items?: EgressIPStatusItem[];
    namespaceLabels?: Record<string, string>;
    podLabels?: Record<string, string>;
  } = {},
): EgressIP {
  const eip: EgressIP = {
    apiVersion: 'k8s.ovn.org/v1',
    kind: 'EgressIP',
    metadata: { name },
    spec: { egressIPs, namespaceSelector: { matchLabels: opts.namespaceLabels ?? { team: name } } },
  };
  if (opts.podLabels) eip.spec.podSelector = { matchLabels: opts.podLabels };
  if (opts.items) eip.status = { items: opts.items };
  return eip;
}

export function makeNamespace(name: string, labels: Record<string, string> = {}): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
  };
}

export function makePod(
  namespace: string,
  name: string,
  opts: { node?: string; ip?: string; labels?: Record<string, string> } = {},
): Pod {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: opts.labels ?? { app: name } },
    spec: { nodeName: opts.node ?? 'node1', containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase: 'Running' },
  };
  if (opts.ip && pod.status) {
    pod.status.podIP = opts.ip;
    pod.status.podIPs = [{ ip: opts.ip }];
  }
  return pod;
}
