import { describe, expect, it } from '@jest/globals';
import type { V1Node } from '@kubernetes/client-node';
import { InvalidNodeAnnotationError } from './node-annotations.js';
import { gatewayExternalIps, L3_GATEWAY_CONFIG_ANNOTATION, podSnatRows } from './pod-snat.js';

const node = (gw: string | undefined): V1Node => ({
  metadata: { name: 'worker-0', annotations: gw === undefined ? {} : { [L3_GATEWAY_CONFIG_ANNOTATION]: gw } },
});

describe('gatewayExternalIps (l3-gateway-config)', () => {
  it('reads ip-addresses, bare and canonical', () => {
    const gw = JSON.stringify({
      default: { mode: 'shared', 'ip-addresses': ['192.168.126.51/24', 'FD00::0051/64'] },
    });
    expect(gatewayExternalIps(node(gw))).toEqual(['192.168.126.51', 'fd00::51']);
  });
  it('falls back to ip-address; disabled mode and no annotation give none', () => {
    expect(
      gatewayExternalIps(node(JSON.stringify({ default: { mode: 'local', 'ip-address': '10.0.0.5/24' } }))),
    ).toEqual(['10.0.0.5']);
    expect(gatewayExternalIps(node(JSON.stringify({ default: { mode: 'disabled' } })))).toEqual([]);
    expect(gatewayExternalIps(node(undefined))).toEqual([]);
  });
  it('names the node and annotation when malformed', () => {
    expect(() => gatewayExternalIps(node('{'))).toThrow(InvalidNodeAnnotationError);
    expect(() => gatewayExternalIps(node(JSON.stringify({ default: { 'ip-addresses': ['nope'] } })))).toThrow(
      /node worker-0: annotation k8s.ovn.org\/l3-gateway-config/,
    );
  });
});

describe('podSnatRows', () => {
  it('one row per same-family (pod IP, node IP) pair, no external_ids, no logical_port', () => {
    const rows = podSnatRows(['192.168.126.51', 'fd00::51'], ['10.129.3.232/23', 'fd01:0:0:1::5']);
    expect(rows).toEqual([
      {
        type: 'snat',
        external_ip: '192.168.126.51',
        external_port_range: '',
        logical_ip: '10.129.3.232',
        options: { stateless: 'false' },
        external_ids: {},
      },
      {
        type: 'snat',
        external_ip: 'fd00::51',
        external_port_range: '',
        logical_ip: 'fd01:0:0:1::5',
        options: { stateless: 'false' },
        external_ids: {},
      },
    ]);
    expect(rows[0]).not.toHaveProperty('logical_port');
  });
  it('profile B carries the ephemeral port range', () => {
    const [row] = podSnatRows(['192.168.126.51'], ['10.129.3.232'], {
      profile: 'B',
      ephemeralPortRange: '1024-65535',
    });
    expect(row?.external_port_range).toBe('1024-65535');
    expect(podSnatRows(['192.168.126.51'], ['10.129.3.232'], { profile: 'B' })[0]?.external_port_range).toBe(
      '32768-60999',
    );
  });
  it('a pod with no IP of the node family gets no row', () => {
    expect(podSnatRows(['192.168.126.51'], ['fd01::5'])).toEqual([]);
  });
});
