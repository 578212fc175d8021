import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ValueDecoder } from '../model/value-codec.js';
import { rawResult } from '../rpc/raw-message.test-support.js';
import type { ChangeBatch, FeedBatch } from './change-feed.js';
import { IndexArityError, ReplicaUpdateError, TableNotReplicatedError, UnknownIndexError } from './errors.js';
import { Replica, type SnapshotOptions, type UpdateMessage } from './replica.js';
import type { TableCodec, TableRows } from './types.js';

// Every test runs twice: with snapshots and updates applied as parsed objects, and as a large
// monitor reply reaches the replica (rows unparsed, decoded on first read; see raw-message.ts).
let lazy = false;

/** A large message carrying `msg`, as a `rawObjects` monitor reply delivers it. */
function asRaw(msg: UpdateMessage): UpdateMessage {
  if (msg.format === 'update')
    return { format: 'update', updates: rawResult(JSON.stringify(msg.updates)) as never };
  if (msg.format === 'update2')
    return {
      format: 'update2',
      updates: rawResult(JSON.stringify(msg.updates)) as never,
      lastTxnId: msg.lastTxnId,
    };
  const r = rawResult(JSON.stringify([false, msg.lastTxnId, msg.updates])) as unknown[];
  return { format: 'update3', updates: r[2] as never, lastTxnId: msg.lastTxnId };
}

class TestReplica<T extends TableRows> extends Replica<T> {
  override applySnapshot(msg: UpdateMessage, opts: SnapshotOptions): void {
    super.applySnapshot(lazy ? asRaw(msg) : msg, opts);
  }
  override applyUpdate(msg: UpdateMessage): void {
    super.applyUpdate(lazy ? asRaw(msg) : msg);
  }
}

// A hand-written codec for string scalars, string sets and string->string maps, following the
// update2 diff rules of ovsdb-server(7): a set diff toggles elements, a map diff removes a key sent
// with its current value, and adds or replaces any other.
const EMPTY_SET: readonly string[] = Object.freeze([]);
const EMPTY_MAP: Readonly<Record<string, string>> = Object.freeze({});
const scalar: ValueDecoder = { decode: (w) => w, applyDiff: (_c, d) => d, defaultValue: '' };
const set: ValueDecoder = {
  decode: (w) =>
    Object.freeze(Array.isArray(w) && w[0] === 'set' ? [...(w[1] as string[])].sort() : [w as string]),
  applyDiff(c, d) {
    const cur = new Set(c as string[]);
    for (const x of set.decode(d) as string[]) if (!cur.delete(x)) cur.add(x);
    return Object.freeze([...cur].sort());
  },
  defaultValue: EMPTY_SET,
};
const map: ValueDecoder = {
  decode: (w) => Object.freeze(Object.fromEntries((w as [string, [string, string][]])[1])),
  applyDiff(c, d) {
    const cur: Record<string, string> = { ...(c as Record<string, string>) };
    for (const [k, v] of (d as [string, [string, string][]])[1]) {
      if (cur[k] === v) delete cur[k];
      else cur[k] = v;
    }
    return Object.freeze(cur);
  },
  defaultValue: EMPTY_MAP,
};
const lr: TableCodec = {
  columns: new Map([
    ['name', scalar],
    ['ports', set],
    ['external_ids', map],
  ]),
  uniqueIndexes: [['name']],
};
const lsp: TableCodec = {
  columns: new Map([
    ['name', scalar],
    ['type', scalar],
  ]),
};

interface LR {
  readonly _uuid: string;
  readonly name: string;
  readonly ports: readonly string[];
  readonly external_ids: Readonly<Record<string, string>>;
}
interface LSP {
  readonly _uuid: string;
  readonly name: string;
  readonly type: string;
}
type Tables = { Logical_Router: LR; Logical_Switch_Port: LSP };

const U = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const m = (o: Record<string, string>) => ['map', Object.entries(o)];

