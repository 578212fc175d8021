// An online schema conversion (ovsdb-client convert) to a schema with an extra column: the session,
// being change-aware, gets monitor_canceled, re-reads the schema and monitors again, without
// losing its connection; the replica then carries the new column.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChangeBatch, openSession, type SessionStatus } from '@ovnkit/ovsdb';
import { findBinary, type OvsdbServer, rawCall, SCHEMAS, startOvsdbServer, until } from '@ovnkit/testkit';

const execFileP = promisify(execFile);
type LS = { readonly _uuid: string; readonly name: string; readonly description?: string };

describe('online schema conversion', () => {
  let server: OvsdbServer;
  beforeAll(async () => {
    server = await startOvsdbServer({ schemas: ['nb'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('survives convert to a schema with an extra column, re-monitors, and replicates the new column', async () => {
    await rawCall(server.remote, 'transact', [
      'OVN_Northbound',
      { op: 'insert', table: 'Logical_Switch', row: { name: 'before' } },
    ]);
    const s = openSession<{ Logical_Switch: LS }>({
      remote: server.remote,
      db: 'OVN_Northbound',
      tables: { Logical_Switch: {} },
      indexes: { Logical_Switch: ['name'] },
    });
    const statuses: SessionStatus[] = [];
    const batches: ChangeBatch<{ Logical_Switch: LS }>[] = [];
    try {
      await s.ready;
      s.onStatus((st) => statuses.push(st));
      s.replica.onChange((b) => batches.push(b));
      const before = [...s.replica.table('Logical_Switch').rows()][0]!;
      expect(before).not.toHaveProperty('description');

      const schema = JSON.parse(readFileSync(SCHEMAS.nb, 'utf8'));
      schema.version = '7.0.1';
      schema.tables.Logical_Switch.columns.description = { type: 'string' };
      const file = join(server.dir, 'nb-extra.ovsschema');
      writeFileSync(file, JSON.stringify(schema));
      await execFileP(findBinary('ovsdb-client'), ['convert', server.remote, file]);

      await until('re-synced on the new schema', 10000, async () =>
        s.stats.schemaChanges === 1 && s.status.state === 'ready' ? true : undefined,
      );
      // The connection survived: no disconnect, only a re-sync.
      expect(statuses.map((x) => x.state)).toEqual(['syncing', 'ready']);
      const after = s.replica.table('Logical_Switch').lookup('name', 'before')!;
      expect(after).toEqual({ ...before, description: '' });
      // The feed reported the row as updated by the resync, old and new.
      const resync = batches.find((b) => b.cause === 'resync');
      expect(resync?.changes).toEqual([{ table: 'Logical_Switch', kind: 'update', old: before, new: after }]);

      await s.transact([
        { op: 'insert', table: 'Logical_Switch', row: { name: 'after', description: 'new column works' } },
      ]);
      expect(s.replica.table('Logical_Switch').lookup('name', 'after')?.description).toBe('new column works');
    } finally {
      await s.close();
    }
  });
});
