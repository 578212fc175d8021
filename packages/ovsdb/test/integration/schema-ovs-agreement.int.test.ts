// Schemas that ovsdb-server accepts must parse here, with the meaning ovsdb-server gives them:
// no version, an immutable table, uuid enums, immutable weak references (made mutable), ephemeral
// strong references to non-root tables (made persistent). Checked on the schema file and on what
// a real server answers to get_schema; then used in transactions and sessions against it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConstraintViolationError,
  connect,
  executeTransaction,
  type OvsdbClient,
  openSession,
  parseSchema,
  SchemaError,
  txn,
  ValidationError,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { Quirks } from '../types/quirks-schema.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);
const QUIRKS_FILE = fixture('ovs-quirks.ovsschema');
const RED = '5ee0a1d3-0000-4000-8000-00000000c010' as const;
const GREEN = '5ee0a1d3-0000-4000-8000-00000000c020' as const;
const OTHER = '5ee0a1d3-0000-4000-8000-00000000c099';

let server: OvsdbServer;
let client: OvsdbClient;
let served: ReturnType<typeof parseSchema>;

beforeAll(async () => {
  server = await startOvsdbServer({ schemas: [QUIRKS_FILE, fixture('signed-version.ovsschema')] });
  client = await connect({ remote: server.remote });
  served = parseSchema(await client.getSchema('Quirks'));
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describe('schemas ovsdb-server accepts', () => {
  it('parse the same from the file and from get_schema, with the meaning ovsdb-server gives them', () => {
    const fromFile = parseSchema(JSON.parse(readFileSync(QUIRKS_FILE, 'utf8')));
    expect(fromFile).toEqual(served);
    expect(served).toEqual(Quirks);
    expect(served.version).toBe('');
    expect(served.tables.Quirk!.mutable).toBe(false);
    expect(served.tables.Part!.mutable).toBeUndefined();
    expect(served.tables.Quirk!.columns.color!.type.key.enum).toEqual([RED]);
    expect(served.tables.Quirk!.columns.colors!.type.key.enum).toEqual([RED, GREEN]);
    // An immutable weak reference is mutable (a deleted target must be able to vanish from it).
    expect(served.tables.Quirk!.columns.owner!.mutable).toBe(true);
    // An ephemeral strong reference to a non-root table is persistent (replaying the log would
    // otherwise garbage-collect its target).
    expect(served.tables.Quirk!.columns.part!.ephemeral).toBe(false);
  });

  it('get_schema reports the weak reference mutable and the strong reference persistent', async () => {
    const raw = (await client.getSchema('Quirks')) as {
      tables: Record<string, { columns: Record<string, Record<string, unknown>> }>;
    };
    expect(raw.tables.Quirk!.columns.owner!.mutable).toBeUndefined();
    expect(raw.tables.Quirk!.columns.part!.ephemeral).toBeUndefined();
  });

  it('uuid enums: members pass (in any letter case), other uuids fail, as on the server', async () => {
    const ok = await executeTransaction(
      client,
      txn(Quirks).insert('Quirk', {
        name: 'q1',
        color: RED.toUpperCase() as typeof RED,
        colors: [GREEN, RED],
      }),
    );
    expect(ok.results).toHaveLength(1);
    const bad = txn(Quirks).insert('Quirk', { name: 'q2', color: OTHER as typeof RED });
    expect(() => bad.compile()).toThrow(ValidationError);
    const raw = client.transact('Quirks', [
      { op: 'insert', table: 'Quirk', row: { name: 'q2', color: ['uuid', OTHER] } },
    ]);
    await expect(raw).rejects.toBeInstanceOf(ConstraintViolationError);
  });

  it('an update of an immutable weak reference is accepted (by us and the server)', async () => {
    const setup = await executeTransaction(
      client,
      txn(Quirks).insert('Owner', { name: 'o1' }).insert('Quirk', { name: 'weak' }),
    );
    const owner = setup.results[0].uuid;
    const update = txn(Quirks).update('Quirk', [['name', '==', 'weak']], { owner });
    expect((await executeTransaction(client, update)).results).toEqual([{ op: 'update', count: 1 }]);
    const mutate = txn(Quirks).mutate('Quirk', [['name', '==', 'weak']], [['owner', 'delete', [owner]]]);
    expect((await executeTransaction(client, mutate)).results).toEqual([{ op: 'mutate', count: 1 }]);
  });
});

describe('sessions on such databases', () => {
  it('a database without a version: the session becomes ready', async () => {
    const s = openSession({ remote: server.remote, db: 'Quirks', tables: { Quirk: {} } });
    try {
      await s.ready;
      expect(s.status.state).toBe('ready');
    } finally {
      await s.close();
    }
  });

  it('a schema the client cannot parse: ready rejects with SchemaError instead of reconnecting forever', async () => {
    // ovsdb-server takes "+1.2.3" (it scans the version with %u); python-ovs and this library
    // accept only digits.
    const s = openSession({ remote: server.remote, db: 'Signed', tables: { Item: {} } });
    try {
      const err = await s.ready.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SchemaError);
      expect((err as SchemaError).message).toMatch(/version/);
      expect(s.status.state).toBe('closed');
    } finally {
      await s.close();
    }
  });
});
