// What the lab builds, derived from the manifests (so the dataplane and the controller's inputs
// can never disagree): nodes from their ovn-kubernetes annotations, pods from pod-networks.
import { CLUSTER_NETWORK } from '../cluster-network.js';
import { hostInSubnet, macForIpv4, parseCidr, parseIpv4, subnetContains } from '../ipv4.js';
import { type KubeObject, ManifestError } from './load-manifests.js';

export interface LabNode {
  readonly name: string;
  /** `k8s.ovn.org/node-id`: the gateway router's join IP is 100.64.0.<id>. */
  readonly id: number;
  /** Node IP on the external network (rtoe-GR_<node>), from node-primary-ifaddr. */
  readonly nodeIp: string;
  readonly externalPrefixLength: number;
  /** MAC of rtoe-GR_<node> (l3-gateway-config mac-address). */
  readonly externalMac: string;
  /** External next hop (l3-gateway-config next-hops[0]): the external host. */
  readonly externalGateway: string;
  /** Pod subnet of this node (node-subnets default). */
  readonly subnet: string;
  readonly joinIp: string;
  readonly managementIp: string;
  readonly egressAssignable: boolean;
  /** The Ready condition is True. */
  readonly ready: boolean;
}

export interface LabPod {
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly ip: string;
  readonly prefixLength: number;
  readonly mac: string;
  readonly gateway: string;
  /** Logical_Switch_Port name, as ovn-kubernetes names it: <namespace>_<pod>. */
  readonly logicalPort: string;
}

export interface LabEgressIp {
  readonly name: string;
  readonly ips: readonly string[];
  readonly namespaceLabels: Readonly<Record<string, string>>;
}

export interface LabSpec {
  readonly nodes: readonly LabNode[];
  readonly pods: readonly LabPod[];
  readonly namespaces: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly egressIps: readonly LabEgressIp[];
  /** The external host's address: the nodes' common external next hop. */
  readonly externalHostIp: string;
  readonly externalPrefixLength: number;
}

function annotationJson<T>(o: KubeObject, key: string): T {
  const raw = o.metadata.annotations?.[key];
  if (raw === undefined)
    throw new ManifestError(`${o.source}: ${o.kind} ${o.metadata.name} lacks annotation ${key}`);
  try {
    return JSON.parse(raw) as T;
  } catch (err) {
    throw new ManifestError(`${o.source}: annotation ${key} of ${o.metadata.name} is not JSON: ${raw}`, {
      cause: err,
    });
  }
}

function firstOf(v: string | readonly string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : v?.[0];
}

