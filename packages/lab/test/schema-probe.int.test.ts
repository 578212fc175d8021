import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { probeNorthboundSchema, toSchemaSummary } from '@ovnkit/lab';

describe('probeNorthboundSchema', () => {
  it('reads the schema of a real private NB server: the same as the installed schema file', async () => {
    const file = JSON.parse(readFileSync('/usr/share/ovn/ovn-nb.ovsschema', 'utf8')) as {
      name: string;
      version: string;
      tables: object;
    };
    const got = await probeNorthboundSchema();
    expect(got.name).toBe('OVN_Northbound');
    expect(got.version).toBe(file.version);
    expect(got.tables).toEqual(Object.keys(file.tables).sort());
  });

  it('rejects a reply that is not a schema, naming what came back', () => {
    expect(() => toSchemaSummary({ name: 'x' })).toThrow(/not an OVSDB schema: \{"name":"x"\}/);
  });
});