function make(indexes?: Record<string, string[]>) {
  return new TestReplica<Tables>({ tables: { Logical_Router: lr, Logical_Switch_Port: lsp }, indexes });
}

function synced(indexes?: Record<string, string[]>) {
  const r = make(indexes);
  r.beginSync();
  r.applySnapshot(
    {
      format: 'update2',
      updates: {
        Logical_Router: {
          [U(1)]: { initial: { name: 'r1', external_ids: m({ 'k8s.ovn.org/id': 'a', owner: 'x' }) } },
          [U(2)]: {
            initial: {
              name: 'r2',
              ports: ['set', ['p1', 'p2']],
              external_ids: m({ 'k8s.ovn.org/id': 'b', owner: 'x' }),
            },
          },
        },
      },
      lastTxnId: 't1',
    },
    { kind: 'full' },
  );
  return r;
}

describe.each([['eager'], ['lazy']])('%s rows', (mode) => {
  beforeAll(() => {
    lazy = mode === 'lazy';
  });

  describe('Replica: applying updates', () => {
    it('fills defaults for columns update2 leaves out, and freezes rows', async () => {
      const r = synced();
      await r.ready;
      const r1 = r.table('Logical_Router').get(U(1))!;
      expect(r1).toEqual({
        _uuid: U(1),
        name: 'r1',
        ports: [],
        external_ids: { 'k8s.ovn.org/id': 'a', owner: 'x' },
      });
      expect(Object.isFrozen(r1)).toBe(true);
      expect(r.lastTxnId).toBe('t1');
      expect(r.isReady).toBe(true);
    });

    it('modify makes a new row object; untouched rows and columns keep their identity', () => {
      const r = synced();
      const t = r.table('Logical_Router');
      const before1 = t.get(U(1))!;
      const before2 = t.get(U(2))!;
      r.applyUpdate({
        format: 'update2',
        updates: { Logical_Router: { [U(2)]: { modify: { ports: ['set', ['p1', 'p3']] } } } },
      });
      const after2 = t.get(U(2))!;
      expect(after2).not.toBe(before2);
      expect(after2.ports).toEqual(['p2', 'p3']);
      expect(after2.external_ids).toBe(before2.external_ids);
      expect(before2.ports).toEqual(['p1', 'p2']); // the old object is untouched
      expect(t.get(U(1))).toBe(before1);
    });

    it('applies RFC 7047 update (old/new) including deletes', () => {
      const r = make();
      r.beginSync();
      r.applySnapshot(
        { format: 'update', updates: { Logical_Switch_Port: { [U(5)]: { new: { name: 'p', type: '' } } } } },
        { kind: 'full' },
      );
      r.applyUpdate({
        format: 'update',
        updates: {
          Logical_Switch_Port: { [U(5)]: { old: { type: '' }, new: { name: 'p', type: 'router' } } },
        },
      });
      expect(r.table('Logical_Switch_Port').get(U(5))?.type).toBe('router');
      r.applyUpdate({
        format: 'update',
        updates: { Logical_Switch_Port: { [U(5)]: { old: { name: 'p', type: 'router' } } } },
      });
      expect(r.table('Logical_Switch_Port').size).toBe(0);
    });

    it('holds updates that arrive before the monitor reply and applies them after it', async () => {
      const r = make();
      let ready = false;
      r.ready.then(() => {
        ready = true;
      });
      r.beginSync();
      r.applyUpdate({
        format: 'update2',
        updates: { Logical_Switch_Port: { [U(7)]: { modify: { type: 'router' } } } },
        lastTxnId: 't2',
      });
      expect(r.table('Logical_Switch_Port').size).toBe(0);
      r.applySnapshot(
        {
          format: 'update2',
          updates: { Logical_Switch_Port: { [U(7)]: { initial: { name: 'p7' } } } },
          lastTxnId: 't1',
        },
        { kind: 'full' },
      );
      expect(r.table('Logical_Switch_Port').get(U(7))).toEqual({ _uuid: U(7), name: 'p7', type: 'router' });
      expect(r.lastTxnId).toBe('t2');
      await r.ready;
      expect(ready).toBe(true);
    });

    it('a full resync deletes rows missing from the snapshot and keeps unchanged rows as they are', () => {
      const r = synced();
      const t = r.table('Logical_Router');
      const keep = t.get(U(1))!;
      const batches: ChangeBatch<Tables>[] = [];
      r.onChange((b) => batches.push(b));
      r.beginSync();
      r.applySnapshot(
        {
          format: 'update2',
          updates: {
            Logical_Router: {
              [U(1)]: { initial: { name: 'r1', external_ids: m({ 'k8s.ovn.org/id': 'a', owner: 'x' }) } },
              [U(3)]: { initial: { name: 'r3' } },
            },
          },
        },
        { kind: 'full' },
      );
      expect(t.get(U(1))).toBe(keep);
      expect(t.get(U(2))).toBeUndefined();
      expect(t.lookup('name', 'r2')).toBeUndefined();
      expect(batches).toHaveLength(1);
      expect(batches[0]!.cause).toBe('resync');
      expect(
        batches[0]!.changes.map((c) => `${c.kind} ${c.kind === 'delete' ? c.old.name : c.new.name}`).sort(),
      ).toEqual(['delete r2', 'insert r3']);
    });

    it('rejects a modify of an unknown row, and an update entry with no operation, naming the row', () => {
      const r = synced();
      expect(() =>
        r.applyUpdate({
          format: 'update2',
          updates: { Logical_Router: { [U(9)]: { modify: { name: 'x' } } } },
        }),
      ).toThrow(ReplicaUpdateError);
      expect(() => r.applyUpdate({ format: 'update2', updates: { Logical_Router: { [U(9)]: {} } } })).toThrow(
        /no initial\/insert\/modify\/delete/,
      );
    });

    it('applies an incremental monitor_cond_since snapshot (insert, modify, delete) and keeps its txn id', () => {
      const r = synced();
      const byName = r.table('Logical_Router').index('name');
      r.beginSync();
      r.applySnapshot(
        {
          format: 'update3',
          updates: {
            Logical_Router: {
              [U(1)]: { modify: { name: 'r1b', ports: ['set', ['p9']] } },
              [U(2)]: { delete: null },
              [U(5)]: { insert: { name: 'r5', external_ids: m({ 'k8s.ovn.org/id': 'e' }) } },
            },
          },
          lastTxnId: 't2',
        },
        { kind: 'incremental' },
      );
      expect(r.lastTxnId).toBe('t2');
      expect([...r.table('Logical_Router')].map((x) => [x._uuid, x.name, x.ports])).toEqual([
        [U(1), 'r1b', ['p9']],
        [U(5), 'r5', []],
      ]);
      expect(byName.get('r1')).toBeUndefined();
      expect(byName.get('r2')).toBeUndefined();
      expect(byName.get('r5')?._uuid).toBe(U(5));
      expect(r.table('Logical_Router').get(U(1))?.external_ids).toEqual({
        'k8s.ovn.org/id': 'a',
        owner: 'x',
      });
    });

    it('a row whose value the codec refuses fails the snapshot, or (lazy) its first read, naming the row', () => {
      const r = make();
      r.beginSync();
      const apply = () =>
        r.applySnapshot(
          {
            format: 'update2',
            updates: {
              Logical_Router: {
                [U(1)]: { initial: { name: 'ok' } },
                [U(2)]: { initial: { external_ids: 5 } },
              },
            },
          },
          { kind: 'full' },
        );
      if (!lazy) {
        expect(apply).toThrow(TypeError);
        return;
      }
      apply();
      expect(r.table('Logical_Router').get(U(1))?.name).toBe('ok');
      expect(() => r.table('Logical_Router').get(U(2))).toThrow(ReplicaUpdateError);
      expect(() => r.table('Logical_Router').get(U(2))).toThrow(`Logical_Router row ${U(2)}`);
    });
  });

  describe('Replica: indexes', () => {
    it('looks rows up by the schema index, a map key, and several columns', () => {
      const r = synced({
        Logical_Router: ['external_ids:k8s.ovn.org/id', 'external_ids:owner', 'name,external_ids:owner'],
      });
      const t = r.table('Logical_Router');
      expect(t.indexNames()).toEqual([
        'name',
        'external_ids:k8s.ovn.org/id',
        'external_ids:owner',
        'name,external_ids:owner',
      ]);
      expect(t.lookup('name', 'r2')?._uuid).toBe(U(2));
      expect(t.index('name').unique).toBe(true);
      expect(t.lookup('external_ids:k8s.ovn.org/id', 'a')?._uuid).toBe(U(1));
      expect([...t.index('external_ids:owner').all('x')].map((x) => x.name).sort()).toEqual(['r1', 'r2']);
      expect(t.index(['name', 'external_ids:owner']).get('r1', 'x')?._uuid).toBe(U(1));
      expect(t.index('name,external_ids:owner').get('r1', 'y')).toBeUndefined();
      // A row without the key is not in the map-key index; after a modify adds it, it is.
      r.applyUpdate({
        format: 'update2',
        updates: { Logical_Router: { [U(1)]: { modify: { external_ids: m({ owner: 'x' }) } } } },
      });
      expect(t.get(U(1))?.external_ids).toEqual({ 'k8s.ovn.org/id': 'a' });
      expect([...t.index('external_ids:owner').all('x')].map((x) => x.name)).toEqual(['r2']);
      r.applyUpdate({
        format: 'update2',
        updates: { Logical_Router: { [U(1)]: { modify: { external_ids: m({ owner: 'z' }) } } } },
      });
      expect(t.index('external_ids:owner').get('z')?.name).toBe('r1');
    });

    it('names what is wrong with a bad index or table', () => {
      expect(() => make({ Logical_Router: ['nope'] })).toThrow(/column "nope" is not replicated/);
      expect(() => make({ Nope: ['name'] })).toThrow(TableNotReplicatedError);
      const r = synced();
      expect(() => r.table('Logical_Router').index('ports')).toThrow(UnknownIndexError);
      expect(() => r.table('Logical_Router').lookup('name', 'a', 'b')).toThrow(IndexArityError);
      expect(() => r.table('Nope' as 'Logical_Router')).toThrow(
        /"Nope" is not replicated \(replicated tables: Logical_Router, Logical_Switch_Port\)/,
      );
    });

    it('a unique index tolerates two rows sharing a value inside one update', () => {
      const r = synced();
      r.applyUpdate({
        format: 'update2',
        updates: {
          Logical_Router: { [U(3)]: { insert: { name: 'r1' } }, [U(1)]: { modify: { name: 'r1-old' } } },
        },
      });
      const t = r.table('Logical_Router');
      expect(t.lookup('name', 'r1')?._uuid).toBe(U(3));
      expect(t.lookup('name', 'r1-old')?._uuid).toBe(U(1));
    });

    it('indexes always agree with a scan (property)', () => {
      const name = fc.constantFrom('a', 'b', 'c', 'd');
      const op = fc.record({
        row: fc.integer({ min: 1, max: 6 }),
        kind: fc.constantFrom('put', 'del', 'mod'),
        name,
        id: name,
      });
      fc.assert(
        fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
          const r = synced({ Logical_Router: ['external_ids:k8s.ovn.org/id'] });
          for (const o of ops) {
            const t = r.table('Logical_Router');
            const uuid = U(o.row);
            const has = t.has(uuid);
            if (o.kind === 'del' && has)
              r.applyUpdate({ format: 'update2', updates: { Logical_Router: { [uuid]: { delete: null } } } });
            else if (o.kind === 'mod' && has) {
              // Sending the current value removes the key; any other value replaces it.
              const diff = m({ 'k8s.ovn.org/id': o.id });
              r.applyUpdate({
                format: 'update2',
                updates: { Logical_Router: { [uuid]: { modify: { name: o.name, external_ids: diff } } } },
              });
            } else if (!has) {
              r.applyUpdate({
                format: 'update2',
                updates: {
                  Logical_Router: {
                    [uuid]: { insert: { name: o.name, external_ids: m({ 'k8s.ovn.org/id': o.id }) } },
                  },
                },
              });
            }
          }
          const t = r.table('Logical_Router');
          for (const key of ['a', 'b', 'c', 'd', 'r1', 'r2']) {
            const byScan = t
              .filter((x) => x.name === key)
              .map((x) => x._uuid)
              .sort();
            expect([...t.index('name').all(key)].map((x) => x._uuid).sort()).toEqual(byScan);
            const byScan2 = t
              .filter((x) => x.external_ids['k8s.ovn.org/id'] === key)
              .map((x) => x._uuid)
              .sort();
            expect([...t.index('external_ids:k8s.ovn.org/id').all(key)].map((x) => x._uuid).sort()).toEqual(
              byScan2,
            );
          }
        }),
      );
    });
  });

  describe('Replica: change feed', () => {
    it('reports one batch per update with old and new rows, to listeners and iterators', async () => {
      const r = synced();
      const seen: ChangeBatch<Tables>[] = [];
      const off = r.onChange((b) => seen.push(b));
      const it = r.changes();
      const old2 = r.table('Logical_Router').get(U(2))!;
      r.applyUpdate({
        format: 'update2',
        updates: {
          Logical_Router: {
            [U(2)]: { modify: { name: 'r2b' } },
            [U(1)]: { delete: null },
            [U(4)]: { insert: { name: 'r4' } },
          },
        },
        lastTxnId: 't9',
      });
      off();
      r.applyUpdate({ format: 'update2', updates: { Logical_Router: { [U(4)]: { delete: null } } } });
      expect(seen).toHaveLength(1);
      const b = (await it.next()).value as ChangeBatch<Tables>;
      expect(b).toBe(seen[0]);
      expect(b.lastTxnId).toBe('t9');
      const upd = b.changes.find((c) => c.kind === 'update');
      expect(upd).toEqual({
        table: 'Logical_Router',
        kind: 'update',
        old: old2,
        new: r.table('Logical_Router').get(U(2)),
      });
      expect(b.changes.filter((c) => c.kind === 'delete').map((c) => c.old._uuid)).toEqual([U(1)]);
      expect(b.changes.filter((c) => c.kind === 'insert').map((c) => c.new._uuid)).toEqual([U(4)]);
      const b2 = (await it.next()).value as ChangeBatch<Tables>;
      expect(b2.changes).toEqual([
        { table: 'Logical_Router', kind: 'delete', old: expect.objectContaining({ name: 'r4' }) },
      ]);
      await it.return!();
      expect(await it.next()).toEqual({ value: undefined, done: true });
    });

    it('a lagging iterator gets one resync marker instead of losing changes, then continues', async () => {
      const r = synced();
      const it = r.changes({ maxPendingChanges: 3 });
      for (let i = 10; i < 20; i++) {
        r.applyUpdate({
          format: 'update2',
          updates: { Logical_Switch_Port: { [U(i)]: { insert: { name: `p${i}` } } } },
        });
      }
      const first = (await it.next()).value as FeedBatch<Tables>;
      expect(first).toEqual({ type: 'resync', reason: 'lagged', droppedBatches: 10 });
      // The replica itself holds everything the dropped batches described.
      expect(r.table('Logical_Switch_Port').size).toBe(10);
      r.applyUpdate({
        format: 'update2',
        updates: { Logical_Switch_Port: { [U(20)]: { insert: { name: 'p20' } } } },
      });
      const next = (await it.next()).value as ChangeBatch<Tables>;
      expect(next.type).toBe('changes');
      expect(next.changes.map((c) => (c.kind === 'insert' ? c.new.name : ''))).toEqual(['p20']);
      r.close();
      expect((await it.next()).done).toBe(true);
    });

    it('a listener that throws does not stop the replica or other listeners', () => {
      const errors: unknown[] = [];
      const r = new TestReplica<Tables>({
        tables: { Logical_Router: lr, Logical_Switch_Port: lsp },
        onListenerError: (e) => errors.push(e),
      });
      let calls = 0;
      r.onChange(() => {
        throw new Error('boom');
      });
      r.onChange(() => calls++);
      r.beginSync();
      r.applySnapshot(
        { format: 'update2', updates: { Logical_Router: { [U(1)]: { initial: { name: 'x' } } } } },
        { kind: 'full' },
      );
      expect(calls).toBe(1);
      expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
    });

    it('a consumer replaying the feed always ends equal to the replica (property)', () => {
      const step = fc.record({
        row: fc.integer({ min: 1, max: 8 }),
        name: fc.string({ maxLength: 3 }),
        del: fc.boolean(),
      });
      fc.assert(
        fc.property(fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { maxLength: 30 }), (txns) => {
          const r = make();
          const mirror = new Map<string, unknown>();
          r.onChange((b) => {
            for (const c of b.changes) {
              if (c.kind === 'delete') {
                expect(mirror.get(c.old._uuid)).toBe(c.old);
                mirror.delete(c.old._uuid);
              } else {
                if (c.kind === 'update') expect(mirror.get(c.old._uuid)).toBe(c.old);
                mirror.set(c.new._uuid, c.new);
              }
            }
          });
          r.beginSync();
          r.applySnapshot({ format: 'update2', updates: {} }, { kind: 'full' });
          for (const txn of txns) {
            const rows: Record<string, object> = {};
            const have = new Set([...r.table('Logical_Switch_Port').rows()].map((x) => x._uuid));
            for (const s of txn) {
              const uuid = U(s.row);
              if (uuid in rows) continue;
              if (have.has(uuid)) rows[uuid] = s.del ? { delete: null } : { modify: { name: s.name } };
              else rows[uuid] = { insert: { name: s.name } };
            }
            r.applyUpdate({ format: 'update2', updates: { Logical_Switch_Port: rows as never } });
          }
          expect(new Map([...r.table('Logical_Switch_Port').rows()].map((x) => [x._uuid, x]))).toEqual(
            mirror,
          );
        }),
      );
    });
  });
});

