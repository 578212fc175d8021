// The base logical topology of an ovn-kubernetes cluster (shared gateway mode), written with
// ovn-nbctl and ovn-kubernetes' names: ovn_cluster_router, node switches, join, GR_<node>, ext_<node>.
// This is what `ovnkit topology init` writes; the lab uses it when that command is not available.
import { CLUSTER_NETWORK } from './cluster-network.js';
import { hostInSubnet, macForIpv4, parseCidr } from './ipv4.js';
import type { LabNode, LabPod, LabSpec } from './manifests/lab-spec.js';
import type { NbctlCommand } from './nbctl.js';

const CR = 'ovn_cluster_router';

function routerPortToSwitch(sw: string, lsp: string, lrp: string): NbctlCommand[] {
  return [
    ['--may-exist', 'lsp-add', sw, lsp],
    ['lsp-set-type', lsp, 'router'],
    ['lsp-set-addresses', lsp, 'router'],
    ['lsp-set-options', lsp, `router-port=${lrp}`],
  ];
}

function nodeCommands(n: LabNode): NbctlCommand[] {
  const subnet = parseCidr(n.subnet);
  const routerIp = hostInSubnet(subnet, 1);
  const join = parseCidr(CLUSTER_NETWORK.joinCidr);
  const gr = `GR_${n.name}`;
  const ext = `ext_${n.name}`;
  return [
    // Node switch with its router port and management port.
    ['--may-exist', 'ls-add', n.name],
    ['set', 'Logical_Switch', n.name, `other_config:subnet=${n.subnet}`],
    [
      '--may-exist',
      'lrp-add',
      CR,
      `rtos-${n.name}`,
      macForIpv4(routerIp),
      `${routerIp}/${subnet.prefixLength}`,
    ],
    ...routerPortToSwitch(n.name, `stor-${n.name}`, `rtos-${n.name}`),
    ['--may-exist', 'lsp-add', n.name, `k8s-${n.name}`],
    ['lsp-set-addresses', `k8s-${n.name}`, `${macForIpv4(n.managementIp)} ${n.managementIp}`],
    // Gateway router bound to this node's chassis.
    ['--may-exist', 'lr-add', gr],
    ['set', 'Logical_Router', gr, `options:chassis=${n.name}`],
    ['--may-exist', 'lrp-add', gr, `rtoj-${gr}`, macForIpv4(n.joinIp), `${n.joinIp}/${join.prefixLength}`],
    ...routerPortToSwitch('join', `jtor-${gr}`, `rtoj-${gr}`),
    ['--may-exist', 'lrp-add', gr, `rtoe-${gr}`, n.externalMac, `${n.nodeIp}/${n.externalPrefixLength}`],
    // External switch: the GR's outside port and a localnet port onto br-ex (physnet).
    ['--may-exist', 'ls-add', ext],
    ...routerPortToSwitch(ext, `etor-${gr}`, `rtoe-${gr}`),
    // nat-addresses=router makes the GR send GARPs for its NAT IPs, so failover is seen at once.
    [
      'lsp-set-options',
      `etor-${gr}`,
      `router-port=rtoe-${gr}`,
      'nat-addresses=router',
      'exclude-lb-vips-from-garp=true',
    ],
    ['--may-exist', 'lsp-add', ext, `breth0_${n.name}`],
    ['lsp-set-type', `breth0_${n.name}`, 'localnet'],
    ['lsp-set-addresses', `breth0_${n.name}`, 'unknown'],
    ['lsp-set-options', `breth0_${n.name}`, 'network_name=physnet'],
    // Routing: cluster traffic back through the join switch, everything else to the external host.
    ['--may-exist', 'lr-route-add', gr, CLUSTER_NETWORK.clusterCidr, CLUSTER_NETWORK.clusterRouterJoinIp],
    ['--may-exist', 'lr-route-add', gr, '0.0.0.0/0', n.externalGateway, `rtoe-${gr}`],
    ['--may-exist', 'lr-nat-add', gr, 'snat', n.nodeIp, CLUSTER_NETWORK.clusterCidr],
    ['--may-exist', '--policy=src-ip', 'lr-route-add', CR, n.subnet, n.joinIp],
  ];
}

/** Commands creating the cluster router, the join switch and every node's switch and gateway. */
export function renderBaseTopologyCommands(spec: LabSpec): NbctlCommand[] {
  return [
    ['--may-exist', 'lr-add', CR],
    ['--may-exist', 'ls-add', 'join'],
    [
      '--may-exist',
      'lrp-add',
      CR,
      `rtoj-${CR}`,
      macForIpv4(CLUSTER_NETWORK.clusterRouterJoinIp),
      `${CLUSTER_NETWORK.clusterRouterJoinIp}/16`,
    ],
    ...routerPortToSwitch('join', `jtor-${CR}`, `rtoj-${CR}`),
    ...spec.nodes.flatMap(nodeCommands),
  ];
}

/** The pod's Logical_Switch_Port on its node switch, named and addressed as ovn-kubernetes does. */
export function renderPodPortCommands(pod: LabPod): NbctlCommand[] {
  return [
    ['--may-exist', 'lsp-add', pod.node, pod.logicalPort],
    ['lsp-set-addresses', pod.logicalPort, `${pod.mac} ${pod.ip}`],
    [
      'set',
      'Logical_Switch_Port',
      pod.logicalPort,
      `external_ids:namespace=${pod.namespace}`,
      `external_ids:pod=true`,
    ],
  ];
}
