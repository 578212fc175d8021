import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { WireAtom, WireValue } from './notation.js';
import { applyUpdate2Diff } from './update2-diff.js';
import { WireFormatError } from './wire-format-error.js';

// Diffs as ovsdb-server 3.1 sent them (captured from a real server: see the model-update2
// integration test, which checks the same rules end to end).
describe('applyUpdate2Diff', () => {
  it('set: toggles each element of the diff (symmetric difference)', () => {
    const old: WireValue = ['set', ['10.0.0.1', '10.0.1.1']];
    const diff: WireValue = ['set', ['10.0.0.1', '10.0.2.1']];
    expect(applyUpdate2Diff(old, diff, 'set')).toEqual(['set', ['10.0.1.1', '10.0.2.1']]);
  });

  it('set: accepts the single-atom shorthand in both value and diff', () => {
    expect(applyUpdate2Diff('a', 'b', 'set')).toEqual(['set', ['a', 'b']]);
    expect(applyUpdate2Diff(['set', ['a', 'b']], 'a', 'set')).toEqual(['set', ['b']]);
    expect(applyUpdate2Diff(undefined, ['uuid', 'x'], 'set')).toEqual(['set', [['uuid', 'x']]]);
  });

  it('map: adds new keys, removes keys given with their current value, replaces changed values', () => {
    const old: WireValue = [
      'map',
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ];
    // From the server: a removed (old value), b changed to 3, c added.
    const diff: WireValue = [
      'map',
      [
        ['a', '1'],
        ['b', '3'],
        ['c', '4'],
      ],
    ];
    expect(applyUpdate2Diff(old, diff, 'map')).toEqual([
      'map',
      [
        ['b', '3'],
        ['c', '4'],
      ],
    ]);
  });

  it('replace: single-valued columns (scalar and optional) take the diff as the new value', () => {
    expect(applyUpdate2Diff(true, false, 'replace')).toBe(false);
    expect(applyUpdate2Diff(true, ['set', []], 'replace')).toEqual(['set', []]);
  });

  it('names a malformed value or diff', () => {
    expect(() => applyUpdate2Diff(['map', []], 'a', 'set')).toThrow(WireFormatError);
    expect(() => applyUpdate2Diff(['map', []], ['set', []], 'map')).toThrow(/map diff is not a map/);
  });

  // The diff rules in ovsdb-server(7) 4.1.14, computed independently from old and new.
  const atom = fc.oneof(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.integer({ min: 0, max: 4 }));
  const sortKey = (a: WireAtom) => `${typeof a}:${String(a)}`;
  const sorted = (xs: readonly WireAtom[]) => [...xs].sort((x, y) => sortKey(x).localeCompare(sortKey(y)));

  it('set property: applying diff(old, new) to old gives new', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(atom, { selector: sortKey }),
        fc.uniqueArray(atom, { selector: sortKey }),
        (oldSet, newSet) => {
          const inOld = new Set(oldSet.map(sortKey));
          const inNew = new Set(newSet.map(sortKey));
          const diff = [
            ...oldSet.filter((a) => !inNew.has(sortKey(a))),
            ...newSet.filter((a) => !inOld.has(sortKey(a))),
          ];
          const got = applyUpdate2Diff(['set', oldSet], ['set', diff], 'set') as readonly ['set', WireAtom[]];
          expect(sorted(got[1])).toEqual(sorted(newSet));
        },
      ),
    );
  });

  it('map property: applying diff(old, new) to old gives new', () => {
    const mapArb = fc.dictionary(fc.constantFrom('k1', 'k2', 'k3', 'k4'), fc.constantFrom('v1', 'v2', 'v3'));
    fc.assert(
      fc.property(mapArb, mapArb, (oldMap, newMap) => {
        const diff: Array<[string, string]> = [];
        for (const [k, v] of Object.entries(oldMap)) if (!(k in newMap)) diff.push([k, v]);
        for (const [k, v] of Object.entries(newMap)) if (!(k in oldMap) || oldMap[k] !== v) diff.push([k, v]);
        const got = applyUpdate2Diff(['map', Object.entries(oldMap)], ['map', diff], 'map') as readonly [
          'map',
          Array<[string, string]>,
        ];
        expect(Object.fromEntries(got[1])).toEqual(newMap);
      }),
    );
  });
});
