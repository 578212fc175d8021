import { describe, expect, it } from '@jest/globals';
import { addressSetName } from './egressip-nbctl.js';

describe('addressSetName', () => {
  // Values from egressip-spec 4.0 (the v4 names match ovn-kubernetes' fixtures).
  it.each([
    ['default-network-controller:EgressIP:egressip-served-pods:v4:default', 'a8519615025667110816'],
    ['default-network-controller:EgressService:egresssvc-served-pods:v4', 'a13607449821398607916'],
    ['default-network-controller:EgressIP:node-ips:v4:default', 'a712973235162149816'],
    ['egressip-served-pods_v4', 'a12749576804119081385'],
  ])('%s -> %s', (id, name) => {
    expect(addressSetName(id)).toBe(name);
  });
});
