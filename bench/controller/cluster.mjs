// A synthetic cluster for the controller benchmarks: N nodes, E EgressIPs, P pods, where the
// first EgressIP serves `bigPods` pods (the failover case) and the rest share the remainder.
const nodeIp = (i) => `172.20.${Math.floor((i + 10) / 250)}.${((i + 10) % 250) + 1}`;

export function makeCluster({ nodes: nodeCount, egressIPs: eipCount, pods: podCount, bigPods }) {
  const nodes = [];
  for (let i = 0; i < nodeCount; i++) {
    const name = `node-${String(i).padStart(3, '0')}`;
    // Node subnets: 10.128.0.0/14 split into /23s, one per node.
    const subnet = `10.${128 + Math.floor(i / 128)}.${(i % 128) * 2}.0/23`;
    nodes.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: { 'k8s.ovn.org/egress-assignable': '' },
        annotations: {
          'k8s.ovn.org/node-primary-ifaddr': JSON.stringify({ ipv4: `${nodeIp(i)}/16` }),
          'k8s.ovn.org/host-cidrs': JSON.stringify([`${nodeIp(i)}/16`]),
          'k8s.ovn.org/node-subnets': JSON.stringify({ default: [subnet] }),
          'k8s.ovn.org/node-id': String(i + 2),
        },
      },
    });
  }
  const namespaces = [];
  const pods = [];
  const egressIPs = [];
  const rest = podCount - bigPods;
  const perSmall = Math.floor(rest / (eipCount - 1));
  let extra = rest - perSmall * (eipCount - 1);
  let podIndex = 0;
  for (let e = 0; e < eipCount; e++) {
    const ns = `ns-${String(e).padStart(3, '0')}`;
    namespaces.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns, eip: ns } },
    });
    const count = e === 0 ? bigPods : perSmall + (extra-- > 0 ? 1 : 0);
    for (let p = 0; p < count; p++, podIndex++) {
      const nodeIdx = podIndex % nodeCount;
      const base = 128 + Math.floor(nodeIdx / 128);
      const third = (nodeIdx % 128) * 2 + Math.floor(podIndex / nodeCount / 250);
      const ip = `10.${base}.${third}.${(Math.floor(podIndex / nodeCount) % 250) + 3}`;
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          namespace: ns,
          name: `pod-${p}`,
          annotations: {
            'k8s.ovn.org/pod-networks': JSON.stringify({ default: { ip_addresses: [`${ip}/23`] } }),
          },
        },
        spec: { nodeName: nodes[nodeIdx].metadata.name, containers: [] },
        status: { phase: 'Running' },
      });
    }
    egressIPs.push(egressIP(e, e % nodeCount, nodes));
  }
  return { nodes, namespaces, pods, egressIPs };
}

function egressIP(e, nodeIdx, nodes) {
  // 250 per /24 from 172.20.200.0 on (inside the nodes' 172.20.0.0/16): unique up to 13,750.
  const ip = `172.20.${200 + Math.floor(e / 250)}.${(e % 250) + 1}`;
  const ns = `ns-${String(e).padStart(3, '0')}`;
  return {
    apiVersion: 'k8s.ovn.org/v1',
    kind: 'EgressIP',
    metadata: { name: `eip-${String(e).padStart(3, '0')}` },
    spec: { egressIPs: [ip], namespaceSelector: { matchLabels: { eip: ns } } },
    status: { items: [{ node: nodes[nodeIdx].metadata.name, egressIP: ip }] },
  };
}

/** makeCluster with every node in its own interconnect zone (and its transit switch address). */
export function zonedCluster(shape) {
  const cluster = makeCluster(shape);
  cluster.nodes.forEach((n, i) => {
    n.metadata.annotations['k8s.ovn.org/zone-name'] = n.metadata.name;
    n.metadata.annotations['k8s.ovn.org/node-transit-switch-port-ifaddr'] = JSON.stringify({
      ipv4: `100.88.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}/16`,
    });
  });
  return cluster;
}

/** The cluster with EgressIP `e`'s status moved to node `nodeIdx` (a failover, as the benches make it). */
export function withEgressIPOn(cluster, e, nodeIdx) {
  return {
    ...cluster,
    egressIPs: cluster.egressIPs.map((x, i) => (i === e ? egressIP(e, nodeIdx, cluster.nodes) : x)),
  };
}
