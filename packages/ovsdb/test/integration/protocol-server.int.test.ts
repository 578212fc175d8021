// Server-level methods: get_server_id, set_db_change_aware, convert (with monitor_canceled and
// the disconnection of sessions that are not change-aware), echo in both directions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectionClosedError, connect, type JsonObject, type OvsdbNotification } from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer, until } from '@ovnkit/testkit';

const fixture = (f: string) => join(import.meta.dirname, '..', 'fixtures', f);

describe('server methods against ovsdb-server', () => {
  let server: OvsdbServer;
  beforeAll(async () => {
    server = await startOvsdbServer({ schemas: [fixture('protocol.ovsschema')], tcp: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('get_server_id returns the same uuid on every session of one server', async () => {
    const a = await connect({ remote: server.remote });
    const b = await connect({ remote: server.remote });
    const id = await a.getServerId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await b.getServerId()).toBe(id);
    await a.close();
    await b.close();
  });

  it('convert adds a column online: change-aware sessions get monitor_canceled, others are disconnected', async () => {
    const aware = await connect({ remote: server.remote });
    const plain = await connect({ remote: server.remote });
    await aware.setDbChangeAware(true);
    await aware.transact('Proto', [{ op: 'insert', table: 'Parent', row: { name: 'kept' } }]);
    const seen: OvsdbNotification[] = [];
    aware.onNotification((n) => seen.push(n));
    await aware.monitorCond('Proto', 'data', { Parent: { columns: ['name'] } });
    await plain.monitorCond('Proto', 'data', { Parent: {} });

    const v2 = JSON.parse(readFileSync(fixture('protocol-v2.ovsschema'), 'utf8')) as JsonObject;
    await aware.convert('Proto', v2);

    expect(seen).toContainEqual({ kind: 'monitor_canceled', monitorId: 'data' });
    // The non-aware session is dropped by the server.
    expect(await plain.closed).toBeUndefined();
    await expect(plain.listDbs()).rejects.toBeInstanceOf(ConnectionClosedError);
    // The new column exists and the data survived.
    const schema = await aware.getSchema('Proto');
    expect(schema.version).toBe('1.1.0');
    await aware.transact('Proto', [
      { op: 'update', table: 'Parent', where: [['name', '==', 'kept']], row: { note: 'converted' } },
    ]);
    const [r] = await aware.transact('Proto', [
      { op: 'select', table: 'Parent', where: [], columns: ['name', 'note'] },
    ]);
    expect(r?.rows).toEqual([{ name: 'kept', note: 'converted' }]);
    await aware.close();
  });

  it('a convert issued by a session that is not change-aware disconnects the issuer too', async () => {
    // ovsdb-server 3.1 sends the reply first, then closes the session.
    const c = await connect({ remote: server.remote });
    const schema = await c.getSchema('Proto');
    await c.convert('Proto', { ...schema, version: '1.1.1' });
    expect(await c.closed).toBeUndefined();
    expect(c.isOpen).toBe(false);
    const check = await connect({ remote: server.remote });
    expect((await check.getSchema('Proto')).version).toBe('1.1.1');
    await check.close();
  });

  it('echo round-trips any params', async () => {
    const c = await connect({ remote: server.tcpRemote as string });
    expect(await c.echo([{ deep: [1, 'two', null, 9223372036854775807n] }])).toEqual([
      { deep: [1, 'two', null, 9223372036854775807n] },
    ]);
    await c.close();
  });

  it("answers the server's inactivity probe (echo) on TCP and stays connected", async () => {
    const c = await connect({ remote: server.tcpRemote as string });
    // ovsdb-server probes an idle TCP session after 5 s and drops it 5 s later if the echo goes
    // unanswered; a second probe 5 s after our reply proves the first was answered in time.
    const before = c.stats.messagesIn;
    await until('two echo requests from the server', 20000, async () =>
      c.stats.messagesIn >= before + 2 ? true : undefined,
    );
    expect(c.isOpen).toBe(true);
    expect(c.stats.messagesOut).toBe(2); // our two echo replies, nothing else
    expect(await c.listDbs()).toContain('Proto');
    await c.close();
  }, 40000);
});
