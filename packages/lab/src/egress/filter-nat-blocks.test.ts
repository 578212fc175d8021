import { describe, expect, it } from '@jest/globals';
import { filterNatBlocks } from './egress-steps.js';

const SHOW = `switch 1 (ovn-worker)
    port k8s-ovn-worker
        addresses: ["0a:58:0a:80:00:02 10.128.0.2"]
router 2 (GR_ovn-worker)
    port rtoe-GR_ovn-worker
        mac: "0a:58:c0:a8:7e:33"
        networks: ["192.168.126.51/24"]
    nat 3
        external ip: "192.168.126.51"
        logical ip: "10.128.0.0/14"
        type: "snat"
    nat 4
        external ip: "192.168.126.100"
        logical ip: "10.128.0.5"
        type: "snat"
router 5 (ovn_cluster_router)
    port rtoj-ovn_cluster_router
        networks: ["100.64.0.1/16"]`;

describe('filterNatBlocks', () => {
  it('keeps only the NAT blocks of the IP, under their router', () => {
    expect(filterNatBlocks(SHOW, '192.168.126.100')).toBe(`router 2 (GR_ovn-worker)
    nat 4
        external ip: "192.168.126.100"
        logical ip: "10.128.0.5"
        type: "snat"`);
  });

  it('matches whole quoted addresses only', () => {
    expect(filterNatBlocks(SHOW, '192.168.126.1')).toBe('');
  });
});
