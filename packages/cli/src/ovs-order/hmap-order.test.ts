import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { hmapOrder } from './hmap-order.js';
import { idlRowOrder, smapKeyOrder } from './idl-order.js';
import { ovsHashBytes, ovsHashString } from './ovs-hash.js';

describe('hmapOrder (model of OVS lib/hmap.c)', () => {
  it('returns a permutation of its input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 300 }), (hashes) => {
        const items = hashes.map((h, i) => ({ h, i }));
        const out = hmapOrder(items, (x) => x.h);
        expect(out.map((x) => x.i).sort((a, b) => a - b)).toEqual(items.map((x) => x.i));
      }),
    );
  });

  it('walks buckets in index order, newest first within a bucket, and re-buckets on growth', () => {
    // One node: mask 0. Two nodes: n/2 = 1 > 0 → grows to calc_mask(2) = 3 (4 buckets).
    expect(hmapOrder(['a', 'b'], (x) => (x === 'a' ? 1 : 0))).toEqual(['b', 'a']);
    // Same bucket (hashes 4, 8, 12 with mask 3): growth at the second insert reverses [y, x] to
    // [x, y]; the third insert then goes to the head of the bucket.
    const h: Record<string, number> = { x: 4, y: 8, z: 12 };
    expect(hmapOrder(['x', 'y'], (k) => h[k]!)).toEqual(['x', 'y']);
    expect(hmapOrder(['x', 'y', 'z'], (k) => h[k]!)).toEqual(['z', 'x', 'y']);
  });
});

describe('ovsHashBytes (OVS lib/hash.c hash_bytes)', () => {
  it('is the murmur-style hash: zero-length and word/tail cases differ and are stable', () => {
    expect(ovsHashBytes(new Uint8Array([]))).toBe(ovsHashBytes(new Uint8Array([])));
    expect(ovsHashString('abcd')).not.toBe(ovsHashString('abcde'));
    // A zero word does not change the running hash before the rotation (mhash_add__).
    expect(ovsHashBytes(new Uint8Array([0, 0, 0, 0]))).not.toBe(ovsHashBytes(new Uint8Array([])));
    expect(ovsHashString('é')).toBe(ovsHashBytes(new Uint8Array([0xc3, 0xa9])));
  });
});

describe('idl order helpers', () => {
  it('idlRowOrder and smapKeyOrder are permutations', () => {
    const uuids = [
      '00000000-0000-0000-0000-000000000001',
      'ffffffff-0000-0000-0000-000000000000',
      '80000000-0000-0000-0000-000000000000',
    ];
    expect([...idlRowOrder(uuids)].sort()).toEqual([...uuids].sort());
    expect([...smapKeyOrder(['b', 'a', 'c'])].sort()).toEqual(['a', 'b', 'c']);
  });
});
