import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parsePodRowName, podRowName } from './ids.js';

/** The rule written out plainly: exactly one `_`, a non-empty EgressIP, then `<ns>/<pod>` with one `/`. */
function expected(name: string): { eip: string; key: string } | undefined {
  const parts = name.split('_');
  if (parts.length !== 2) return undefined;
  const [eip, key] = parts as [string, string];
  const halves = key.split('/');
  if (eip === '' || halves.length !== 2 || halves[0] === '' || halves[1] === '') return undefined;
  return { eip, key };
}

describe('parsePodRowName', () => {
  it('splits the names podRowName builds', () => {
    expect(parsePodRowName(podRowName('eip-1', 'team-a', 'web-0'))).toEqual({
      eip: 'eip-1',
      key: 'team-a/web-0',
    });
  });

  it('agrees with the plain rule on any name made of the separators and a few letters', () => {
    const name = fc.string({ unit: fc.constantFrom('_', '/', 'a', 'b', '-'), maxLength: 12 });
    fc.assert(
      fc.property(name, (n) => {
        const got = parsePodRowName(n);
        expect(got === undefined ? undefined : { eip: got.eip, key: got.key }).toEqual(expected(n));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns frozen results, the same object for a name parsed again', () => {
    const a = parsePodRowName('eip-9_ns/pod');
    expect(Object.isFrozen(a)).toBe(true);
    expect(parsePodRowName('eip-9_ns/pod')).toBe(a);
  });
});
