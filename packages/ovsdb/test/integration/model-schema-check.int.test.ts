// checkModelAgainstSchema with the schema a real server reports: the generated models match the
// servers they came from, a newer server (extra table/column) is accepted, and an older one is
// reported with every difference at once.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkModelAgainstSchema, connect, type OvsdbClient, SchemaMismatchError } from '@ovnkit/ovsdb';
import { OVN_Northbound } from '@ovnkit/ovsdb/schemas/ovn-nb';
import { OVN_Southbound } from '@ovnkit/ovsdb/schemas/ovn-sb';
import { _Server } from '@ovnkit/ovsdb/schemas/server';
import { Open_vSwitch } from '@ovnkit/ovsdb/schemas/vswitch';
import { makeTempDir, type OvsdbServer, removeTempDir, startOvsdbServer } from '@ovnkit/testkit';

type Json = Record<string, any>; // test-only: free-form edits of a schema document

let dir: string;
let current: OvsdbServer;
let skewed: OvsdbServer;
let a: OvsdbClient;
let b: OvsdbClient;

beforeAll(async () => {
  dir = makeTempDir('ovnkit-model-check-');
  // An older NB server: a table and columns the model has are missing, one column changed type;
  // plus a table this model never heard of.
  const older: Json = JSON.parse(readFileSync('/usr/share/ovn/ovn-nb.ovsschema', 'utf8'));
  delete older.tables.Static_MAC_Binding;
  delete older.tables.Logical_Router_Policy.columns.options;
  delete older.tables.Logical_Switch.columns.copp;
  older.tables.Logical_Router.columns.enabled.type = { key: 'string', min: 0, max: 1 };
  older.tables.Other_Vendor_Table = { columns: { x: { type: 'string' } }, isRoot: true };
  writeFileSync(join(dir, 'older-nb.ovsschema'), JSON.stringify(older));
  current = await startOvsdbServer({ schemas: ['nb', 'sb', 'vswitch'] });
  skewed = await startOvsdbServer({ schemas: [join(dir, 'older-nb.ovsschema')] });
  a = await connect({ remote: current.remote });
  b = await connect({ remote: skewed.remote });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await current?.stop();
  await skewed?.stop();
  if (dir) removeTempDir(dir);
});

describe('checkModelAgainstSchema against live servers', () => {
  it('accepts each generated model against the server schema it was generated from', async () => {
    checkModelAgainstSchema(OVN_Northbound, await a.getSchema('OVN_Northbound'));
    checkModelAgainstSchema(OVN_Southbound, await a.getSchema('OVN_Southbound'));
    checkModelAgainstSchema(Open_vSwitch, await a.getSchema('Open_vSwitch'));
    checkModelAgainstSchema(_Server, await a.getSchema('_Server'));
  });

  it('reports every difference with an older server at once, ignoring what the server has extra', async () => {
    let caught: unknown;
    try {
      checkModelAgainstSchema(OVN_Northbound, await b.getSchema('OVN_Northbound'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SchemaMismatchError);
    expect((caught as SchemaMismatchError).mismatches.map((m) => m.message).sort()).toEqual([
      'column Logical_Router.enabled type is string on the server, boolean in the model',
      'column Logical_Router_Policy.options is missing on the server',
      'column Logical_Switch.copp is missing on the server',
      'table Static_MAC_Binding is missing on the server',
    ]);
  });
});
