import { describe, expect, it } from '@jest/globals';
import { DEFAULT_NB_REMOTE } from '../cli/nb-remote.js';
import { plainShowRemote } from './show-argv.js';

describe('plainShowRemote', () => {
  const env = {};
  it('names the remote of a plain show: last --db, then OVN_NB_DB, then the default', () => {
    expect(plainShowRemote(['show'], env)).toBe(DEFAULT_NB_REMOTE);
    expect(plainShowRemote(['show'], { OVN_NB_DB: 'unix:/a' })).toBe('unix:/a');
    expect(plainShowRemote(['--db', 'unix:/a', 'show', 'sw0'], { OVN_NB_DB: 'unix:/b' })).toBe('unix:/a');
    expect(plainShowRemote(['--db=unix:/a', 'show', '--db', 'tcp:1.2.3.4:6641'], env)).toBe(
      'tcp:1.2.3.4:6641',
    );
    expect(plainShowRemote(['show', '--format', 'json'], env)).toBe(DEFAULT_NB_REMOTE);
  });
  it('answers undefined for anything else', () => {
    for (const argv of [
      [],
      ['list', 'NAT'],
      ['show', '--help'],
      ['show', '--egress-ip', '1.2.3.4'],
      ['show', '-p', 'k', '-c', 'c', '-C', 'ca'],
      ['--timeout', '5', 'show'],
      ['show', 'a', 'b'],
      ['show', '--db'],
      ['egressip', 'show', '1.2.3.4'],
    ])
      expect(plainShowRemote(argv, env)).toBeUndefined();
  });
});
