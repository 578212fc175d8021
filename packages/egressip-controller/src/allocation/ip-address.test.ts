import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addressAt,
  canonicalIp,
  formatIp,
  formatNetwork,
  isGlobalUnicast,
  networkContains,
  parseCidr,
  parseIp,
} from './ip-address.js';

describe('canonicalIp (Go net.ParseIP(x).String())', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['FD00::5', 'fd00::5'],
    ['fd00:0:0:0:0:0:0:5', 'fd00::5'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    ['1:0:1:1:1:1:1:1', '1:0:1:1:1:1:1:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:192.168.1.1', '192.168.1.1'],
    ['::1.2.3.4', '::102:304'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '010.1.1.1',
    '1.2.3.4/32',
    'fe80::1%eth0',
    '1:2:3:4:5:6:7:8:9',
    '1:::2',
    ':1::',
    'g::1',
    '1:2:3:4:5:6:7::8',
    'abcd',
    ' 1.2.3.4',
  ])('rejects %j', (input) => {
    expect(parseIp(input)).toBeUndefined();
  });

  it('prints IPv6 exactly as RFC 5952 / WHATWG URL serialisation does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
          minLength: 8,
          maxLength: 8,
        }),
        (groups) => {
          const bytes = Uint8Array.from(groups.flatMap((g) => [g >> 8, g & 0xff]));
          const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
          fc.pre(!mapped);
          const text = formatIp({ family: 6, bytes });
          expect(new URL(`http://[${text}]/`).hostname).toBe(`[${text}]`);
          expect(parseIp(text)?.bytes).toEqual(bytes);
        },
      ),
    );
  });
});

describe('networks', () => {
  it('parses and masks CIDRs like net.ParseCIDR', () => {
    const net = parseCidr('192.168.126.51/24');
    expect(net && formatNetwork(net)).toBe('192.168.126.0/24');
    expect(net && formatIp(net.address)).toBe('192.168.126.51');
    const v6 = parseCidr('fd00::51/64');
    expect(v6 && formatNetwork(v6)).toBe('fd00::/64');
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  it('contains only same-family addresses inside the prefix', () => {
    const net = parseCidr('10.128.0.0/14');
    if (!net) throw new Error('parse');
    const inside = parseIp('10.131.255.255');
    const outside = parseIp('10.132.0.0');
    expect(inside && networkContains(net, inside)).toBe(true);
    expect(outside && networkContains(net, outside)).toBe(false);
    const v6 = parseIp('::a80:1');
    expect(v6 && networkContains(net, v6)).toBe(false);
  });

  it('computes the management IP as subnet base + 2', () => {
    const n4 = parseCidr('10.129.2.0/23');
    const n6 = parseCidr('fd01:0:0:2::/64');
    expect(n4 && formatIp(addressAt(n4, 2))).toBe('10.129.2.2');
    expect(n6 && formatIp(addressAt(n6, 2))).toBe('fd01:0:0:2::2');
  });

  it('classifies global unicast like Go', () => {
    const g = (s: string) => {
      const ip = parseIp(s);
      if (!ip) throw new Error(s);
      return isGlobalUnicast(ip);
    };
    expect(g('192.168.1.1')).toBe(true);
    expect(g('127.0.0.1')).toBe(false);
    expect(g('169.254.1.1')).toBe(false);
    expect(g('224.0.0.1')).toBe(false);
    expect(g('fe80::1')).toBe(false);
    expect(g('::1')).toBe(false);
    expect(g('2001:db8::1')).toBe(true);
  });
});
