import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { decodeUpdates } from './monitor-decode.js';
import { schemaInfoFromJson, WireValueError } from './wire-decode.js';

const schema = schemaInfoFromJson(JSON.parse(readFileSync('/usr/share/ovn/ovn-nb.ovsschema', 'utf8')));
const UUID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

describe('decodeUpdates (monitor reply rows)', () => {
  it('takes _uuid from the row key and fills the columns the reply left out', () => {
    const snap = decodeUpdates(schema, { Logical_Router: ['name', 'nat'] }, {
      Logical_Router: { [UUID]: { initial: { name: 'GR_node1' } } },
    } as never);
    expect(snap.Logical_Router).toEqual([{ _uuid: UUID, name: 'GR_node1', nat: [] }]);
  });

  it('refuses a row key that is not a UUID, naming the table and the key', () => {
    const bad = () =>
      decodeUpdates(schema, { Logical_Router: ['name'] }, {
        Logical_Router: { 'not-a-uuid': { initial: { name: 'GR_node1' } } },
      } as never);
    expect(bad).toThrow(WireValueError);
    expect(bad).toThrow('Logical_Router: row key "not-a-uuid" is not a UUID');
  });
});
