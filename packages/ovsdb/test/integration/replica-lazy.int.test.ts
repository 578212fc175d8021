// Lazy rows against a real ovsdb-server: a session that keeps the monitor reply's rows unparsed
// (lazyRowsMinBytes: 0) must hold, row for row, what an eagerly decoding session holds, after the
// first sync and after later inserts, modifies and deletes applied to rows never read; and the
// server's own reply bytes must give the same values whatever byte they are split at.
import { readFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, openSession, type Session } from '@ovnkit/ovsdb';
import { SCHEMAS, startOvsdbServer } from '@ovnkit/testkit';
import type { RawMessage } from '../../src/json/raw-message.js';
import { JsonSplitter } from '../../src/rpc/json-splitter.js';
import { rawMessageOf, resolveRaw } from '../../src/rpc/raw-message.test-support.js';

const DB = 'OVN_Northbound';
const schema = JSON.parse(readFileSync(SCHEMAS.nb, 'utf8')) as { tables: Record<string, unknown> };
const allTables = Object.fromEntries(Object.keys(schema.tables).map((t) => [t, {}]));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const STRANGE = ['a"quote', 'back\\slash', 'tab\tnew\nline', 'é€😀', '\u0001ctl', '{"json":[1]}', ''];

/** Rows of every shape the NB holds: escapes and unicode, big integers, empty sets and maps, references. */
function fill(n: number): unknown[] {
  const ops: unknown[] = [
    {
      op: 'insert',
      table: 'NB_Global',
      row: { nb_cfg: 1152921504606846977n, options: ['map', [['k', 'v']]] },
    },
  ];
  for (let i = 0; i < n; i++) {
    const s = STRANGE[i % STRANGE.length]!;
    ops.push(
      {
        op: 'insert',
        table: 'Logical_Switch_Port',
        'uuid-name': `p${i}`,
        row: {
          name: `port-${i}-${s}`,
          addresses: [
            'set',
            i % 3 === 0 ? [] : [`0a:58:0a:80:00:${(i % 250).toString(16)} 10.128.0.${i % 250}`],
          ],
          options: ['map', i % 4 === 0 ? [] : [['requested-chassis', `node-${s}`]]],
          tag: i % 5 === 0 ? ['set', []] : (i % 4000) + 1,
          external_ids: ['map', [[`k-${s}`, `v-${s}`]]],
        },
      },
      {
        op: 'insert',
        table: 'ACL',
        'uuid-name': `a${i}`,
        row: {
          priority: i % 32768,
          direction: 'to-lport',
          action: 'allow',
          match: `ip4.src == "${s}" && tcp.dst == ${i}`,
        },
      },
    );
  }
  ops.push({
    op: 'insert',
    table: 'Logical_Switch',
    row: {
      name: 'sw"é',
      ports: ['set', Array.from({ length: n }, (_, i) => ['named-uuid', `p${i}`])],
      acls: ['set', Array.from({ length: n }, (_, i) => ['named-uuid', `a${i}`])],
    },
  });
  return ops;
}

function lazyOrNot(remote: string, lazyRowsMinBytes: number, onInitial?: (rows: number) => void): Session {
  const s = openSession({
    remote,
    db: DB,
    tables: allTables,
    indexes: { Logical_Switch_Port: ['name'] },
    lazyRowsMinBytes,
  });
  if (onInitial) s.replica.onChange((b) => b.cause === 'initial' && onInitial(b.changes.length));
  cleanups.push(() => s.close());
  return s;
}

function contents(s: Session): Record<string, Map<string, unknown>> {
  const out: Record<string, Map<string, unknown>> = {};
  for (const t of s.replica.tableNames()) out[t] = new Map([...s.replica.table(t)].map((r) => [r._uuid, r]));
  return out;
}

