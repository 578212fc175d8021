// A pod = its own network namespace with eth0 (the pod's IP and MAC from the manifests), whose
// peer is an OVS port on the node's br-int bound to the pod's logical port (iface-id).
import type { Chassis } from './chassis.js';
import { CLUSTER_NETWORK } from './cluster-network.js';
import { run } from './exec.js';
import type { LabPod } from './manifests/lab-spec.js';
import { createNetns, createVethPair } from './netns.js';

export async function createPodNetwork(
  pod: LabPod,
  podNetns: string,
  hostPort: string,
  chassis: Chassis,
): Promise<void> {
  await createNetns(podNetns);
  await createVethPair(
    { netns: podNetns, name: 'eth0', mac: pod.mac },
    { netns: chassis.netns, name: hostPort },
    CLUSTER_NETWORK.podMtu,
  );
  await run('ip', ['-n', podNetns, 'addr', 'add', `${pod.ip}/${pod.prefixLength}`, 'dev', 'eth0']);
  await run('ip', ['-n', podNetns, 'route', 'add', 'default', 'via', pod.gateway]);
  await chassis.vsctl(
    '--',
    '--may-exist',
    'add-port',
    'br-int',
    hostPort,
    '--',
    'set',
    'Interface',
    hostPort,
    `external_ids:iface-id=${pod.logicalPort}`,
  );
}
