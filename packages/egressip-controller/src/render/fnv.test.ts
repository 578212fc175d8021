import { describe, expect, it } from '@jest/globals';
import { addressSetName } from './fnv.js';

describe('addressSetName (FNV-1a 64 of the k8s.ovn.org/id)', () => {
  // Every value of the table in spec 4.0.
  it.each([
    ['default-network-controller:EgressIP:egressip-served-pods:v4:default', 'a8519615025667110816'],
    ['default-network-controller:EgressIP:egressip-served-pods:v6:default', 'a3735740021425387998'],
    ['default-network-controller:EgressService:egresssvc-served-pods:v4', 'a13607449821398607916'],
    ['default-network-controller:EgressService:egresssvc-served-pods:v6', 'a13607452020421864338'],
    ['default-network-controller:EgressIP:node-ips:v4:default', 'a712973235162149816'],
    ['default-network-controller:EgressIP:node-ips:v6:default', 'a1091196985512978262'],
    ['default-network-controller:ClusterNodeIPs:node-ips:v4', 'a1042611113178530741'],
    ['default-network-controller:ClusterNodeIPs:node-ips:v6', 'a1042608914155274319'],
    ['default-network-controller:EgressIP:egressip-served-pods:v4', 'a4548040316634674295'],
    ['default-network-controller:EgressIP:node-ips:v4', 'a14918748166599097711'],
    ['egressip-served-pods_v4', 'a12749576804119081385'],
    ['egresssvc-served-pods_v4', 'a16335301576733828072'],
    ['cluster-node-ips_v4', 'a11079093880111560446'],
  ])('%s -> %s', (id, name) => {
    expect(addressSetName(id)).toBe(name);
  });
});
