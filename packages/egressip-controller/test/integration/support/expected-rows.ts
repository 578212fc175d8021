// The rows spec 4.1/4.2/4.7 prescribes, spelled out literally (ids, names, hashes), in the shape
// egressIpRows() returns, so tests compare the complete NB state column by column.
const OC = 'default-network-controller';

type Fam = 'ip4' | 'ip6';

export const policy102 = (
  name: string,
  family: Fam | 'ip',
  match: string,
  options: Record<string, string> = {},
) => ({
  priority: 102,
  match,
  action: 'allow',
  nexthop: undefined,
  nexthops: [] as string[],
  options,
  external_ids: {
    'k8s.ovn.org/owner-controller': OC,
    'k8s.ovn.org/owner-type': 'EgressIP',
    'k8s.ovn.org/id': `${OC}:EgressIP:102:${name}:${family}:default`,
    'k8s.ovn.org/name': name,
    priority: '102',
    'ip-family': family,
    network: 'default',
  },
  routers: ['ovn_cluster_router'],
});

export const reroute = (eip: string, ns: string, pod: string, ip: string, nexthops: string[]) => {
  const family: Fam = ip.includes(':') ? 'ip6' : 'ip4';
  return {
    priority: 100,
    match: `${family}.src == ${ip}`,
    action: 'reroute',
    nexthop: undefined,
    nexthops: [...nexthops].sort(),
    options: {},
    external_ids: {
      'k8s.ovn.org/owner-controller': OC,
      'k8s.ovn.org/owner-type': 'EgressIP',
      'k8s.ovn.org/id': `${OC}:EgressIP:100:${eip}_${ns}/${pod}:${family}:default`,
      'k8s.ovn.org/name': `${eip}_${ns}/${pod}`,
      priority: '100',
      'ip-family': family,
      network: 'default',
    },
    routers: ['ovn_cluster_router'],
  };
};

export const snat = (
  eip: string,
  ns: string,
  pod: string,
  podIp: string,
  egressIp: string,
  egressNode: string,
  portRange = '',
) => {
  const family: Fam = podIp.includes(':') ? 'ip6' : 'ip4';
  return {
    type: 'snat',
    external_ip: egressIp,
    external_mac: undefined,
    external_port_range: portRange,
    logical_ip: podIp,
    logical_port: `k8s-${egressNode}`,
    options: { stateless: 'false' },
    external_ids: {
      'k8s.ovn.org/owner-controller': OC,
      'k8s.ovn.org/owner-type': 'EgressIP',
      'k8s.ovn.org/id': `${OC}:EgressIP:${eip}_${ns}/${pod}:${family}`,
      'k8s.ovn.org/name': `${eip}_${ns}/${pod}`,
      'ip-family': family,
    },
    routers: [`GR_${egressNode}`],
  };
};

export const featurePoliciesV4 = (clusterCidr = '10.128.0.0/14', join = '100.64.0.0/16') => [
  policy102('EIP-No-Reroute-Pod-To-Pod', 'ip4', `ip4.src == ${clusterCidr} && ip4.dst == ${clusterCidr}`),
  policy102('EIP-No-Reroute-Pod-To-Join', 'ip4', `ip4.src == ${clusterCidr} && ip4.dst == ${join}`),
  policy102(
    'EIP-No-Reroute-Pod-To-Node',
    'ip4',
    '(ip4.src == $a8519615025667110816 || ip4.src == $a13607449821398607916) && ip4.dst == $a712973235162149816',
    { pkt_mark: '1008' },
  ),
];

export const featurePoliciesV6 = (clusterCidr: string, join = 'fd98::/64') => [
  policy102('EIP-No-Reroute-Pod-To-Pod', 'ip6', `ip6.src == ${clusterCidr} && ip6.dst == ${clusterCidr}`),
  policy102('EIP-No-Reroute-Pod-To-Join', 'ip6', `ip6.src == ${clusterCidr} && ip6.dst == ${join}`),
  policy102(
    'EIP-No-Reroute-Pod-To-Node',
    'ip6',
    '(ip6.src == $a3735740021425387998 || ip6.src == $a13607452020421864338) && ip6.dst == $a1091196985512978262',
    { pkt_mark: '1008' },
  ),
];

export const replyTrafficPolicy = () => policy102('EIP-No-Reroute-reply-traffic', 'ip', 'pkt.mark == 42');

export const addressSetsV4 = (served: string[], nodeIps: string[]) => [
  servedSet('v4', 'a8519615025667110816', served),
  egressServiceSet('v4', 'a13607449821398607916'),
  nodeIpsSet('v4', 'a712973235162149816', nodeIps),
];

export const addressSetsV6 = (served: string[], nodeIps: string[]) => [
  servedSet('v6', 'a3735740021425387998', served),
  egressServiceSet('v6', 'a13607452020421864338'),
  nodeIpsSet('v6', 'a1091196985512978262', nodeIps),
];

const servedSet = (fam: 'v4' | 'v6', name: string, addresses: string[]) => ({
  name,
  addresses: [...addresses].sort(),
  external_ids: {
    'k8s.ovn.org/owner-controller': OC,
    'k8s.ovn.org/owner-type': 'EgressIP',
    'k8s.ovn.org/id': `${OC}:EgressIP:egressip-served-pods:${fam}:default`,
    'k8s.ovn.org/name': 'egressip-served-pods',
    'ip-family': fam,
    network: 'default',
  },
});

const egressServiceSet = (fam: 'v4' | 'v6', name: string) => ({
  name,
  addresses: [] as string[],
  external_ids: {
    'k8s.ovn.org/owner-controller': OC,
    'k8s.ovn.org/owner-type': 'EgressService',
    'k8s.ovn.org/id': `${OC}:EgressService:egresssvc-served-pods:${fam}`,
    'k8s.ovn.org/name': 'egresssvc-served-pods',
    'ip-family': fam,
  },
});

const nodeIpsSet = (fam: 'v4' | 'v6', name: string, addresses: string[]) => ({
  name,
  addresses: [...addresses].sort(),
  external_ids: {
    'k8s.ovn.org/owner-controller': OC,
    'k8s.ovn.org/owner-type': 'EgressIP',
    'k8s.ovn.org/id': `${OC}:EgressIP:node-ips:${fam}:default`,
    'k8s.ovn.org/name': 'node-ips',
    'ip-family': fam,
    network: 'default',
  },
});

/** Sorted the way egressIpRows() sorts, so arrays compare with toEqual. */
export const sortRows = <T>(rows: T[]): T[] =>
  [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** The priority-103 reply-traffic QoS (v4) and the switches that reference it. */
export const replyQosV4 = (switches: string[]) => ({
  priority: 103,
  direction: 'from-lport',
  match: 'ip4.src == $a8519615025667110816 && ct.trk && ct.rpl',
  action: { mark: 42 },
  bandwidth: {},
  external_ids: {
    'k8s.ovn.org/owner-controller': 'default-network-controller',
    'k8s.ovn.org/owner-type': 'EgressIP',
    'k8s.ovn.org/id': 'default-network-controller:EgressIP:103:EgressIP-Mark-Reply-Traffic:ip4:default',
    'k8s.ovn.org/name': 'EgressIP-Mark-Reply-Traffic',
    priority: '103',
    'ip-family': 'ip4',
    network: 'default',
  },
  switches: [...switches].sort(),
});
