import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InvalidRemoteError } from '../errors/request-errors.js';
import { parseRemote, parseRemotes } from './remote.js';

describe('parseRemote', () => {
  it.each([
    [
      'unix:/run/ovn/ovnnb_db.sock',
      { kind: 'unix', path: '/run/ovn/ovnnb_db.sock', text: 'unix:/run/ovn/ovnnb_db.sock' },
    ],
    ['tcp:127.0.0.1:6641', { kind: 'tcp', host: '127.0.0.1', port: 6641, text: 'tcp:127.0.0.1:6641' }],
    ['ssl:10.0.0.1:6642', { kind: 'ssl', host: '10.0.0.1', port: 6642, text: 'ssl:10.0.0.1:6642' }],
    ['tcp:[::1]:6641', { kind: 'tcp', host: '::1', port: 6641, text: 'tcp:[::1]:6641' }],
    ['ssl:[fd00::2]', { kind: 'ssl', host: 'fd00::2', port: 6640, text: 'ssl:[fd00::2]:6640' }],
    ['tcp:ovn-central', { kind: 'tcp', host: 'ovn-central', port: 6640, text: 'tcp:ovn-central:6640' }],
    ['  tcp:1.2.3.4:1 ', { kind: 'tcp', host: '1.2.3.4', port: 1, text: 'tcp:1.2.3.4:1' }],
  ])('parses %s', (text, expected) => {
    expect(parseRemote(text)).toEqual(expected);
  });

  it.each([
    ['6641', /expected unix:PATH/],
    ['unix:', /needs a socket path/],
    ['tcp:::1:6641', /IPv6 addresses must be written in brackets/],
    ['tcp:[::1:6641', /missing '\]'/],
    ['tcp:[not-v6]:1', /is not an IPv6 address/],
    ['tcp:[::1]x', /unexpected "x" after '\]'/],
    ['tcp::6641', /missing host/],
    ['tcp:1.2.3.4:http', /port "http" is not a number/],
    ['tcp:1.2.3.4:0', /out of range/],
    ['tcp:1.2.3.4:65536', /out of range/],
    ['ptcp:6641', /passive \(listening\) remote; a client needs tcp:/],
    ['http://x', /unknown connection method "http"/],
  ])('rejects %s', (text, message) => {
    expect(() => parseRemote(text)).toThrow(InvalidRemoteError);
    expect(() => parseRemote(text)).toThrow(message);
  });

  it('round-trips its own canonical text', () => {
    const host = fc.oneof(
      fc.ipV4(),
      fc.ipV6().map((h) => `[${h}]`),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('tcp', 'ssl'),
        host,
        fc.integer({ min: 1, max: 65535 }),
        (kind, h, port) => {
          const r = parseRemote(`${kind}:${h}:${port}`);
          expect(parseRemote(r.text)).toEqual(r);
          expect(r.kind === 'unix' ? -1 : r.port).toBe(port);
        },
      ),
    );
  });
});

describe('parseRemotes', () => {
  it('splits OVN_NB_DB style lists and arrays, keeping the order', () => {
    const text = 'ssl:172.18.0.2:6641,ssl:172.18.0.3:6641, ssl:[fd00::4]:6641';
    expect(parseRemotes(text).map((r) => r.text)).toEqual([
      'ssl:172.18.0.2:6641',
      'ssl:172.18.0.3:6641',
      'ssl:[fd00::4]:6641',
    ]);
    expect(parseRemotes(['unix:/a', 'tcp:1.1.1.1:1,tcp:2.2.2.2:2']).map((r) => r.kind)).toEqual([
      'unix',
      'tcp',
      'tcp',
    ]);
  });

  it('rejects an empty list and names the bad member of a list', () => {
    expect(() => parseRemotes(' , ')).toThrow(/no remote given/);
    expect(() => parseRemotes('tcp:1.1.1.1:1,bogus')).toThrow(/invalid remote "bogus"/);
  });
});
