// Rows whose large set columns the replica keeps as SetVersions must read exactly as the plain
// frozen-array rows (the codec's applyDiff) would, whenever they are read, old rows included.
import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compileValueCodec } from '../model/value-codec.js';
import { rawResult } from '../rpc/raw-message.test-support.js';
import type { ColumnType } from '../schema/types.js';
import { Replica, type UpdateMessage } from './replica.js';
import { LARGE_SET } from './set-versions.js';
import type { ReplicaRow, TableCodec } from './types.js';

const uuidSet: ColumnType = { key: { type: 'uuid' }, min: 0, max: 'unlimited' };
const intSet: ColumnType = { key: { type: 'integer' }, min: 0, max: 'unlimited' };
const str: ColumnType = { key: { type: 'string' }, min: 1, max: 1 };
const strMap: ColumnType = { key: { type: 'string' }, value: { type: 'string' }, min: 0, max: 'unlimited' };
const COLUMNS = ['name', 'nat', 'ports', 'external_ids'] as const;
const TYPES: Record<(typeof COLUMNS)[number], ColumnType> = {
  name: str,
  nat: uuidSet,
  ports: intSet,
  external_ids: strMap,
};
const plainCodecs = new Map(COLUMNS.map((c) => [c, compileValueCodec(TYPES[c])]));
const replicaCodec = (): TableCodec => ({
  columns: new Map(COLUMNS.map((c) => [c, compileValueCodec(TYPES[c])])),
});

const ROUTER = '00000000-0000-4000-8000-000000000000';
const U = (n: number) => `00000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`;
const wireUuids = (ns: readonly number[]) => ['set', ns.map((n) => ['uuid', U(n)])];

type Plain = Record<string, unknown>;

/** What the row is with plain arrays: the codec's own decode and applyDiff (unchanged). */
function plainModify(row: Plain, diff: Record<string, unknown>): Plain {
  const next: Plain = { ...row };
  for (const [c, d] of Object.entries(diff)) next[c] = plainCodecs.get(c as never)!.applyDiff(row[c], d);
  return next;
}

function asRaw(msg: UpdateMessage): UpdateMessage {
  const m = msg as { updates: unknown; lastTxnId?: string };
  return { format: 'update2', updates: rawResult(JSON.stringify(m.updates)) as never };
}

