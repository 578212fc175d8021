import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Sink } from '../../test/types/sink-schema.js';
import type { ColumnType } from '../schema/types.js';
import type { WireValue } from '../wire/notation.js';
import { WireFormatError } from '../wire/wire-format-error.js';
import { namedUuid } from './named-uuid.js';
import { compileValueCodec } from './value-codec.js';

const U1 = '6b1cb4e2-8a5b-4bb7-9f4a-0c9d7f8f3f3e';
const col = (c: keyof typeof Sink.tables.Thing.columns) =>
  compileValueCodec(Sink.tables.Thing.columns[c].type);

describe('compileValueCodec: wire -> native (docs/design/contracts.md)', () => {
  it('scalars decode to the atom; uuids to their string', () => {
    expect(col('name').decode('sw0')).toBe('sw0');
    expect(col('flag').decode(true)).toBe(true);
    expect(col('ratio').decode(0.5)).toBe(0.5);
    expect(compileValueCodec({ key: { type: 'uuid' }, min: 1, max: 1 }).decode(['uuid', U1])).toBe(U1);
  });

  it('integers stay numbers inside ±(2^53-1) and bigint outside', () => {
    expect(col('big').decode(5)).toBe(5);
    expect(col('big').decode(2n ** 62n)).toBe(2n ** 62n);
    expect(col('big').decode(7n)).toBe(7); // a bigint inside the safe range is normalised
  });

  it('optional columns: empty set -> undefined, one element (either form) -> the atom', () => {
    expect(col('nick').decode(['set', []])).toBeUndefined();
    expect(col('nick').decode('n')).toBe('n');
    expect(col('nick').decode(['set', ['n']])).toBe('n');
    expect(col('owner').decode(['uuid', U1])).toBe(U1);
  });

  it('sets -> frozen arrays, from the full form or the single-atom shorthand', () => {
    const tags = col('tags').decode(['set', ['a', 'b']]);
    expect(tags).toEqual(['a', 'b']);
    expect(Object.isFrozen(tags)).toBe(true);
    expect(col('tags').decode('a')).toEqual(['a']);
    expect(col('parts').decode(['uuid', U1])).toEqual([U1]);
  });

  it('string-keyed maps -> frozen records ("__proto__" stays a key); other maps -> Map', () => {
    const labels = col('labels').decode([
      'map',
      [
        ['__proto__', 'x'],
        ['k', 'v'],
      ],
    ]) as Record<string, string>;
    expect({ ...labels }).toEqual({ ['__proto__']: 'x', k: 'v' });
    expect(Object.hasOwn(labels, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(Object.isFrozen(labels)).toBe(true);
    expect(
      col('weights').decode([
        'map',
        [
          [1, 0.5],
          [2n ** 60n, 1],
        ],
      ]),
    ).toEqual(
      new Map<number | bigint, number>([
        [1, 0.5],
        [2n ** 60n, 1],
      ]),
    );
  });

  it('names malformed wire values', () => {
    expect(() => col('name').decode(3)).toThrow(WireFormatError);
    expect(() => col('owner').decode('not-a-wire-uuid')).toThrow(/expected \["uuid"/);
    expect(() => col('labels').decode(['set', []])).toThrow(/expected \["map"/);
    expect(() => col('nick').decode(['set', ['a', 'b']])).toThrow(/exactly one value/);
  });

  it('a set with a repeated element or a map with a repeated key is a WireFormatError', () => {
    expect(() => col('tags').decode(['set', ['a', 'b', 'a']])).toThrow(/duplicate set element "a"/);
    expect(() =>
      col('labels').decode([
        'map',
        [
          ['k', 'v'],
          ['k', 'w'],
        ],
      ]),
    ).toThrow(/duplicate map key "k"/);
    expect(() =>
      col('weights').decode([
        'map',
        [
          [1, 0.5],
          [1, 0.5],
        ],
      ]),
    ).toThrow(WireFormatError);
  });

  it('uuid sets and string maps check types and repeats at every size', () => {
    const uuids = compileValueCodec({ key: { type: 'uuid' }, min: 0, max: 'unlimited' });
    const strMap = compileValueCodec({
      key: { type: 'string' },
      value: { type: 'string' },
      min: 0,
      max: 'unlimited',
    });
    const intMap = compileValueCodec({
      key: { type: 'string' },
      value: { type: 'integer' },
      min: 0,
      max: 'unlimited',
    });
    const u = (i: number) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
    for (const n of [2, 16, 17, 40]) {
      const ids = Array.from({ length: n }, (_, i) => u(i));
      expect(uuids.decode(['set', ids.map((x) => ['uuid', x])])).toEqual(ids);
      const repeated = [...ids.slice(0, -1), ids[0]!].map((x) => ['uuid', x]);
      expect(() => uuids.decode(['set', repeated])).toThrow(/duplicate set element/);
      const keys = ids.map((x) => [x, x]);
      expect(strMap.decode(['map', keys])).toEqual(Object.fromEntries(keys));
      for (const m of [strMap, intMap]) {
        const pairs = [...ids.slice(0, -1), ids[0]!].map((x) => [x, m === strMap ? 'v' : 1]);
        expect(() => m.decode(['map', pairs])).toThrow(/duplicate map key/);
      }
    }
    expect(() => uuids.decode(['set', [['named-uuid', 'a']]])).toThrow(/expected \["uuid"/);
    expect(() => uuids.decode(['set', [['uuid', U1], U1]])).toThrow(WireFormatError);
    expect(() => uuids.decode(['map', []])).toThrow(/got a map/);
    expect(() => strMap.decode(['map', [['k', 1]]])).toThrow(/expected a string, got 1/);
    expect(() => strMap.decode(['map', [[1, 'v']]])).toThrow(/expected a string, got 1/);
    expect(() => intMap.decode(['map', [['k', 'v']]])).toThrow(/expected an integer/);
    expect(strMap.decode(['map', [['__proto__', 'x']]])).toEqual({ ['__proto__']: 'x' });
  });

  it('defaults of min-1 collections hold one default atom (pair), as RFC 7047 5.2.1 says', () => {
    const int13 = compileValueCodec({
      key: { type: 'integer', minInteger: 1, maxInteger: 3 },
      min: 1,
      max: 1,
    });
    expect(int13.defaultValue).toBe(0);
    const set13 = compileValueCodec({ key: { type: 'integer' }, min: 1, max: 3 });
    expect(set13.defaultValue).toEqual([0]);
    const strInt = { key: { type: 'string' }, value: { type: 'integer' }, min: 1, max: 'unlimited' } as const;
    expect({ ...(compileValueCodec(strInt).defaultValue as object) }).toEqual({ '': 0 });
    const intBool = { key: { type: 'integer' }, value: { type: 'boolean' }, min: 1, max: 2 } as const;
    expect(compileValueCodec(intBool).defaultValue).toEqual(new Map([[0, false]]));
  });

  it('defaults follow the column type', () => {
    expect(col('name').defaultValue).toBe('');
    expect(col('prio').defaultValue).toBe(0);
    expect(col('nick').defaultValue).toBeUndefined();
    expect(col('tags').defaultValue).toEqual([]);
    expect(col('labels').defaultValue).toEqual({});
    expect(col('weights').defaultValue).toEqual(new Map());
  });
});

describe('compileValueCodec: native -> wire', () => {
  it('encodes every shape, named uuids included', () => {
    expect(col('name').encode('x')).toBe('x');
    expect(col('nick').encode(undefined)).toEqual(['set', []]);
    expect(col('nick').encode('n')).toBe('n');
    expect(col('tags').encode(['a'])).toEqual(['set', ['a']]);
    expect(col('parts').encode([U1, namedUuid('p')])).toEqual([
      'set',
      [
        ['uuid', U1],
        ['named-uuid', 'p'],
      ],
    ]);
    expect(col('labels').encode({ a: '1' })).toEqual(['map', [['a', '1']]]);
    expect(col('weights').encode(new Map([[3, 1.5]]))).toEqual(['map', [[3, 1.5]]]);
    expect(col('big').encode(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
  });
});

// Arbitrary native values per column shape, to check encode/decode and diff application.
const atoms = {
  string: fc.string({ maxLength: 6 }),
  integer: fc.oneof(
    fc.integer(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).filter((b) => b > 2n ** 53n || b < -(2n ** 53n)),
  ),
  uuid: fc.uuid(),
};
const shapes: Array<[string, ColumnType, fc.Arbitrary<unknown>]> = [
  ['scalar string', { key: { type: 'string' }, min: 1, max: 1 }, atoms.string],
  [
    'optional integer',
    { key: { type: 'integer' }, min: 0, max: 1 },
    fc.option(atoms.integer, { nil: undefined }),
  ],
  ['set of uuids', { key: { type: 'uuid' }, min: 0, max: 'unlimited' }, fc.uniqueArray(atoms.uuid)],
  [
    'string map',
    { key: { type: 'string' }, value: { type: 'integer' }, min: 0, max: 'unlimited' },
    fc.dictionary(atoms.string, atoms.integer),
  ],
  [
    'integer map',
    { key: { type: 'integer' }, value: { type: 'string' }, min: 0, max: 'unlimited' },
    fc.uniqueArray(fc.tuple(atoms.integer, atoms.string), { selector: (p) => p[0] }).map((e) => new Map(e)),
  ],
];

type DiffKind = 'replace' | 'set' | 'map';
const diffKind = (t: ColumnType): DiffKind => (t.max === 1 ? 'replace' : t.value ? 'map' : 'set');

describe('properties', () => {
  it.each(shapes)('%s: decode(encode(v)) equals v', (_name, type, arb) => {
    const codec = compileValueCodec(type);
    fc.assert(
      fc.property(arb, (v) => {
        const back = codec.decode(codec.encode(v));
        if (v !== null && typeof v === 'object' && !(v instanceof Map) && !Array.isArray(v))
          expect({ ...(back as object) }).toEqual(v);
        else expect(back).toEqual(v);
      }),
    );
  });

  it.each(shapes)('%s: applying the server-style diff from a to b gives b', (_name, type, arb) => {
    const codec = compileValueCodec(type);
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        // Build the server's diff from a to b on the wire, apply it both ways, compare.
        const wa = codec.encode(a);
        const wb = codec.encode(b);
        const diff = diffKind(type) === 'replace' ? wb : serverDiff(wa, wb, diffKind(type));
        const viaNative = codec.applyDiff(codec.decode(wa), diff);
        expect(normalise(viaNative)).toEqual(normalise(codec.decode(wb)));
      }),
    );
  });
});

function serverDiff(a: unknown, b: unknown, kind: DiffKind): WireValue {
  const key = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  if (kind === 'set') {
    const xa = (a as ['set', unknown[]])[1];
    const xb = (b as ['set', unknown[]])[1];
    const ka = new Set(xa.map(key));
    const kb = new Set(xb.map(key));
    return ['set', [...xa.filter((x) => !kb.has(key(x))), ...xb.filter((x) => !ka.has(key(x)))]] as WireValue;
  }
  const pa = new Map((a as ['map', [unknown, unknown][]])[1].map((p) => [key(p[0]), p] as const));
  const pb = new Map((b as ['map', [unknown, unknown][]])[1].map((p) => [key(p[0]), p] as const));
  const out: unknown[] = [];
  for (const [k, p] of pa) if (!pb.has(k)) out.push(p);
  for (const [k, p] of pb) if (!pa.has(k) || key(pa.get(k)?.[1]) !== key(p[1])) out.push(p);
  return ['map', out] as WireValue;
}

function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return [...v].map(String).sort();
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => `${k}=${x}`).sort();
  if (v && typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${k}=${String(x)}`)
      .sort();
  return v;
}

describe('set diffs', () => {
  // The rule, order included: elements of the set not in the diff keep their order, then the
  // diff's elements not in the set, in the diff's order.
  const toggledRef = (set: readonly unknown[], diff: readonly unknown[]) => [
    ...set.filter((e) => !diff.includes(e)),
    ...diff.filter((e) => !set.includes(e)),
  ];
  const cases: Array<[string, ColumnType, fc.Arbitrary<unknown>, (a: unknown) => WireValue]> = [
    ['uuid', { key: { type: 'uuid' }, min: 0, max: 'unlimited' }, atoms.uuid, (u) => ['uuid', u as string]],
    ['integer', { key: { type: 'integer' }, min: 0, max: 'unlimited' }, atoms.integer, (i) => i as WireValue],
  ];

  it.each(cases)(
    'set of %s: a diff of few or many elements toggles them, in order',
    (_n, type, atom, wire) => {
      const codec = compileValueCodec(type);
      fc.assert(
        fc.property(
          fc.uniqueArray(atom, { maxLength: 40 }),
          fc.uniqueArray(atom, { maxLength: 20 }),
          fc.uniqueArray(atom, { maxLength: 12 }),
          fc.boolean(),
          (set, fromSet, fresh, removeSome) => {
            // The diff mixes elements of the set (removed) and others (added), or only adds.
            const removed = removeSome ? set.filter((e, i) => i % 3 === 0 || fromSet.includes(e)) : [];
            const added = fresh.filter((e) => !set.includes(e));
            const diff = [...added.slice(0, 3), ...removed, ...added.slice(3)];
            const current = codec.decode(['set', set.map(wire)]);
            const after = codec.applyDiff(current, ['set', diff.map(wire)]) as readonly unknown[];
            expect([...after]).toEqual(toggledRef(set, diff));
            expect(Object.isFrozen(after)).toBe(true);
            // The old value is untouched (replica rows share it with earlier snapshots).
            expect([...(current as readonly unknown[])]).toEqual(set);
          },
        ),
      );
    },
  );

  it('adding one element to a set of thousands appends it; removing it gives the set back', () => {
    const codec = compileValueCodec({ key: { type: 'uuid' }, min: 0, max: 'unlimited' });
    const uuids = Array.from(
      { length: 5000 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const set = codec.decode(['set', uuids.map((u) => ['uuid', u])]);
    const extra = '11111111-0000-4000-8000-000000000000';
    const grown = codec.applyDiff(set, ['uuid', extra]) as readonly unknown[];
    expect(grown.length).toBe(5001);
    expect(grown[5000]).toBe(extra);
    expect(codec.applyDiff(grown, ['uuid', extra])).toEqual(uuids);
    expect(codec.applyDiff(codec.decode(['uuid', extra]), ['uuid', extra])).toEqual([]);
  });
});
