// Every transact operation passes through unchanged and comes back with the server's result
// shape (RFC 7047 section 5.2 plus the Open vSwitch explicit-uuid insert).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type OvsdbClient } from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';

const fixture = (f: string) => join(import.meta.dirname, '..', 'fixtures', f);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('transact operations against ovsdb-server', () => {
  let server: OvsdbServer;
  let client: OvsdbClient;

  beforeAll(async () => {
    server = await startOvsdbServer({ schemas: ['nb', fixture('protocol.ovsschema')] });
    client = await connect({ remote: server.remote });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('insert with uuid-name references, and with an explicit uuid', async () => {
    const explicit = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const r = await client.transact('Proto', [
      { op: 'insert', table: 'Kid', row: { name: 'k' }, 'uuid-name': 'kid' },
      {
        op: 'insert',
        table: 'Parent',
        row: { name: 'a', kids: ['set', [['named-uuid', 'kid']]], tags: ['set', ['x', 'y']] },
      },
      { op: 'insert', table: 'Parent', row: { name: 'b' }, uuid: explicit },
    ]);
    expect(r[0]?.uuid?.[1]).toMatch(UUID);
    expect(r[2]).toEqual({ uuid: ['uuid', explicit] });
    const [sel] = await client.transact('Proto', [
      { op: 'select', table: 'Parent', where: [['name', '==', 'a']], columns: ['kids', 'tags'] },
    ]);
    expect(sel?.rows).toEqual([{ kids: ['uuid', r[0]?.uuid?.[1]], tags: ['set', ['x', 'y']] }]);
  });

  it('select with conditions and columns', async () => {
    const [r] = await client.transact('Proto', [
      { op: 'select', table: 'Parent', where: [['name', '!=', 'a']], columns: ['name', '_uuid'] },
    ]);
    expect(r?.rows).toEqual([{ name: 'b', _uuid: ['uuid', '0f0e0d0c-0b0a-4908-8706-050403020100'] }]);
  });

  it('update and mutate report counts', async () => {
    const r = await client.transact('Proto', [
      { op: 'update', table: 'Parent', where: [], row: { value: 10 } },
      {
        op: 'mutate',
        table: 'Parent',
        where: [['name', '==', 'a']],
        mutations: [
          ['value', '*=', 3],
          ['tags', 'delete', 'x'],
          ['labels', 'insert', ['map', [['k', 'v']]]],
        ],
      },
      { op: 'select', table: 'Parent', where: [['name', '==', 'a']], columns: ['value', 'tags', 'labels'] },
    ]);
    expect(r).toEqual([
      { count: 2 },
      { count: 1 },
      { rows: [{ value: 30, tags: 'y', labels: ['map', [['k', 'v']]] }] },
    ]);
  });

  it('wait (until == with a timeout), comment, commit and assert return empty objects', async () => {
    await client.lock('writer');
    const r = await client.transact('Proto', [
      { op: 'assert', lock: 'writer' },
      {
        op: 'wait',
        table: 'Parent',
        where: [['name', '==', 'a']],
        columns: ['value'],
        until: '==',
        rows: [{ value: 30 }],
        timeout: 0,
      },
      {
        op: 'wait',
        table: 'Parent',
        where: [['name', '==', 'a']],
        columns: ['value'],
        until: '!=',
        rows: [{ value: 31 }],
        timeout: 100,
      },
      { op: 'comment', comment: 'from the protocol test' },
      { op: 'commit', durable: false },
    ]);
    expect(r).toEqual([{}, {}, {}, {}, {}]);
    await client.unlock('writer');
  });

  it('delete reports the count; abort rolls back everything before it', async () => {
    await expect(
      client.transact('Proto', [{ op: 'delete', table: 'Parent', where: [] }, { op: 'abort' }]),
    ).rejects.toMatchObject({ name: 'AbortedError', operationIndex: 1 });
    const [count] = await client.transact('Proto', [
      { op: 'select', table: 'Parent', where: [], columns: ['name'] },
    ]);
    expect(count?.rows).toHaveLength(2);
    const r = await client.transact('Proto', [
      { op: 'delete', table: 'Parent', where: [['name', '==', 'b']] },
    ]);
    expect(r).toEqual([{ count: 1 }]);
  });

  it('integers beyond 2^53 round-trip exactly through the server', async () => {
    const values = [2n ** 63n - 1n, -(2n ** 63n), 9007199254740993n, 9007199254740991];
    for (const big of values) {
      await client.transact('Proto', [
        { op: 'update', table: 'Parent', where: [['name', '==', 'a']], row: { big } },
      ]);
      const [r] = await client.transact('Proto', [
        { op: 'select', table: 'Parent', where: [['big', '==', big]], columns: ['big'] },
      ]);
      expect(r?.rows).toEqual([{ big }]);
    }
  });

  it('reals stay numbers', async () => {
    await client.transact('Proto', [
      { op: 'update', table: 'Parent', where: [['name', '==', 'a']], row: { ratio: 0.1 } },
    ]);
    const [r] = await client.transact('Proto', [
      { op: 'select', table: 'Parent', where: [['name', '==', 'a']], columns: ['ratio'] },
    ]);
    expect(r?.rows).toEqual([{ ratio: 0.1 }]);
  });

  it('unicode strings (split across socket reads or not) come back intact', async () => {
    const name = `ünï-€-😀-${'ß'.repeat(70000)}`;
    await client.transact('OVN_Northbound', [{ op: 'insert', table: 'Logical_Switch', row: { name } }]);
    const [r] = await client.transact('OVN_Northbound', [
      { op: 'select', table: 'Logical_Switch', where: [['name', '==', name]], columns: ['name'] },
    ]);
    expect(r?.rows).toEqual([{ name }]);
  });

  it('an empty transaction succeeds with no results', async () => {
    expect(await client.transact('Proto', [])).toEqual([]);
  });

  it('pipelines thousands of transacts without deadlocking the server', async () => {
    const n = 3000;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        client.transact('OVN_Northbound', [
          {
            op: 'insert',
            table: 'Address_Set',
            row: { name: `as${i}`, addresses: ['set', [`10.0.${i >> 8}.${i & 255}`]] },
          },
        ]),
      ),
    );
    expect(results).toHaveLength(n);
    expect(new Set(results.map((r) => r[0]?.uuid?.[1])).size).toBe(n);
  });
});