function isReady(o: KubeObject): boolean {
  const conditions =
    (o.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function toLabNode(o: KubeObject): LabNode {
  const where = `${o.source}: node ${o.metadata.name}`;
  const ifaddr = annotationJson<{ ipv4?: string }>(o, 'k8s.ovn.org/node-primary-ifaddr').ipv4;
  if (!ifaddr) throw new ManifestError(`${where}: node-primary-ifaddr has no ipv4`);
  const primary = parseCidr(ifaddr);
  const subnet = firstOf(
    annotationJson<{ default?: string | string[] }>(o, 'k8s.ovn.org/node-subnets').default,
  );
  if (!subnet) throw new ManifestError(`${where}: node-subnets has no default subnet`);
  const id = Number(annotationJson<string | number>(o, 'k8s.ovn.org/node-id'));
  if (!Number.isInteger(id) || id < 2 || id > 65534)
    throw new ManifestError(`${where}: node-id must be an integer from 2, got ${id}`);
  const gw = annotationJson<{ default?: { 'mac-address'?: string; 'next-hops'?: string[] } }>(
    o,
    'k8s.ovn.org/l3-gateway-config',
  ).default;
  const externalGateway = gw?.['next-hops']?.[0];
  if (!externalGateway) throw new ManifestError(`${where}: l3-gateway-config has no next-hops`);
  parseIpv4(externalGateway);
  const subnetCidr = parseCidr(subnet);
  return {
    name: o.metadata.name,
    id,
    nodeIp: primary.address,
    externalPrefixLength: primary.prefixLength,
    externalMac: gw?.['mac-address'] ?? macForIpv4(primary.address),
    externalGateway,
    subnet,
    joinIp: hostInSubnet(parseCidr(CLUSTER_NETWORK.joinCidr), id),
    managementIp: hostInSubnet(subnetCidr, 2),
    egressAssignable: o.metadata.labels?.['k8s.ovn.org/egress-assignable'] !== undefined,
    ready: isReady(o),
  };
}

interface PodNetworks {
  default?: {
    ip_addresses?: string[];
    ip_address?: string;
    mac_address?: string;
    gateway_ips?: string[];
    gateway_ip?: string;
  };
}

function toLabPod(o: KubeObject, nodes: ReadonlyMap<string, LabNode>): LabPod {
  const where = `${o.source}: pod ${o.metadata.namespace}/${o.metadata.name}`;
  const namespace = o.metadata.namespace;
  if (!namespace) throw new ManifestError(`${where}: metadata.namespace is required`);
  const nodeName = (o.spec as { nodeName?: string } | undefined)?.nodeName;
  const node = nodeName ? nodes.get(nodeName) : undefined;
  if (!node)
    throw new ManifestError(
      `${where}: spec.nodeName '${nodeName}' is not one of the nodes (${[...nodes.keys()].join(', ')})`,
    );
  const net = annotationJson<PodNetworks>(o, 'k8s.ovn.org/pod-networks').default;
  const cidrText = net?.ip_addresses?.[0] ?? net?.ip_address;
  if (!cidrText || !net?.mac_address)
    throw new ManifestError(`${where}: pod-networks default needs ip_addresses and mac_address`);
  const cidr = parseCidr(cidrText);
  if (!subnetContains(parseCidr(node.subnet), cidr.address)) {
    throw new ManifestError(`${where}: IP ${cidr.address} is outside ${node.name}'s subnet ${node.subnet}`);
  }
  const statusIp = (o.status as { podIP?: string } | undefined)?.podIP;
  if (statusIp !== undefined && statusIp !== cidr.address) {
    throw new ManifestError(`${where}: status.podIP ${statusIp} disagrees with pod-networks ${cidr.address}`);
  }
  return {
    namespace,
    name: o.metadata.name,
    node: node.name,
    ip: cidr.address,
    prefixLength: cidr.prefixLength,
    mac: net.mac_address,
    gateway: net.gateway_ips?.[0] ?? net.gateway_ip ?? hostInSubnet(parseCidr(node.subnet), 1),
    logicalPort: `${namespace}_${o.metadata.name}`,
  };
}

function toLabEgressIp(o: KubeObject): LabEgressIp {
  const spec = o.spec as
    | { egressIPs?: string[]; namespaceSelector?: { matchLabels?: Record<string, string> } }
    | undefined;
  const ips = spec?.egressIPs ?? [];
  if (ips.length === 0)
    throw new ManifestError(`${o.source}: EgressIP ${o.metadata.name} has no spec.egressIPs`);
  for (const ip of ips) parseIpv4(ip);
  return { name: o.metadata.name, ips, namespaceLabels: spec?.namespaceSelector?.matchLabels ?? {} };
}

/** Derives the lab from manifest objects; throws ManifestError naming the file and field. */
export function toLabSpec(objects: readonly KubeObject[]): LabSpec {
  const nodes = objects.filter((o) => o.kind === 'Node').map(toLabNode);
  if (nodes.length < 2)
    throw new ManifestError(`the lab needs at least 2 Node manifests, found ${nodes.length}`);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const gateways = new Set(nodes.map((n) => n.externalGateway));
  if (gateways.size !== 1)
    throw new ManifestError(`nodes disagree on the external next hop: ${[...gateways].join(', ')}`);
  const pods = objects.filter((o) => o.kind === 'Pod').map((o) => toLabPod(o, byName));
  const namespaces = new Map(
    objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o.metadata.labels ?? {}]),
  );
  const first = nodes[0] as LabNode;
  return {
    nodes,
    pods,
    namespaces,
    egressIps: objects.filter((o) => o.kind === 'EgressIP').map(toLabEgressIp),
    externalHostIp: first.externalGateway,
    externalPrefixLength: first.externalPrefixLength,
  };
}