/** The server's monitor_cond reply to every NB column, as the bytes it sent. */
function rawReply(socket: string): Promise<RawMessage> {
  return new Promise((resolve, reject) => {
    const sock = netConnect(socket);
    const splitter = new JsonSplitter();
    const requests = Object.fromEntries(Object.keys(schema.tables).map((t) => [t, {}]));
    sock.on('connect', () =>
      sock.write(JSON.stringify({ id: 7, method: 'monitor_cond', params: [DB, null, requests] })),
    );
    sock.on('error', reject);
    sock.on('data', (chunk) =>
      splitter.push(
        chunk,
        () => undefined,
        (m) => {
          sock.destroy();
          resolve(m);
        },
        0,
      ),
    );
  });
}

/** A NB server holding fill(n), and a client to change it. */
async function serverWith(n: number) {
  const server = await startOvsdbServer({ schemas: ['nb'] });
  cleanups.push(() => server.stop());
  const writer = await connect({ remote: server.remote });
  cleanups.push(() => writer.close());
  await writer.transact(DB, fill(n) as never);
  return { server, writer };
}

describe('lazy rows against ovsdb-server', () => {
  it('a lazily synced replica equals an eager one, before and after updates to rows never read', async () => {
    const { server, writer } = await serverWith(60);

    let initialChanges = -1;
    const lazy = lazyOrNot(server.remote, 0);
    const watched = lazyOrNot(server.remote, 0, (n) => {
      initialChanges = n;
    });
    const eager = lazyOrNot(server.remote, Number.POSITIVE_INFINITY);
    await Promise.all([lazy.ready, watched.ready, eager.ready]);
    expect(initialChanges).toBe(122);

    // Change rows the lazy replica has not decoded yet: modify (a map diff, a set diff), delete, insert.
    const lsp = [...eager.replica.table('Logical_Switch_Port')] as Array<{ _uuid: string; name: string }>;
    const [a, b, c] = lsp;
    await writer.transact(DB, [
      {
        op: 'mutate',
        table: 'Logical_Switch_Port',
        where: [['_uuid', '==', ['uuid', a!._uuid]]],
        mutations: [['options', 'insert', ['map', [['x', 'y"z']]]]],
      },
      {
        op: 'update',
        table: 'Logical_Switch_Port',
        where: [['_uuid', '==', ['uuid', b!._uuid]]],
        row: { addresses: ['set', ['unknown']] },
      },
      { op: 'delete', table: 'Logical_Switch_Port', where: [['_uuid', '==', ['uuid', c!._uuid]]] },
      {
        op: 'mutate',
        table: 'Logical_Switch',
        where: [],
        mutations: [['ports', 'delete', ['uuid', c!._uuid]]],
      },
      { op: 'insert', table: 'Address_Set', row: { name: 'marker', addresses: ['set', ['1.2.3.4']] } },
    ]);
    for (const s of [lazy, watched, eager])
      await s.replica.waitForRow('Address_Set', (r) => (r as { name?: string }).name === 'marker', {
        timeoutMs: 20_000,
      });
    const want = contents(eager);
    expect(want.Logical_Switch_Port!.size).toBe(59);
    expect(contents(lazy)).toEqual(want);
    expect(contents(watched)).toEqual(want);
    // An index built on first lookup, over rows decoded for it.
    const fresh = lazyOrNot(server.remote, 0);
    await fresh.ready;
    for (const r of lsp.slice(3)) {
      expect(fresh.replica.table('Logical_Switch_Port').index('name').get(r.name)).toEqual(
        eager.replica.table('Logical_Switch_Port').get(r._uuid),
      );
    }
    expect(contents(fresh)).toEqual(want);
  });

  it("the server's reply gives the same values split at any byte", async () => {
    const { server } = await serverWith(4);
    const reply = await rawReply(server.socket);
    const want = reply.decodeAll();
    const bytes = reply.bytes;
    for (let k = 1; k < bytes.length; k++) {
      const m = rawMessageOf(bytes, [k]);
      expect(resolveRaw(m.skeleton())).toEqual(want);
    }
  });
});
