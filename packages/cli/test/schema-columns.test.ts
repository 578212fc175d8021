// schemaInfoOfColumns parses only the tables and columns a command reads: each of them must get
// exactly the type the full parse gives, for the real NB schema, and the other tables none.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { SCHEMAS } from '@ovnkit/testkit';
import { schemaInfoFromJson, schemaInfoOfColumns } from '../src/nb/wire-decode.js';
import { SHOW_COLUMNS } from '../src/render/show.js';

const nb = () => JSON.parse(readFileSync(SCHEMAS.nb, 'utf8')) as { tables: Record<string, unknown> };

describe('schemaInfoOfColumns', () => {
  it("gives show's columns the types of the full parse, and nothing else", () => {
    const full = schemaInfoFromJson(nb());
    const part = schemaInfoOfColumns(nb(), SHOW_COLUMNS);
    expect(part.name).toBe(full.name);
    expect(part.version).toBe(full.version);
    expect(Object.keys(part.tables).sort()).toEqual(Object.keys(SHOW_COLUMNS).sort());
    for (const [t, cols] of Object.entries(SHOW_COLUMNS)) {
      expect(Object.keys(part.tables[t]!.columns).sort()).toEqual([...cols].sort());
      for (const c of cols) expect(part.tables[t]!.columns[c]).toEqual(full.tables[t]!.columns[c]);
    }
  });

  it('keeps a table the server lacks absent, and a column it lacks absent', () => {
    const json = nb();
    delete json.tables.Gateway_Chassis;
    const part = schemaInfoOfColumns(json, { Gateway_Chassis: ['chassis_name'], NAT: ['type', 'nope'] });
    expect(part.tables.Gateway_Chassis).toBeUndefined();
    expect(Object.keys(part.tables.NAT!.columns)).toEqual(['type']);
  });

  it('reports a broken column type as the full parse does', () => {
    const json = nb() as { tables: Record<string, { columns: Record<string, unknown> }> };
    json.tables.NAT!.columns.type = { type: 'no-such-type' };
    expect(() => schemaInfoOfColumns(json, { NAT: ['type'] })).toThrow(/not a valid database schema/);
    expect(() => schemaInfoFromJson(json)).toThrow(/not a valid database schema/);
  });
});
