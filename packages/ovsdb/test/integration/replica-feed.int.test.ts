// The change feed against a real server: a consumer that stops reading gets a `resync` marker and
// never loses data; monitor conditions changed while another client keeps writing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChangeBatch, type FeedBatch, openSession, type Session } from '@ovnkit/ovsdb';
import { type OvsdbServer, rawCall, startOvsdbServer, until } from '@ovnkit/testkit';

type LS = {
  readonly _uuid: string;
  readonly name: string;
  readonly external_ids: Readonly<Record<string, string>>;
};
type NB = { Logical_Switch: LS };
const DB = 'OVN_Northbound';
const ls = (name: string, color: string) => ({
  op: 'insert',
  table: 'Logical_Switch',
  row: { name, external_ids: ['map', [['color', color]]] },
});

describe('change feed and conditions against ovsdb-server', () => {
  let server: OvsdbServer;
  beforeAll(async () => {
    server = await startOvsdbServer({ schemas: ['nb'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a consumer that stops reading gets one resync marker, then re-reads and never misses a row', async () => {
    const s: Session<NB> = openSession<NB>({
      remote: server.remote,
      db: DB,
      tables: { Logical_Switch: { columns: ['name', 'external_ids'] } },
    });
    const writer = openSession<NB>({
      remote: server.remote,
      db: DB,
      tables: { Logical_Switch: { columns: ['name'] } },
    });
    try {
      await Promise.all([s.ready, writer.ready]);
      const feed = s.replica.changes({ maxPendingChanges: 50 });
      // The consumer is stuck while 40 transactions of 5 rows are committed.
      for (let t = 0; t < 40; t++)
        await writer.transact(Array.from({ length: 5 }, (_, i) => ls(`slow-${t}-${i}`, 'red')));
      await until('replica has all 200', 10000, async () =>
        s.replica.table('Logical_Switch').size >= 200 ? true : undefined,
      );

      const mirror = new Map<string, LS>();
      const first = (await feed.next()).value as FeedBatch<NB>;
      expect(first.type).toBe('resync');
      expect(first.type === 'resync' && first.droppedBatches).toBeGreaterThan(0);
      for (const r of s.replica.table('Logical_Switch').rows()) mirror.set(r._uuid, r);
      expect(mirror.size).toBe(200);

      // Now it keeps up: every later batch arrives whole.
      for (let t = 0; t < 10; t++) await writer.transact([ls(`fast-${t}`, 'red')]);
      await writer.transact([{ op: 'delete', table: 'Logical_Switch', where: [['name', '==', 'slow-0-0']] }]);
      let seen = 0;
      while (seen < 11) {
        const b = (await feed.next()).value as FeedBatch<NB>;
        expect(b.type).toBe('changes');
        for (const c of (b as ChangeBatch<NB>).changes) {
          if (c.kind === 'delete') mirror.delete(c.old._uuid);
          else mirror.set(c.new._uuid, c.new);
        }
        seen++;
      }
      await feed.return!();
      expect(new Map([...s.replica.table('Logical_Switch').rows()].map((r) => [r._uuid, r]))).toEqual(mirror);
      expect(mirror.size).toBe(209);
    } finally {
      await s.close();
      await writer.close();
      await rawCall(server.remote, 'transact', [DB, { op: 'delete', table: 'Logical_Switch', where: [] }]);
    }
  });

  it('conditions changed while another client writes: the replica holds exactly the matching rows', async () => {
    const red = [['external_ids', 'includes', ['map', [['color', 'red']]]]];
    const blue = [['external_ids', 'includes', ['map', [['color', 'blue']]]]];
    const s = openSession<NB>({
      remote: server.remote,
      db: DB,
      tables: { Logical_Switch: { columns: ['name', 'external_ids'], where: red } },
    });
    const writer = openSession<NB>({
      remote: server.remote,
      db: DB,
      tables: { Logical_Switch: { columns: ['name'] } },
    });
    const deleted: string[] = [];
    try {
      await Promise.all([s.ready, writer.ready]);
      s.replica.onChange((b) => {
        for (const c of b.changes) if (c.kind === 'delete') deleted.push(c.old.name);
      });
      let stop = false;
      let n = 0;
      const writing = (async () => {
        while (!stop) {
          await writer.transact([ls(`c-${n}`, n % 2 ? 'blue' : 'red')]);
          n++;
        }
      })();
      await until('some red rows', 10000, async () =>
        s.replica.table('Logical_Switch').size >= 5 ? true : undefined,
      );
      await s.setCondition('Logical_Switch', blue);
      // Right after the change, no red row is left: they were deleted before the reply.
      expect(
        [...s.replica.table('Logical_Switch').rows()].every((r) => r.external_ids.color === 'blue'),
      ).toBe(true);
      const n0 = n;
      await until('more writes under the new condition', 10000, async () =>
        n >= n0 + 10 ? true : undefined,
      );
      stop = true;
      await writing;
      const res = (await rawCall(server.remote, 'transact', [
        DB,
        { op: 'select', table: 'Logical_Switch', where: blue, columns: ['_uuid'] },
      ])) as Array<{
        rows: Array<{ _uuid: [string, string] }>;
      }>;
      await until('replica equals the blue rows', 10000, async () =>
        s.replica.table('Logical_Switch').size === res[0]!.rows.length ? true : undefined,
      );
      expect([...s.replica.table('Logical_Switch').rows()].map((r) => r._uuid).sort()).toEqual(
        res[0]!.rows.map((r) => r._uuid[1]).sort(),
      );
      expect(deleted.length).toBeGreaterThanOrEqual(5);
      expect(deleted.every((name) => Number(name.slice(2)) % 2 === 0)).toBe(true);
    } finally {
      await s.close();
      await writer.close();
    }
  });
});
