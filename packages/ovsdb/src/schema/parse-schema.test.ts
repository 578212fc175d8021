import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { defaultAtom, defaultWireValue, isRequiredOnInsert, ZERO_UUID } from './default-value.js';
import { parseSchema } from './parse-schema.js';
import { SchemaError } from './schema-error.js';

const real = {
  nb: '/usr/share/ovn/ovn-nb.ovsschema',
  sb: '/usr/share/ovn/ovn-sb.ovsschema',
  vswitch: '/usr/share/openvswitch/vswitch.ovsschema',
  server: join(import.meta.dirname, '..', 'schemas', 'server.ovsschema'),
};
const load = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

function problemsOf(json: unknown): string[] {
  try {
    parseSchema(json);
  } catch (err) {
    expect(err).toBeInstanceOf(SchemaError);
    return (err as SchemaError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected a SchemaError');
}

describe('parseSchema', () => {
  it('parses what ovsdb-server accepts (test/fixtures/ovs-quirks), and parsing its output changes nothing', () => {
    const file = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'ovs-quirks.ovsschema');
    const parsed = parseSchema(load(file));
    expect(parseSchema(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it('still refuses a malformed version or table "mutable", and enum members of the wrong type', () => {
    const base = { name: 'D', tables: { T: { columns: { c: { type: 'integer' } } } } };
    expect(problemsOf({ ...base, version: '1.2' })).toEqual(['version: must be a string "x.y.z"']);
    expect(
      problemsOf({ ...base, tables: { T: { mutable: 'no', columns: { c: { type: 'integer' } } } } }),
    ).toEqual(['tables.T.mutable: must be a boolean']);
    const uuidEnum = (e: unknown) => ({
      ...base,
      tables: { T: { columns: { c: { type: { key: { type: 'uuid', enum: e } } } } } },
    });
    expect(problemsOf(uuidEnum(['set', ['not-a-uuid']]))).toEqual([
      'tables.T.columns.c.type.key.enum[0]: enum member "not-a-uuid" is not a uuid',
    ]);
  });

  it.each(Object.entries(real))(
    'parses the installed %s schema, and parsing its output changes nothing',
    (_n, file) => {
      const parsed = parseSchema(load(file));
      expect(parseSchema(parsed)).toEqual(parsed);
    },
  );

  it('normalises types: bare names become objects, enums arrays, refType defaults to strong', () => {
    const nb = parseSchema(load(real.nb));
    const ls = nb.tables.Logical_Switch!;
    expect(nb.name).toBe('OVN_Northbound');
    expect(nb.version).toBe('7.0.0');
    expect(ls.isRoot).toBe(true);
    expect(ls.columns.name).toEqual({
      type: { key: { type: 'string' }, min: 1, max: 1 },
      ephemeral: false,
      mutable: true,
    });
    expect(ls.columns.ports!.type).toEqual({
      key: { type: 'uuid', refTable: 'Logical_Switch_Port', refType: 'strong' },
      min: 0,
      max: 'unlimited',
    });
    const policy = nb.tables.Logical_Router_Policy!;
    expect(policy.isRoot).toBe(false);
    expect(policy.columns.action!.type.key.enum).toEqual(['allow', 'drop', 'reroute']);
    expect(policy.columns.priority!.type.key).toEqual({ type: 'integer', minInteger: 0, maxInteger: 32767 });
    expect(nb.tables.NB_Global!.maxRows).toBe(1);
    expect(nb.tables.Connection!.columns.status!.ephemeral).toBe(true);
  });

  it('makes every table a root when no table says isRoot (RFC 7047 3.2)', () => {
    const s = parseSchema({
      name: 'Old',
      version: '1.0.0',
      tables: { A: { columns: { x: { type: 'string' } } } },
    });
    expect(s.tables.A!.isRoot).toBe(true);
  });

  it('reports every problem of a malformed schema at once', () => {
    const problems = problemsOf({
      name: '9bad',
      version: 'one',
      extra: 1,
      tables: {
        T: {
          columns: {
            _hidden: { type: 'string' },
            a: { type: 'int' },
            b: { type: { key: { type: 'string', minInteger: 1 } } },
            c: { type: { key: { type: 'uuid', refTable: 'Nope' } } },
            d: { type: { key: 'string', min: 2, max: 0 } },
            e: { type: { key: { type: 'string', enum: ['set', ['x', 3]] } } },
            f: { type: { key: { type: 'integer', minInteger: 5, maxInteger: 1 } } },
            g: { type: { key: { type: 'uuid', refType: 'weak' } } },
            h: {},
          },
          maxRows: 0,
          indexes: [['zz'], 'x'],
        },
        U: { columns: {} },
      },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'extra: member not allowed here',
        'name: must be an identifier (letters, digits, _; not starting with a digit)',
        'version: must be a string "x.y.z"',
        'tables.T.columns._hidden: column name must be an identifier not starting with _',
        'tables.T.columns.a.type: unknown atomic type "int" (expected one of integer, real, boolean, string, uuid)',
        'tables.T.columns.b.type.key.minInteger: not allowed for type string',
        'tables.T.columns.c.type.key.refTable: names unknown table "Nope"',
        'tables.T.columns.d.type.min: must be 0 or 1',
        'tables.T.columns.d.type.max: must be a positive integer or "unlimited"',
        'tables.T.columns.e.type.key.enum[1]: enum member 3 is not a string',
        'tables.T.columns.f.type.key: minInteger 5 is greater than maxInteger 1',
        'tables.T.columns.g.type.key.refType: requires refTable',
        'tables.T.columns.h.type: is required',
        'tables.T.maxRows: must be a positive integer',
        'tables.T.indexes[0]: index names unknown column "zz"',
        'tables.T.indexes[1]: must be a non-empty array of column names',
        'tables.U.columns: a table must have at least one column',
      ]),
    );
    expect(problems).toHaveLength(17);
  });

  it('rejects non-objects with a SchemaError', () => {
    expect(() => parseSchema('nope')).toThrow(SchemaError);
    expect(() => parseSchema(null)).toThrow(/must be a JSON object/);
  });
});

describe('default values', () => {
  it('are 0, 0.0, false, "", the zero uuid, and empty sets and maps', () => {
    expect(defaultAtom('integer')).toBe(0);
    expect(defaultAtom('real')).toBe(0);
    expect(defaultAtom('boolean')).toBe(false);
    expect(defaultAtom('string')).toBe('');
    expect(defaultAtom('uuid')).toBe(ZERO_UUID);
    expect(defaultWireValue({ key: { type: 'uuid' }, min: 1, max: 1 })).toEqual(['uuid', ZERO_UUID]);
    expect(defaultWireValue({ key: { type: 'string' }, min: 0, max: 'unlimited' })).toEqual(['set', []]);
    expect(
      defaultWireValue({ key: { type: 'string' }, value: { type: 'integer' }, min: 0, max: 'unlimited' }),
    ).toEqual(['map', []]);
  });

  it('decide which columns insert must name: those whose default the server rejects', () => {
    const nb = parseSchema(load(real.nb));
    const policy = nb.tables.Logical_Router_Policy!.columns;
    expect(isRequiredOnInsert(policy.action!.type)).toBe(true); // enum without ""
    expect(isRequiredOnInsert(policy.priority!.type)).toBe(false); // 0 is in range
    expect(isRequiredOnInsert(policy.match!.type)).toBe(false);
    expect(isRequiredOnInsert(policy.nexthop!.type)).toBe(false); // optional
    expect(isRequiredOnInsert({ key: { type: 'integer', minInteger: 1 }, min: 1, max: 1 })).toBe(true);
    expect(isRequiredOnInsert({ key: { type: 'string', minLength: 1 }, min: 1, max: 1 })).toBe(true);
    expect(
      isRequiredOnInsert({ key: { type: 'uuid', refTable: 'T', refType: 'weak' }, min: 1, max: 1 }),
    ).toBe(true);
  });
});