describe('Replica: lazy rows from replies not in the compact form', () => {
  const apply = (text: string) => {
    const r = new Replica<Tables>({ tables: { Logical_Router: lr, Logical_Switch_Port: lsp } });
    r.beginSync();
    r.applySnapshot({ format: 'update2', updates: rawResult(text) as never }, { kind: 'full' });
    return r.table('Logical_Router');
  };
  const names = (t: Iterable<LR>) => [...t].map((x) => [x._uuid, x.name]);

  it('applies spaced entries, spaced row maps and deletes as an eager sync would, when first read', () => {
    const entries = apply(
      `{"Logical_Router":{"${U(1)}":{ "initial" : {"name":"a"} },"${U(2)}":{"initial":{"name":"b"}},"${U(3)}":{"delete":null}}}`,
    );
    expect(entries.size).toBe(2);
    expect(names(entries)).toEqual([
      [U(1), 'a'],
      [U(2), 'b'],
    ]);
    expect(names(apply(`{"Logical_Router":{ "${U(1)}" : {"initial":{"name":"a"}} }}`))).toEqual([
      [U(1), 'a'],
    ]);
  });

  it('a modify for a row the table never had is reported when the table is first read', () => {
    const t = apply(`{"Logical_Router":{"${U(1)}":{"modify":{"name":"a"}}}}`);
    expect(() => t.size).toThrow(ReplicaUpdateError);
  });
});
