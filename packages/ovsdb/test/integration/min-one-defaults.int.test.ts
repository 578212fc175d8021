// Columns with min 1 default to `min` default atoms (RFC 7047 5.2.1): an integer set of 1..3
// defaults to {0}, a string->integer map to {"": 0}. ovsdb-server leaves default-valued columns
// out of monitor rows, so the replica must fill in exactly the value the server holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type OvsdbClient, openSession, parseSchema, rowCodec } from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';

const schemaPath = join(import.meta.dirname, '..', 'fixtures', 'min-one-defaults.ovsschema');
const schema = parseSchema(JSON.parse(readFileSync(schemaPath, 'utf8')));
const DB = 'Defaults';

let server: OvsdbServer;
let client: OvsdbClient;

beforeAll(async () => {
  server = await startOvsdbServer({ schemas: [schemaPath] });
  client = await connect({ remote: server.remote });
  await client.transact(DB, [{ op: 'insert', table: 'T', row: { name: 'defaults' } }]);
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describe('min-1 column defaults against ovsdb-server', () => {
  it('the server holds one default atom (pair) and leaves the columns out of monitor rows', async () => {
    const [sel] = (await client.transact(DB, [{ op: 'select', table: 'T', where: [] }])) as [
      { rows: Record<string, unknown>[] },
    ];
    expect(sel.rows[0]).toMatchObject({
      counts: 0,
      weights: ['map', [['', 0]]],
      flags: ['map', [[0, false]]],
    });
    const init = (await client.monitorCond(DB, 'm', { T: [{}] })) as Record<
      string,
      Record<string, { initial: Record<string, unknown> }>
    >;
    const [row] = Object.values(init.T!);
    expect(Object.keys(row!.initial).sort()).toEqual(['_version', 'name']);
    await client.monitorCancel('m');
  });

  it('the replica shows the values a select returns, at the default and after changes to and from it', async () => {
    const session = openSession({ remote: server.remote, db: DB, tables: { T: {} } });
    const sameAsSelect = async () => {
      const [replicated] = [...session.replica.table('T').rows()] as unknown as Record<string, unknown>[];
      const [sel] = (await client.transact(DB, [{ op: 'select', table: 'T', where: [] }])) as [
        { rows: Record<string, unknown>[] },
      ];
      const selected = rowCodec(schema, 'T').decodeRow(sel.rows[0]!);
      for (const c of ['counts', 'weights', 'flags', 'tags'])
        expect({ column: c, value: replicated![c] }).toEqual({ column: c, value: selected[c] });
      return replicated!;
    };
    const update = (row: Record<string, unknown>) =>
      session.transact([{ op: 'update', table: 'T', where: [], row }]);
    try {
      await session.ready;
      const initial = await sameAsSelect();
      expect(initial.counts).toEqual([0]);
      expect({ ...(initial.weights as object) }).toEqual({ '': 0 });
      expect(initial.flags).toEqual(new Map([[0, false]]));
      expect(initial.tags).toEqual([]);
      await update({ counts: ['set', [1, 2]], weights: ['map', [['a', 1]]], flags: ['map', [[3, true]]] });
      expect((await sameAsSelect()).counts).toEqual([1, 2]);
      await update({ counts: 0, weights: ['map', [['', 0]]], flags: ['map', [[0, false]]] });
      expect((await sameAsSelect()).counts).toEqual([0]);
    } finally {
      await session.close();
    }
  });
});
