// monitor / monitor_cond / monitor_cond_change / monitor_cond_since / monitor_cancel and their
// notifications (update, update2, update3), against a standalone and a clustered server.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type OvsdbClient, type OvsdbNotification, ZERO_TXN_ID } from '@ovnkit/ovsdb';
import { type Cluster, type OvsdbServer, startCluster, startOvsdbServer } from '@ovnkit/testkit';

const fixture = (f: string) => join(import.meta.dirname, '..', 'fixtures', f);

function collect(client: OvsdbClient): OvsdbNotification[] {
  const seen: OvsdbNotification[] = [];
  client.onNotification((n) => seen.push(n));
  return seen;
}

describe('monitors against a standalone ovsdb-server', () => {
  let server: OvsdbServer;
  let client: OvsdbClient;
  let writer: OvsdbClient;
  let seen: OvsdbNotification[];
  const kid = async (name: string) => {
    const [r] = await writer.transact('Proto', [{ op: 'insert', table: 'Parent', row: { name, value: 1 } }]);
    return r?.uuid?.[1] as string;
  };

  beforeAll(async () => {
    server = await startOvsdbServer({ schemas: [fixture('protocol.ovsschema')] });
    client = await connect({ remote: server.remote });
    writer = await connect({ remote: server.remote });
    seen = collect(client);
  });
  afterAll(async () => {
    await client?.close();
    await writer?.close();
    await server?.stop();
  });

  it('monitor (RFC 7047) returns initial rows, then update notifications with old and new', async () => {
    const a = await kid('m-a');
    const initial = await client.monitor('Proto', ['v1', 1], {
      Parent: {
        columns: ['name', 'value'],
        select: { initial: true, insert: true, modify: true, delete: true },
      },
    });
    expect(initial).toEqual({ Parent: { [a]: { new: { name: 'm-a', value: 1 } } } });
    seen.length = 0;
    await writer.transact('Proto', [
      { op: 'update', table: 'Parent', where: [['name', '==', 'm-a']], row: { value: 2 } },
    ]);
    await client.echo([]); // the update was sent before the echo reply
    expect(seen).toEqual([
      {
        kind: 'update',
        monitorId: ['v1', 1],
        updates: { Parent: { [a]: { old: { value: 1 }, new: { name: 'm-a', value: 2 } } } },
      },
    ]);
    await client.monitorCancel(['v1', 1]);
    seen.length = 0;
    await writer.transact('Proto', [{ op: 'delete', table: 'Parent', where: [] }]);
    await client.echo([]);
    expect(seen).toEqual([]);
  });

  it('monitor_cond filters by where; update2 carries insert/modify/delete', async () => {
    const initial = await client.monitorCond('Proto', 'cond', {
      Parent: [{ columns: ['name', 'value'], where: [['value', '>', 5]] }],
    });
    expect(initial).toEqual({});
    seen.length = 0;
    const big = await kid('c-big');
    await kid('c-small');
    await writer.transact('Proto', [
      { op: 'update', table: 'Parent', where: [['name', '==', 'c-big']], row: { value: 9 } },
    ]);
    await writer.transact('Proto', [
      { op: 'update', table: 'Parent', where: [['name', '==', 'c-big']], row: { value: 10 } },
    ]);
    await writer.transact('Proto', [{ op: 'delete', table: 'Parent', where: [['name', '==', 'c-big']] }]);
    await client.echo([]);
    expect(seen).toEqual([
      {
        kind: 'update2',
        monitorId: 'cond',
        updates: { Parent: { [big]: { insert: { name: 'c-big', value: 9 } } } },
      },
      { kind: 'update2', monitorId: 'cond', updates: { Parent: { [big]: { modify: { value: 10 } } } } },
      { kind: 'update2', monitorId: 'cond', updates: { Parent: { [big]: { delete: null } } } },
    ]);
  });

  it('monitor_cond_change: rows leaving the condition arrive as deletes under the new id, before the reply', async () => {
    seen.length = 0;
    const small = (
      await writer.transact('Proto', [
        { op: 'select', table: 'Parent', where: [['name', '==', 'c-small']], columns: ['_uuid'] },
      ])
    )[0]?.rows?.[0]?._uuid as [string, string];
    await client.monitorCondChange('cond', 'cond2', { Parent: [{ where: [['value', '<', 5]] }] });
    const afterWiden = seen.splice(0);
    expect(afterWiden).toEqual([
      {
        kind: 'update2',
        monitorId: 'cond2',
        updates: { Parent: { [small[1]]: { insert: { name: 'c-small', value: 1 } } } },
      },
    ]);
    let atReply = -1;
    await client.monitorCondChange('cond2', 'cond3', { Parent: [{ where: [false] }] }).then(() => {
      atReply = seen.length;
    });
    expect(atReply).toBe(1);
    expect(seen.splice(0)).toEqual([
      { kind: 'update2', monitorId: 'cond3', updates: { Parent: { [small[1]]: { delete: null } } } },
    ]);
    await client.monitorCancel('cond3');
  });

  it('monitor_cond_since on a standalone database: found=false, zero txn ids', async () => {
    const r = await client.monitorCondSince('Proto', 'since', { Parent: { columns: ['name'] } }, ZERO_TXN_ID);
    expect(r.found).toBe(false);
    expect(r.lastTxnId).toBe(ZERO_TXN_ID);
    expect(Object.values(r.updates.Parent ?? {})).toEqual([{ initial: { name: 'c-small' } }]);
    seen.length = 0;
    await kid('s-1');
    await client.echo([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'update3', monitorId: 'since', lastTxnId: ZERO_TXN_ID });
    await client.monitorCancel('since');
  });

  it('updates reach a client that never reads its promises (socket is always drained)', async () => {
    const slow = await connect({ remote: server.remote });
    let count = 0;
    slow.onNotification((n) => {
      if (n.kind === 'update2') count += Object.keys(n.updates.Kid ?? {}).length;
    });
    await slow.monitorCond('Proto', 'all', { Kid: {} });
    // Insert many rows in big transactions; the slow client does nothing but receive.
    for (let i = 0; i < 5; i++) {
      await writer.transact('Proto', [
        {
          op: 'insert',
          table: 'Parent',
          row: {
            name: `holder${i}`,
            kids: ['set', Array.from({ length: 2000 }, (_, j) => ['named-uuid', `k${j}`])],
          },
        },
        ...Array.from({ length: 2000 }, (_, j) => ({
          op: 'insert',
          table: 'Kid',
          row: { name: `kid-${i}-${j}-${'x'.repeat(50)}` },
          'uuid-name': `k${j}`,
        })),
      ]);
    }
    await slow.echo([]);
    expect(count).toBe(10000);
    await slow.close();
  });
});

