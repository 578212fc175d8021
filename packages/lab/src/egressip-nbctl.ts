// The NB rows of an assigned EgressIP (egressip-spec 4.1 and 4.2, Profile A, as in 4.7.1), written
// with ovn-nbctl. The controller writes these rows itself; the lab uses this path only when the
// controller is not available, so that the dataplane can be proven independently of it.
import { CLUSTER_NETWORK } from './cluster-network.js';
import type { LabEgressIp, LabNode, LabPod, LabSpec } from './manifests/lab-spec.js';
import type { NbctlCommand } from './nbctl.js';

const OWNER = 'default-network-controller';
const CR = 'ovn_cluster_router';

/** ovn-kubernetes' address-set name: "a" + decimal FNV-1a 64 of the row's k8s.ovn.org/id. */
export function addressSetName(id: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(id, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `a${h}`;
}

const q = (s: string) => JSON.stringify(s);

function externalIds(ids: Record<string, string>): string[] {
  return Object.entries(ids).map(([k, v]) => `external_ids:${q(k)}=${q(v)}`);
}

function policyIds(priority: number, name: string, family: string): Record<string, string> {
  return {
    'k8s.ovn.org/owner-controller': OWNER,
    'k8s.ovn.org/owner-type': 'EgressIP',
    priority: String(priority),
    'k8s.ovn.org/name': name,
    'ip-family': family,
    network: 'default',
    'k8s.ovn.org/id': `${OWNER}:EgressIP:${priority}:${name}:${family}:default`,
  };
}

function addressSetIds(ownerType: string, name: string, withNetwork: boolean): Record<string, string> {
  const id = `${OWNER}:${ownerType}:${name}:v4${withNetwork ? ':default' : ''}`;
  return {
    'k8s.ovn.org/owner-controller': OWNER,
    'k8s.ovn.org/owner-type': ownerType,
    'k8s.ovn.org/name': name,
    'ip-family': 'v4',
    ...(withNetwork ? { network: 'default' } : {}),
    'k8s.ovn.org/id': id,
  };
}

function addressSet(
  ownerType: string,
  name: string,
  withNetwork: boolean,
  addresses: readonly string[],
): NbctlCommand {
  const ids = addressSetIds(ownerType, name, withNetwork);
  const set = addresses.length > 0 ? [`addresses=${addresses.map(q).join(',')}`] : [];
  return [
    'create',
    'Address_Set',
    `name=${addressSetName(ids['k8s.ovn.org/id'] as string)}`,
    ...set,
    ...externalIds(ids),
  ];
}

function allowPolicy(
  ref: string,
  name: string,
  family: string,
  match: string,
  options: string[] = [],
): NbctlCommand[] {
  return [
    [
      `--id=@${ref}`,
      'create',
      'Logical_Router_Policy',
      'priority=102',
      `match=${q(match)}`,
      'action=allow',
      ...options,
      ...externalIds(policyIds(102, name, family)),
    ],
    ['add', 'Logical_Router', CR, 'policies', `@${ref}`],
  ];
}

/** Pods served by `eip`: those in namespaces whose labels match its namespaceSelector. */
export function selectServedPods(spec: LabSpec, eip: LabEgressIp): LabPod[] {
  return spec.pods.filter((p) => {
    const labels = spec.namespaces.get(p.namespace) ?? {};
    return Object.entries(eip.namespaceLabels).every(([k, v]) => labels[k] === v);
  });
}

/** Feature-level rows (4.1): the three address sets and the four priority-102 allow policies. */
export function renderFeatureRowCommands(spec: LabSpec, served: readonly LabPod[]): NbctlCommand[] {
  const cidr = CLUSTER_NETWORK.clusterCidr;
  const servedSet = addressSetName(`${OWNER}:EgressIP:egressip-served-pods:v4:default`);
  const svcSet = addressSetName(`${OWNER}:EgressService:egresssvc-served-pods:v4`);
  const nodeSet = addressSetName(`${OWNER}:EgressIP:node-ips:v4:default`);
  return [
    addressSet(
      'EgressIP',
      'egressip-served-pods',
      true,
      served.map((p) => p.ip),
    ),
    addressSet('EgressService', 'egresssvc-served-pods', false, []),
    addressSet(
      'EgressIP',
      'node-ips',
      true,
      spec.nodes.map((n) => n.nodeIp),
    ),
    ...allowPolicy('p1', 'EIP-No-Reroute-Pod-To-Pod', 'ip4', `ip4.src == ${cidr} && ip4.dst == ${cidr}`),
    ...allowPolicy(
      'p2',
      'EIP-No-Reroute-Pod-To-Join',
      'ip4',
      `ip4.src == ${cidr} && ip4.dst == ${CLUSTER_NETWORK.joinCidr}`,
    ),
    ...allowPolicy('p3', 'EIP-No-Reroute-reply-traffic', 'ip', 'pkt.mark == 42'),
    ...allowPolicy(
      'p4',
      'EIP-No-Reroute-Pod-To-Node',
      'ip4',
      `(ip4.src == $${servedSet} || ip4.src == $${svcSet}) && ip4.dst == $${nodeSet}`,
      ['options:pkt_mark="1008"'],
    ),
  ];
}

/** Per-pod rows (4.2): the priority-100 reroute to the egress node's GR join IP and the SNAT on GR_<node>. */
export function renderPodEgressCommands(
  eipName: string,
  egressIp: string,
  node: LabNode,
  pods: readonly LabPod[],
): NbctlCommand[] {
  return pods.flatMap((p, i): NbctlCommand[] => {
    const name = `${eipName}_${p.namespace}/${p.name}`;
    const natIds = {
      'k8s.ovn.org/owner-controller': OWNER,
      'k8s.ovn.org/owner-type': 'EgressIP',
      'k8s.ovn.org/name': name,
      'ip-family': 'ip4',
      'k8s.ovn.org/id': `${OWNER}:EgressIP:${name}:ip4`,
    };
    return [
      [
        `--id=@r${i}`,
        'create',
        'Logical_Router_Policy',
        'priority=100',
        `match=${q(`ip4.src == ${p.ip}`)}`,
        'action=reroute',
        `nexthops=${q(node.joinIp)}`,
        ...externalIds(policyIds(100, name, 'ip4')),
      ],
      ['add', 'Logical_Router', CR, 'policies', `@r${i}`],
      [
        `--id=@n${i}`,
        'create',
        'NAT',
        'type=snat',
        `external_ip=${q(egressIp)}`,
        `logical_ip=${q(p.ip)}`,
        `logical_port=${q(`k8s-${node.name}`)}`,
        'options:stateless="false"',
        ...externalIds(natIds),
      ],
      ['add', 'Logical_Router', `GR_${node.name}`, 'nat', `@n${i}`],
    ];
  });
}

/** Removes the per-pod rows from `node` (the first half of a failover, 4.7.2 step 1). */
export function renderPodEgressRemovalCommands(node: LabNode, pods: readonly LabPod[]): NbctlCommand[] {
  return pods.flatMap((p): NbctlCommand[] => [
    ['--if-exists', 'lr-policy-del', CR, '100', `ip4.src == ${p.ip}`],
    ['--if-exists', 'lr-nat-del', `GR_${node.name}`, 'snat', p.ip],
  ]);
}
