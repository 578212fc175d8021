import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  canonicalIp,
  cidrContains,
  compareIps,
  formatIp,
  InvalidAddressError,
  parseCidr,
  parseIp,
} from './ip.js';

describe('IP text as Go net.IP.String() writes it', () => {
  it.each([
    ['FD01:0:0:0:0:0:0:5', 'fd01::5'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['::ffff:1.2.3.4', '::ffff:102:304'],
  ])('%s -> %s', (input, out) => {
    expect(canonicalIp(input)).toBe(out);
  });

  it('parses and masks CIDRs', () => {
    expect(parseCidr('10.129.3.232/14').text).toBe('10.128.0.0/14');
    expect(parseCidr('fd98::5/64').text).toBe('fd98::/64');
    expect(cidrContains(parseCidr('192.168.126.0/24'), '192.168.126.100')).toBe(true);
    expect(cidrContains(parseCidr('192.168.126.0/24'), '192.168.127.1')).toBe(false);
    expect(cidrContains(parseCidr('fd00::/64'), '192.168.126.1')).toBe(false);
  });

  it('names what was wrong', () => {
    expect(() => parseCidr('1.2.3.4')).toThrow(InvalidAddressError);
    expect(() => parseCidr('1.2.3.4/33')).toThrow(/invalid CIDR: "1.2.3.4\/33"/);
    expect(() => canonicalIp('1.2.3.400', 'egress IP')).toThrow(/invalid egress IP/);
  });

  it('round-trips every IPv6 value, and the text never has a lone :: run or leading zeros', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
        const text = formatIp(6, v);
        expect(parseIp(text).value).toBe(v);
        expect(canonicalIp(text)).toBe(text);
        expect(text).not.toMatch(/(^|:)0[0-9a-f]/);
        expect(text.split('::').length).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('agrees with the URL parser on the compressed form', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const viaUrl = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
        // WHATWG serialises IPv4-mapped tails as hex too, like Go for non-mapped addresses.
        if (!/^::ffff:/i.test(viaUrl)) expect(canonicalIp(ip)).toBe(viaUrl);
      }),
    );
  });

  it('orders IPv4 before IPv6, numerically', () => {
    expect(['10.0.0.10', 'fd00::1', '10.0.0.9', '::2'].sort(compareIps)).toEqual([
      '10.0.0.9',
      '10.0.0.10',
      '::2',
      'fd00::1',
    ]);
  });
});