describe('monitor_cond_since against a clustered database', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ schema: 'nb', size: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('resumes from a known transaction id (found=true) with only the later changes', async () => {
    const c = await connect({ remote: cluster.remotes });
    const seen = collect(c);
    const req = { Logical_Switch: { columns: ['name'] } };
    await c.transact('OVN_Northbound', [{ op: 'insert', table: 'Logical_Switch', row: { name: 'before' } }]);
    const first = await c.monitorCondSince('OVN_Northbound', 'm', req);
    expect(first.found).toBe(false);
    expect(first.lastTxnId).not.toBe(ZERO_TXN_ID);
    await c.transact('OVN_Northbound', [{ op: 'insert', table: 'Logical_Switch', row: { name: 'during' } }]);
    const update3 = seen.find((n) => n.kind === 'update3');
    expect(update3?.kind === 'update3' && update3.lastTxnId).not.toBe(first.lastTxnId);
    const last = update3?.kind === 'update3' ? update3.lastTxnId : '';
    await c.close();

    const c2 = await connect({ remote: cluster.remotes });
    await c2.transact('OVN_Northbound', [
      { op: 'insert', table: 'Logical_Switch', row: { name: 'while-away' } },
    ]);
    const resumed = await c2.monitorCondSince('OVN_Northbound', 'm', req, last);
    expect(resumed.found).toBe(true);
    expect(Object.values(resumed.updates.Logical_Switch ?? {})).toEqual([{ insert: { name: 'while-away' } }]);
    await c2.close();
  });
});
