import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseSchema } from '../schema/parse-schema.js';
import { tableCodecsFromSchema, UnknownSchemaColumnError, UnknownSchemaTableError } from './schema-codecs.js';

const nb = parseSchema(JSON.parse(readFileSync('/usr/share/ovn/ovn-nb.ovsschema', 'utf8')));
const U1 = '11111111-1111-1111-1111-111111111111';

describe('schema codecs', () => {
  it('decodes every column shape of the NB schema into the native form', () => {
    const c = tableCodecsFromSchema(nb, {
      Logical_Router_Port: {},
      Logical_Switch: { columns: ['name', 'ports', 'external_ids'] },
    });
    const lrp = c.Logical_Router_Port!.columns;
    expect(lrp.get('name')!.decode('lrp0')).toBe('lrp0');
    expect(lrp.get('peer')!.decode(['set', []])).toBeUndefined();
    expect(lrp.get('peer')!.decode('x')).toBe('x');
    expect(lrp.get('networks')!.decode(['set', ['10.0.0.1/24', '10.0.0.2/24']])).toEqual([
      '10.0.0.1/24',
      '10.0.0.2/24',
    ]);
    expect(lrp.get('networks')!.decode('10.0.0.1/24')).toEqual(['10.0.0.1/24']);
    expect(lrp.get('enabled')!.defaultValue).toBeUndefined();
    const ls = c.Logical_Switch!;
    expect([...ls.columns.keys()]).toEqual(['name', 'ports', 'external_ids']);
    expect(ls.columns.get('ports')!.decode(['set', [['uuid', U1]]])).toEqual([U1]);
    expect(ls.columns.get('external_ids')!.decode(['map', [['a', 'b']]])).toEqual({ a: 'b' });
    expect(ls.columns.get('external_ids')!.decode(['map', [['__proto__', 'x']]])).toEqual(
      JSON.parse('{"__proto__":"x"}'),
    );
    // Empty collections are one shared frozen object, whatever the column.
    expect(ls.columns.get('ports')!.decode(['set', []])).toBe(ls.columns.get('ports')!.defaultValue);
    expect(Object.isFrozen(ls.columns.get('external_ids')!.decode(['map', [['a', 'b']]]))).toBe(true);
    const nbg = tableCodecsFromSchema(nb, { NB_Global: { columns: ['nb_cfg'] } }).NB_Global!;
    expect(nbg.columns.get('nb_cfg')!.defaultValue).toBe(0);
    expect(nbg.columns.get('nb_cfg')!.applyDiff(3, 4)).toBe(4);
  });

  it('names the missing table or column', () => {
    expect(() => tableCodecsFromSchema(nb, { Nope: {} })).toThrow(UnknownSchemaTableError);
    expect(() => tableCodecsFromSchema(nb, { Logical_Switch: { columns: ['nmae'] } })).toThrow(
      UnknownSchemaColumnError,
    );
    expect(() => tableCodecsFromSchema(nb, { Logical_Switch: { columns: ['nmae'] } })).toThrow(
      /no column "nmae"/,
    );
  });
});