const diffArb = fc.record(
  {
    // Mostly a few toggles (a NAT added or removed), sometimes a large batch that moves the set
    // across the threshold either way.
    nat: fc.oneof(
      { weight: 6, arbitrary: fc.uniqueArray(fc.nat(LARGE_SET * 2), { minLength: 1, maxLength: 6 }) },
      { weight: 1, arbitrary: fc.uniqueArray(fc.nat(LARGE_SET * 2), { minLength: 1, maxLength: 500 }) },
    ),
    ports: fc.uniqueArray(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 3 }),
    name: fc.string({ maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const expectSameRow = (row: ReplicaRow, plain: Plain) => {
  const r = row as unknown as Plain;
  expect(Object.keys(r)).toEqual(['_uuid', ...COLUMNS]);
  for (const c of COLUMNS) {
    expect(r[c]).toEqual(plain[c]);
    expect(r[c]).toBe(r[c]);
  }
  expect(Object.isFrozen(r)).toBe(true);
  expect(Object.isFrozen(r.nat)).toBe(true);
};

describe.each([['eager'], ['lazy']])('large set columns, %s snapshot', (mode) => {
  it('rows read as the plain rows, in order, new and old, read at once, later or never', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(LARGE_SET * 2), { minLength: LARGE_SET - 20, maxLength: LARGE_SET + 200 }),
        fc.array(fc.record({ diff: diffArb, readNew: fc.boolean(), readOld: fc.boolean() }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (initialNat, steps, laterReads) => {
          const replica = new Replica({ tables: { LR: replicaCodec() } });
          const seen: { old: ReplicaRow; new: ReplicaRow }[] = [];
          replica.onChange((b) => {
            for (const c of b.changes) if (c.kind === 'update') seen.push({ old: c.old, new: c.new });
          });
          const initial = { name: 'r', nat: wireUuids(initialNat), ports: ['set', [1, 2]] };
          const snapshot: UpdateMessage = { format: 'update2', updates: { LR: { [ROUTER]: { initial } } } };
          replica.applySnapshot(mode === 'lazy' ? asRaw(snapshot) : snapshot, { kind: 'full' });
          const plains: Plain[] = [
            {
              _uuid: ROUTER,
              ...Object.fromEntries(COLUMNS.map((c) => [c, plainCodecs.get(c)!.defaultValue])),
            },
          ];
          for (const c of COLUMNS) {
            const w = (initial as Record<string, unknown>)[c];
            if (w !== undefined) plains[0]![c] = plainCodecs.get(c)!.decode(w);
          }
          for (const s of steps) {
            const diff: Record<string, unknown> = {};
            if (s.diff.nat) diff.nat = wireUuids(s.diff.nat);
            if (s.diff.ports) diff.ports = ['set', s.diff.ports];
            if (s.diff.name !== undefined) diff.name = s.diff.name;
            if (Object.keys(diff).length === 0) continue;
            replica.applyUpdate({ format: 'update2', updates: { LR: { [ROUTER]: { modify: diff } } } });
            plains.push(plainModify(plains.at(-1)!, diff));
            const change = seen.at(-1)!;
            expect(seen).toHaveLength(plains.length - 1);
            expect(replica.table('LR').get(ROUTER)).toBe(change.new);
            if (s.readNew) expectSameRow(change.new, plains.at(-1)!);
            if (s.readOld) expectSameRow(change.old, plains.at(-2)!);
            // A column the diff left alone is the same value as before.
            if (diff.nat === undefined)
              expect((change.new as unknown as Plain).nat).toBe((change.old as unknown as Plain).nat);
          }
          // Every step's diff may have been empty: then there is no change to read again.
          for (const i of seen.length > 0 ? laterReads : []) {
            const k = i % seen.length;
            expectSameRow(seen[k]!.new, plains[k + 1]!);
            expectSameRow(seen[k]!.old, plains[k]!);
          }
          expectSameRow(replica.table('LR').get(ROUTER)!, plains.at(-1)!);
        },
      ),
      // A failing run is reported as found: shrinking sets of hundreds of uuids takes minutes.
      { numRuns: 60, endOnFailure: true },
    );
  });
});

describe('a row with a versioned set column, seen from outside', () => {
  function versionedRow(): { row: ReplicaRow; plain: Plain } {
    const replica = new Replica({ tables: { LR: replicaCodec() } });
    const nat = Array.from({ length: LARGE_SET + 1 }, (_, i) => i);
    replica.applySnapshot(
      { format: 'update2', updates: { LR: { [ROUTER]: { initial: { name: 'r', nat: wireUuids(nat) } } } } },
      { kind: 'full' },
    );
    replica.applyUpdate({
      format: 'update2',
      updates: { LR: { [ROUTER]: { modify: { nat: wireUuids([0, LARGE_SET + 5]) } } } },
    });
    const row = replica.table('LR').get(ROUTER)!;
    const plain = {
      _uuid: ROUTER,
      name: 'r',
      nat: [...nat.slice(1), LARGE_SET + 5].map(U),
      ports: [],
      external_ids: {},
    };
    return { row, plain };
  }

  it('spreads, serialises, clones, compares and prints as the plain row', () => {
    const { row, plain } = versionedRow();
    expect({ ...row }).toEqual(plain);
    expect(Object.entries(row)).toEqual(Object.entries(plain));
    expect(JSON.stringify(row)).toBe(JSON.stringify(plain));
    expect(structuredClone(row)).toEqual(plain);
    expect(row).toStrictEqual(plain);
    expect(inspect(row, { depth: 3, maxArrayLength: 3 })).toBe(
      inspect(plain, { depth: 3, maxArrayLength: 3 }),
    );
  });

  it('is frozen: assigning a column throws and leaves the value', () => {
    const { row } = versionedRow();
    const before = (row as unknown as Plain).nat;
    expect(() => {
      (row as unknown as Plain).nat = [];
    }).toThrow(TypeError);
    expect(() => {
      (row as unknown as Plain).extra = 1;
    }).toThrow(TypeError);
    expect((row as unknown as Plain).nat).toBe(before);
    expect(Object.isFrozen(row)).toBe(true);
  });
});
