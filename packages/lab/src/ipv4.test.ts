import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  AddressError,
  formatIpv4,
  hostInSubnet,
  macForIpv4,
  parseCidr,
  parseIpv4,
  subnetContains,
} from './ipv4.js';

describe('ipv4', () => {
  it('parses and formats every address to the same text', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => formatIpv4(parseIpv4(ip)) === ip));
  });

  it('offsets inside a subnet stay inside it', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 8, max: 30 }), fc.nat(), (ip, len, k) => {
        const cidr = { address: ip, prefixLength: len };
        const host = hostInSubnet(cidr, k % 2 ** (32 - len));
        return subnetContains(cidr, host);
      }),
    );
  });

  it('computes node-subnet addresses as ovn-kubernetes does', () => {
    const subnet = parseCidr('10.128.2.0/23');
    expect(hostInSubnet(subnet, 1)).toBe('10.128.2.1');
    expect(hostInSubnet(subnet, 2)).toBe('10.128.2.2');
    expect(hostInSubnet(parseCidr('100.64.0.0/16'), 3)).toBe('100.64.0.3');
    expect(macForIpv4('10.128.0.5')).toBe('0a:58:0a:80:00:05');
    expect(subnetContains(subnet, '10.128.4.1')).toBe(false);
  });

  it('names the bad input', () => {
    expect(() => parseIpv4('10.0.0.256')).toThrow(new AddressError("not an IPv4 address: '10.0.0.256'"));
    expect(() => parseCidr('10.0.0.0')).toThrow(/not an IPv4 CIDR: '10.0.0.0'/);
    expect(() => hostInSubnet(parseCidr('10.0.0.0/30'), 4)).toThrow(/offset 4 is outside 10.0.0.0\/30/);
  });
});
