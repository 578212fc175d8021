// The typed builder against a real ovsdb-server: the exact transact params it compiles to, then
// the exact results of running them (uuids, named-uuid references, native rows, counts, bigint).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AbortedError,
  ConstraintViolationError,
  connect,
  executeTransaction,
  namedUuid,
  type OvsdbClient,
  TimedOutError,
  txn,
  ValidationError,
} from '@ovnkit/ovsdb';
import { OVN_Northbound } from '@ovnkit/ovsdb/schemas/ovn-nb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { Sink } from '../types/sink-schema.js';

const NB = OVN_Northbound;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: OvsdbServer;
let client: OvsdbClient;

beforeAll(async () => {
  server = await startOvsdbServer({
    schemas: ['nb', join(import.meta.dirname, '..', 'types', 'sink.ovsschema')],
  });
  client = await connect({ remote: server.remote });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describe('txn against OVN_Northbound', () => {
  it('compiles to the exact transact params, then inserts, links by named uuid and reads back native rows', async () => {
    const t = txn(NB)
      .insert('Logical_Switch', { name: 'sw0', other_config: { subnet: '10.0.0.0/24' } }, { uuidName: 'sw' })
      .insert(
        'Logical_Switch_Port',
        { name: 'sw0-p1', addresses: ['00:00:00:00:00:01 10.0.0.11'], tag: undefined },
        { uuidName: 'p1' },
      )
      .mutate('Logical_Switch', [['_uuid', '==', namedUuid('sw')]], [['ports', 'insert', [namedUuid('p1')]]])
      .select('Logical_Switch', [['name', '==', 'sw0']], {
        columns: ['_uuid', 'name', 'ports', 'other_config', 'copp'],
      })
      .comment('builder integration test');
    expect(t.compile()).toEqual({
      db: 'OVN_Northbound',
      ops: [
        {
          op: 'insert',
          table: 'Logical_Switch',
          row: { name: 'sw0', other_config: ['map', [['subnet', '10.0.0.0/24']]] },
          'uuid-name': 'sw',
        },
        {
          op: 'insert',
          table: 'Logical_Switch_Port',
          row: { name: 'sw0-p1', addresses: ['set', ['00:00:00:00:00:01 10.0.0.11']], tag: ['set', []] },
          'uuid-name': 'p1',
        },
        {
          op: 'mutate',
          table: 'Logical_Switch',
          where: [['_uuid', '==', ['named-uuid', 'sw']]],
          mutations: [['ports', 'insert', ['set', [['named-uuid', 'p1']]]]],
        },
        {
          op: 'select',
          table: 'Logical_Switch',
          where: [['name', '==', 'sw0']],
          columns: ['_uuid', 'name', 'ports', 'other_config', 'copp'],
        },
        { op: 'comment', comment: 'builder integration test' },
      ],
    });

    const { results, uuids } = await executeTransaction(client, t);
    expect(uuids.sw).toMatch(UUID_RE);
    expect(uuids.p1).toMatch(UUID_RE);
    expect(results[0]).toEqual({ op: 'insert', uuid: uuids.sw, uuidName: 'sw' });
    expect(results[1]).toEqual({ op: 'insert', uuid: uuids.p1, uuidName: 'p1' });
    expect(results[2]).toEqual({ op: 'mutate', count: 1 });
    const [sw] = results[3].rows;
    expect(sw).toEqual({
      _uuid: uuids.sw,
      name: 'sw0',
      ports: [uuids.p1],
      other_config: { subnet: '10.0.0.0/24' },
      copp: undefined,
    });
    expect(Object.isFrozen(sw)).toBe(true);
    expect(results[4]).toEqual({ op: 'comment' });

    // The inserted uuid resolves in a later transaction; the full row decodes every column.
    const again = await executeTransaction(
      client,
      txn(NB).select('Logical_Switch_Port', [['_uuid', '==', uuids.p1 as string]]),
    );
    const port = again.results[0].rows[0]!;
    expect(port._uuid).toBe(uuids.p1);
    expect(port._version).toMatch(UUID_RE);
    expect(port).toMatchObject({
      name: 'sw0-p1',
      addresses: ['00:00:00:00:00:01 10.0.0.11'],
      tag: undefined,
      enabled: undefined,
      options: {},
    });
  });

  it('update, mutate and delete return counts; wait and commit return empty outcomes', async () => {
    await executeTransaction(
      client,
      txn(NB).insert('Address_Set', { name: 'as1', addresses: ['10.0.0.1', '10.0.0.2'] }),
    );
    const t = txn(NB)
      .wait('Address_Set', [['name', '==', 'as1']], {
        columns: ['addresses'],
        until: '==',
        rows: [{ addresses: ['10.0.0.2', '10.0.0.1'] }],
        timeoutMs: 0,
      })
      .update('Address_Set', [['name', '==', 'as1']], { external_ids: { 'k8s.ovn.org/name': 'x' } })
      .mutate(
        'Address_Set',
        [['name', '==', 'as1']],
        [
          ['addresses', 'delete', ['10.0.0.1']],
          ['addresses', 'insert', ['10.0.0.3']],
        ],
      )
      .select('Address_Set', [['name', '==', 'as1']], { columns: ['addresses', 'external_ids'] })
      .delete('Address_Set', [['name', '==', 'nope']])
      .commit(true);
    const { results } = await executeTransaction(client, t);
    expect(results).toEqual([
      { op: 'wait' },
      { op: 'update', count: 1 },
      { op: 'mutate', count: 1 },
      {
        op: 'select',
        rows: [
          {
            addresses: expect.arrayContaining(['10.0.0.2', '10.0.0.3']),
            external_ids: { 'k8s.ovn.org/name': 'x' },
          },
        ],
      },
      { op: 'delete', count: 0 },
      { op: 'commit' },
    ]);
    expect(results[3].rows[0]!.addresses).toHaveLength(2);
  });

  it("surfaces the server's own failures as the client's typed errors", async () => {
    // Logical_Switch has no unique index, but Address_Set.name has one.
    await expect(
      executeTransaction(client, txn(NB).insert('Address_Set', { name: 'as1' })),
    ).rejects.toBeInstanceOf(ConstraintViolationError);
    await expect(
      executeTransaction(
        client,
        txn(NB).wait('Address_Set', [['name', '==', 'as1']], {
          columns: ['name'],
          until: '!=',
          rows: [{ name: 'as1' }],
          timeoutMs: 0,
        }),
      ),
    ).rejects.toBeInstanceOf(TimedOutError);
    await expect(
      executeTransaction(client, txn(NB).insert('Address_Set', { name: 'dry-run' }).abort()),
    ).rejects.toBeInstanceOf(AbortedError);
    const { results } = await executeTransaction(
      client,
      txn(NB).select('Address_Set', [['name', '==', 'dry-run']]),
    );
    expect(results[0].rows).toEqual([]);
  });

  it('inserts with a client-chosen uuid (OVS 2.13+)', async () => {
    const uuid = '11111111-2222-4333-8444-555555555555';
    const { results } = await executeTransaction(
      client,
      txn(NB).insert('Address_Set', { name: 'fixed' }, { uuid }),
    );
    expect(results[0].uuid).toBe(uuid);
  });

  it('catches invalid values before sending, listing every problem', async () => {
    let calls = 0;
    // The function form of the client argument (as used with a session).
    const counting = (db: string, ops: Parameters<OvsdbClient['transact']>[1]) => {
      calls++;
      return client.transact(db, ops);
    };
    const ok = await executeTransaction(counting, txn(NB).select('NB_Global', []));
    expect(ok.results[0].rows).toEqual([]);
    expect(calls).toBe(1);
    calls = 0;
    const bad = txn(NB)
      .insert('Logical_Router_Policy', { action: 'forward' as 'drop', priority: 40000, match: 'ip4' })
      .insert('ACL', {
        action: 'allow',
        direction: 'sideways' as 'to-lport',
        priority: 1,
        match: '1',
        severity: 'loud' as 'info',
      })
      .update('Logical_Switch', [['name', '==', 'sw0']], { ports: ['not-a-uuid'] });
    const err = await executeTransaction(counting, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => [i.table, i.column, i.path])).toEqual([
      ['Logical_Router_Policy', 'action', 'ops[0].row.action'],
      ['Logical_Router_Policy', 'priority', 'ops[0].row.priority'],
      ['ACL', 'direction', 'ops[1].row.direction'],
      ['ACL', 'severity', 'ops[1].row.severity'],
      ['Logical_Switch', 'ports', 'ops[2].row.ports[0]'],
    ]);
    expect(calls).toBe(0);
  });
});

describe('txn against a test schema: bigints, maps with integer keys, optional and weak references', () => {
  it('round-trips 64-bit integers exactly through a real server', async () => {
    const values = [2n ** 62n + 1n, -(2n ** 63n), 2n ** 63n - 1n, Number.MAX_SAFE_INTEGER, -7];
    let t = txn(Sink);
    values.forEach((big, i) => {
      t = t.insert('Thing', {
        name: `big${i}`,
        kind: 'red',
        big,
        level: big,
        weights: new Map([[big, 0.25]]),
      });
    });
    await executeTransaction(client, t);
    const { results } = await executeTransaction(
      client,
      txn(Sink)
        .select('Thing', [['name', 'includes', 'big0']])
        .select('Thing', []),
    );
    expect(results[0].rows.map((r) => r.big)).toEqual([2n ** 62n + 1n]);
    const byName = new Map(results[1].rows.map((r) => [r.name, r]));
    values.forEach((big, i) => {
      const row = byName.get(`big${i}`)!;
      expect(row.big).toBe(big);
      expect(row.level).toBe(big);
      expect(row.weights).toEqual(new Map([[big, 0.25]]));
    });
    // Conditions and arithmetic on bigints work server-side too.
    const upd = await executeTransaction(
      client,
      txn(Sink)
        .mutate('Thing', [['big', '==', 2n ** 62n + 1n]], [['big', '-=', 1]])
        .select('Thing', [['big', '>', 2n ** 61n]], { columns: ['name', 'big'] }),
    );
    expect(upd.results[0].count).toBe(1);
    expect(upd.results[1].rows).toEqual([
      { name: 'big0', big: 2n ** 62n },
      { name: 'big2', big: 2n ** 63n - 1n },
    ]);
  });

  it('writes and reads every column shape', async () => {
    const t = txn(Sink)
      .insert('Owner', { name: 'o1' }, { uuidName: 'o' })
      .insert('Part', { label: 'p' }, { uuidName: 'p' })
      .insert(
        'Thing',
        {
          name: 'shapes',
          kind: 'blue',
          prio: 100,
          ratio: 0.5,
          flag: true,
          nick: 'nick',
          tags: ['a', 'b'],
          slots: [1, 9],
          labels: { 'k8s.ovn.org/id': 'x', '': 'empty key' },
          owner: namedUuid('o'),
          parts: [namedUuid('p')],
          serial: 's-1',
        },
        { uuidName: 't' },
      )
      .select('Thing', [['_uuid', '==', namedUuid('t')]]);
    const { results, uuids } = await executeTransaction(client, t);
    const row = results[3].rows[0]!;
    expect(row).toMatchObject({
      _uuid: uuids.t,
      name: 'shapes',
      kind: 'blue',
      prio: 100,
      big: 0,
      ratio: 0.5,
      flag: true,
      nick: 'nick',
      level: undefined,
      slots: [1, 9],
      owner: uuids.o,
      parts: [uuids.p],
      serial: 's-1',
      note: undefined,
    });
    expect([...row.tags].sort()).toEqual(['a', 'b']);
    expect({ ...row.labels }).toEqual({ 'k8s.ovn.org/id': 'x', '': 'empty key' });
    expect(row.weights).toEqual(new Map());
  });
});
