import { describe, expect, it } from '@jest/globals';
import { compileValueCodec, type ValueDecoder } from '../model/value-codec.js';
import { WireFormatError } from '../wire/wire-format-error.js';
import { decodeRow } from './row-decoding.js';
import type { ReplicaRow, TableCodec } from './types.js';

const U = '00000000-0000-4000-8000-000000000001';
const integer = compileValueCodec({ key: { type: 'integer' }, min: 1, max: 1 });
const text = compileValueCodec({ key: { type: 'string' }, min: 1, max: 1 });
const strings = compileValueCodec({ key: { type: 'string' }, min: 0, max: 'unlimited' });

/** A table of `n` columns c0..c(n-1), cycling through an integer, a string and a string set. */
function table(n: number): TableCodec {
  const kinds = [integer, text, strings];
  const columns = new Map<string, ValueDecoder>();
  for (let i = 0; i < n; i++) columns.set(`c${i}`, kinds[i % 3]!);
  return { columns };
}

/** Column i's wire value and native value in row `seed`. */
function value(i: number, seed: number): [unknown, unknown] {
  if (i % 3 === 0) return [i * 10 + seed, i * 10 + seed];
  if (i % 3 === 1) return [`v${i}-${seed}`, `v${i}-${seed}`];
  return [
    ['set', [`a${i}`, `b${seed}`]],
    [`a${i}`, `b${seed}`],
  ];
}

// Rows of up to 64 columns are built by one generated object literal, wider ones by the loop:
// both must give the same row, in the same column order, with the same fallbacks.
describe.each([3, 9, 64, 65, 100])('decodeRow, %i columns', (n) => {
  const codec = table(n);
  const names = [...codec.columns.keys()];

  it('decodes every column in schema order, frozen', () => {
    const wire = Object.fromEntries(names.map((c, i) => [c, value(i, 1)[0]]));
    const row = decodeRow(codec, U, wire) as unknown as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(['_uuid', ...names]);
    expect(row).toEqual({ _uuid: U, ...Object.fromEntries(names.map((c, i) => [c, value(i, 1)[1]])) });
    expect(Object.isFrozen(row)).toBe(true);
  });

  it('takes a missing column from the base row, else its default', () => {
    const full = Object.fromEntries(names.map((c, i) => [c, value(i, 1)[0]]));
    const base = decodeRow(codec, U, full);
    const partial = Object.fromEntries(names.filter((_, i) => i % 2 === 0).map((c) => [c, full[c]]));
    partial.c0 = value(0, 2)[0];
    const row = decodeRow(codec, U, partial, base) as unknown as Record<string, unknown>;
    const bare = decodeRow(codec, U, {}) as unknown as Record<string, unknown>;
    names.forEach((c, i) => {
      expect(row[c]).toEqual(i === 0 ? value(0, 2)[1] : value(i, 1)[1]);
      if (i % 2 === 1) expect(row[c]).toBe((base as unknown as Record<string, unknown>)[c]);
      expect(bare[c]).toEqual(codec.columns.get(c)!.defaultValue);
    });
  });

  it('throws the error of the first bad column in schema order', () => {
    const caught = (fn: () => unknown): Error => {
      try {
        fn();
      } catch (err) {
        return err as Error;
      }
      throw new Error('nothing thrown');
    };
    const wire: Record<string, unknown> = Object.fromEntries(names.map((c, i) => [c, value(i, 1)[0]]));
    wire[names[n - 1]!] = ['map', [[1, 2]]];
    wire.c1 = 7; // a number where c1 wants a string
    const first = caught(() => decodeRow(codec, U, wire));
    expect(first).toBeInstanceOf(WireFormatError);
    expect(first.message).toBe(caught(() => text.decode(7)).message);
    const last = caught(() => decodeRow(codec, U, { ...wire, c1: 'fine' }));
    expect(last.message).toBe(
      caught(() => codec.columns.get(names[n - 1]!)!.decode(['map', [[1, 2]]])).message,
    );
    expect(last.message).not.toBe(first.message);
  });

  it('gives two rows of one table the same keys and their own values', () => {
    const a = decodeRow(codec, U, { c0: 1 }) as ReplicaRow & Record<string, unknown>;
    const b = decodeRow(codec, U, { c0: 2 }) as ReplicaRow & Record<string, unknown>;
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect([a.c0, b.c0]).toEqual([1, 2]);
  });
});
