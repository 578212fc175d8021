// Transactions that ovsdb-server accepts must pass the builder and be encoded so the server
// accepts them; what the server refuses (or chokes on) must be refused before it is sent.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConnectionClosedError,
  connect,
  executeTransaction,
  type OvsdbClient,
  txn,
  ValidationError,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { Quirks } from '../types/quirks-schema.js';

let server: OvsdbServer;
let client: OvsdbClient;

beforeAll(async () => {
  server = await startOvsdbServer({
    schemas: [join(import.meta.dirname, '..', 'fixtures', 'ovs-quirks.ovsschema')],
  });
  client = await connect({ remote: server.remote });
  await executeTransaction(
    client,
    txn(Quirks).insert('Quirk', { name: 'n1', nick: 'b' }).insert('Quirk', { name: 'n2', nick: 'z' }),
  );
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

const names = (rows: ReadonlyArray<{ readonly name: string }>) => rows.map((r) => r.name).sort();

describe('the builder agrees with ovsdb-server', () => {
  it('boolean conditions true and false in a where', async () => {
    const t = txn(Quirks)
      .select('Quirk', [true], { columns: ['name'] })
      .select('Quirk', [false], { columns: ['name'] })
      .select('Quirk', [true, ['nick', '==', 'b']], { columns: ['name'] });
    expect(t.compile().ops.map((op) => ('where' in op ? op.where : undefined))).toEqual([
      [true],
      [false],
      [true, ['nick', '==', 'b']],
    ]);
    const [all, none, some] = (await executeTransaction(client, t)).results;
    expect([names(all.rows), names(none.rows), names(some.rows)]).toEqual([['n1', 'n2'], [], ['n1']]);
  });

  it('mutate with an empty mutation list answers the count', async () => {
    const res = await executeTransaction(client, txn(Quirks).mutate('Quirk', [], []));
    expect(res.results).toEqual([{ op: 'mutate', count: 2 }]);
  });

  it('set elements and map keys that differ only in letter case are distinct', async () => {
    const t = txn(Quirks)
      .insert('Quirk', { name: 'case', words: ['a', 'A'], counts: { K: 1, k: 2 } })
      .select('Quirk', [['name', '==', 'case']], { columns: ['words', 'counts'] });
    const row = (await executeTransaction(client, t)).results[1].rows[0]!;
    expect([...row.words].sort()).toEqual(['A', 'a']);
    expect(row.counts).toEqual({ K: 1, k: 2 });
  });

  it('excludes with several values on an optional column is sent as a set', async () => {
    const t = txn(Quirks).select('Quirk', [['nick', 'excludes', ['a', 'b'] as never]], { columns: ['name'] });
    expect(t.compile().ops[0]).toMatchObject({ where: [['nick', 'excludes', ['set', ['a', 'b']]]] });
    const [sel] = (await executeTransaction(client, t)).results;
    expect(names(sel.rows).filter((n) => n === 'n1' || n === 'n2')).toEqual(['n2']);
  });

  it('a string with a lone surrogate is refused before sending (the server drops the connection)', async () => {
    const lone = 'x\ud800y';
    expect(() => txn(Quirks).insert('Quirk', { name: lone }).compile()).toThrow(ValidationError);
    expect(() => txn(Quirks).comment(lone).compile()).toThrow(/comment: holds a lone UTF-16 surrogate/);
    expect(() =>
      txn(Quirks)
        .insert('Quirk', { name: 'ok', counts: { [lone]: 1 } })
        .compile(),
    ).toThrow(/surrogate/);
    // What the server does with it: not an error reply, the end of the connection.
    const victim = await connect({ remote: server.remote });
    const raw = victim.transact('Quirks', [{ op: 'insert', table: 'Quirk', row: { name: lone } }]);
    await expect(raw).rejects.toBeInstanceOf(ConnectionClosedError);
    await victim.close();
  });
});
