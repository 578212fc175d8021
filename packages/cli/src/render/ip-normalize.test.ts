import { describe, expect, it } from '@jest/globals';
import { normalizePrefix } from './ip-normalize.js';

describe('normalizePrefix (ovn-nbctl normalize_prefix_str)', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['10.0.0.1/24', '10.0.0.0/24'],
    ['10.0.0.1/32', '10.0.0.1'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['fd00:0:0:0:0:0:0:5', 'fd00::5'],
    ['FD00::A', 'fd00::a'],
    ['fd00::1/64', 'fd00::/64'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['::', '::'],
    ['10.0.0.1/33', undefined],
    ['not-an-ip', undefined],
  ])('%s → %s', (input, want) => {
    expect(normalizePrefix(input)).toBe(want);
  });
});
