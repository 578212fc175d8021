import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseSchema } from '../schema/parse-schema.js';
import { OVN_Northbound } from '../schemas/ovn-nb.js';
import { checkModelAgainstSchema, findSchemaMismatches, SchemaMismatchError } from './check-model.js';

type Json = Record<string, any>; // test-only: free-form edits of a schema document

const liveNb = (): Json => JSON.parse(readFileSync('/usr/share/ovn/ovn-nb.ovsschema', 'utf8'));

describe('checkModelAgainstSchema', () => {
  it('accepts the live schema the model was generated from (raw or parsed)', () => {
    expect(() => checkModelAgainstSchema(OVN_Northbound, liveNb())).not.toThrow();
    expect(findSchemaMismatches(OVN_Northbound, parseSchema(liveNb()))).toEqual([]);
  });

  it('accepts extra server tables and columns (a newer server)', () => {
    const live = liveNb();
    live.tables.Brand_New = { columns: { x: { type: 'string' } } };
    live.tables.Logical_Switch.columns.added_later = { type: 'string' };
    expect(() => checkModelAgainstSchema(OVN_Northbound, live)).not.toThrow();
  });

  it('reports every mismatch at once', () => {
    const live = liveNb();
    delete live.tables.NB_Global;
    delete live.tables.Logical_Switch.columns.ports;
    delete live.tables.ACL.columns.label;
    live.tables.Logical_Router.columns.enabled.type = { key: 'string', min: 0, max: 1 };
    live.tables.Logical_Router.columns.options.type = { key: 'string', min: 0, max: 'unlimited' };
    live.tables.Logical_Router_Policy.columns.action.type.key.enum = ['set', ['allow', 'drop']];
    live.tables.Logical_Router_Policy.columns.nexthops.type.max = 1;
    let err: unknown;
    try {
      checkModelAgainstSchema(OVN_Northbound, live);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaMismatchError);
    const m = (err as SchemaMismatchError).mismatches;
    // In the model's table order (the schema file's).
    expect(m.map((x) => x.message)).toEqual([
      'table NB_Global is missing on the server',
      'column Logical_Switch.ports is missing on the server',
      'column ACL.label is missing on the server',
      'column Logical_Router.enabled type is string on the server, boolean in the model',
      'column Logical_Router.options is string [0..unlimited] on the server, map<string, string> [0..unlimited] in the model',
      'column Logical_Router_Policy.action type enum lacks "reroute" on the server',
      'column Logical_Router_Policy.nexthops holds [0..1] values on the server, [0..unlimited] in the model',
    ]);
    expect(m.map((x) => x.kind)).toEqual([
      'missing-table',
      'missing-column',
      'missing-column',
      'type',
      'type',
      'type',
      'type',
    ]);
    expect((err as Error).message).toContain('(7)');
  });

  it('reports a different database', () => {
    const live = liveNb();
    live.name = 'OVN_Southbound';
    expect(() => checkModelAgainstSchema(OVN_Northbound, live)).toThrow(
      /database is OVN_Southbound on the server, OVN_Northbound in the model/,
    );
  });
});
