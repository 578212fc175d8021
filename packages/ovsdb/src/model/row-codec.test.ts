import { describe, expect, it } from '@jest/globals';
import { Sink } from '../../test/types/sink-schema.js';
import { WireFormatError } from '../wire/wire-format-error.js';
import { rowCodec, rowCodecs } from './row-codec.js';

const U = '6b1cb4e2-8a5b-4bb7-9f4a-0c9d7f8f3f3e';
const V = '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('RowCodec', () => {
  const thing = rowCodec(Sink, 'Thing');

  it('decodes a full row: every column set, omitted columns at their default, frozen', () => {
    // update2 `initial` rows leave out columns holding their default.
    const row = thing.decodeRow(
      { name: 't', kind: 'red', tags: ['set', ['x', 'y']], labels: ['map', [['a', 'b']]] },
      U,
    );
    expect(row).toEqual({
      _uuid: U,
      name: 't',
      kind: 'red',
      prio: 0,
      big: 0,
      ratio: 0,
      flag: false,
      nick: undefined,
      level: undefined,
      tags: ['x', 'y'],
      slots: [],
      labels: { a: 'b' },
      weights: new Map(),
      owner: undefined,
      parts: [],
      serial: '',
      note: undefined,
    });
    expect(Object.isFrozen(row)).toBe(true);
    expect(Object.keys(row)).toEqual(['_uuid', ...Object.keys(Sink.tables.Thing.columns)]);
  });

  it('takes _uuid and _version from the row when present and ignores columns the schema lacks', () => {
    const row = thing.decodeRow({
      _uuid: ['uuid', U],
      _version: ['uuid', V],
      name: 'n',
      added_by_newer_server: 1,
    });
    expect(row._uuid).toBe(U);
    expect(row._version).toBe(V);
    expect('added_by_newer_server' in row).toBe(false);
  });

  it('decodes a partial row (select with columns) to just those columns', () => {
    expect(thing.decodePartialRow({ name: 'n', owner: ['uuid', U] })).toEqual({ name: 'n', owner: U });
  });

  it('names the table and column of a malformed value', () => {
    expect(() => thing.decodeRow({ prio: 'high' }, U)).toThrow(WireFormatError);
    expect(() => thing.decodeRow({ prio: 'high' }, U)).toThrow(/^Thing\.prio: expected an integer/);
    expect(() => thing.decodeRow({ name: 'x' })).toThrow(/no _uuid/);
  });

  it('compiles once per schema and lists unique indexes', () => {
    expect(rowCodecs(Sink)).toBe(rowCodecs(Sink));
    expect(thing.uniqueIndexes).toEqual([['name']]);
    expect(() => rowCodec(Sink, 'Nope')).toThrow(/table "Nope" is not in schema Sink/);
  });
});
