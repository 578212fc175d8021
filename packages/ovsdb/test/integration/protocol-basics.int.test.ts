// First contact with a real ovsdb-server: list_dbs, get_schema, transact, monitors, echo, close.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConnectionClosedError,
  connect,
  type OvsdbClient,
  type OvsdbNotification,
  type TableUpdates2,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';

const fixture = (f: string) => join(import.meta.dirname, '..', 'fixtures', f);

describe('protocol basics against ovsdb-server', () => {
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

  it('list_dbs names every served database', async () => {
    expect((await client.listDbs()).sort()).toEqual(['OVN_Northbound', 'Proto', '_Server']);
  });

  it('get_schema returns the raw schema JSON', async () => {
    const nb = await client.getSchema('OVN_Northbound');
    expect(nb.name).toBe('OVN_Northbound');
    expect(nb.version).toBe('7.0.0');
    const proto = await client.getSchema('Proto');
    expect(Object.keys(proto.tables as object).sort()).toEqual(['Kid', 'Parent', 'Single']);
  });

  it('transact inserts and selects rows; updates of a monitored table arrive before the reply', async () => {
    const seen: OvsdbNotification[] = [];
    const off = client.onNotification((n) => seen.push(n));
    const initial = await client.monitorCond('OVN_Northbound', 'ls-mon', {
      Logical_Switch: { columns: ['name'] },
    });
    expect(initial).toEqual({});
    let seenAtReply = -1;
    const res = await client
      .transact('OVN_Northbound', [
        { op: 'insert', table: 'Logical_Switch', row: { name: 'sw0' }, 'uuid-name': 'sw' },
      ])
      .then((r) => {
        seenAtReply = seen.length;
        return r;
      });
    const uuid = res[0]?.uuid?.[1];
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(seenAtReply).toBe(1);
    expect(seen[0]).toEqual({
      kind: 'update2',
      monitorId: 'ls-mon',
      updates: { Logical_Switch: { [uuid as string]: { insert: { name: 'sw0' } } } },
    });
    const sel = await client.transact('OVN_Northbound', [
      { op: 'select', table: 'Logical_Switch', where: [['name', '==', 'sw0']], columns: ['_uuid', 'name'] },
    ]);
    expect(sel[0]?.rows).toEqual([{ _uuid: ['uuid', uuid], name: 'sw0' }]);
    await client.monitorCancel('ls-mon');
    off();
  });

  it('monitor_cond_since on a standalone database reports found=false and a full dump', async () => {
    const r = await client.monitorCondSince('OVN_Northbound', 'since', {
      Logical_Switch: { columns: ['name'] },
    });
    expect(r.found).toBe(false);
    expect(Object.values(r.updates.Logical_Switch ?? {}).map((u) => u.initial?.name)).toEqual(['sw0']);
    const updates: TableUpdates2[] = [];
    const off = client.onNotification((n) => {
      if (n.kind === 'update3' && n.monitorId === 'since') updates.push(n.updates);
    });
    await client.transact('OVN_Northbound', [
      { op: 'insert', table: 'Logical_Switch', row: { name: 'sw1' } },
    ]);
    expect(updates).toHaveLength(1);
    await client.monitorCancel('since');
    off();
  });

  it('echo returns its params', async () => {
    expect(await client.echo(['a', 1, { b: [true] }])).toEqual(['a', 1, { b: [true] }]);
  });

  it('close() fails calls made afterwards with ConnectionClosedError', async () => {
    const c = await connect({ remote: server.remote });
    await c.close();
    expect(c.isOpen).toBe(false);
    await expect(c.listDbs()).rejects.toBeInstanceOf(ConnectionClosedError);
  });
});
