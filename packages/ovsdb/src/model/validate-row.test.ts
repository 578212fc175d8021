import { describe, expect, it } from '@jest/globals';
import { Sink } from '../../test/types/sink-schema.js';
import { namedUuid } from './named-uuid.js';
import { validateRow } from './validate-row.js';

const U = '6b1cb4e2-8a5b-4bb7-9f4a-0c9d7f8f3f3e';
const messages = (issues: ReturnType<typeof validateRow>) => issues.map((i) => `${i.path}: ${i.message}`);

describe('validateRow', () => {
  it('accepts a valid insert, named uuids included', () => {
    expect(
      validateRow(
        Sink,
        'Thing',
        {
          name: 'ok',
          kind: 'red',
          prio: 100,
          big: 2n ** 62n,
          ratio: 1,
          nick: undefined,
          parts: [U, namedUuid('p')],
          labels: { a: 'b' },
          weights: new Map([[1, 2]]),
        },
        'insert',
      ),
    ).toEqual([]);
  });

  it('reports every problem at once, each with table, column and path', () => {
    const issues = validateRow(
      Sink,
      'Thing',
      {
        _uuid: U,
        kind: 'purple',
        prio: 101,
        big: 1.5,
        ratio: Number.NaN,
        flag: 'yes',
        nick: 'much-too-long',
        tags: ['a', 'a'],
        slots: [1, 2, 3, 4],
        labels: { k: 7 },
        weights: { 1: 2 },
        owner: 'not-a-uuid',
        bogus: 1,
      },
      'insert',
    );
    expect(messages(issues)).toEqual([
      'row._uuid: _uuid is read-only (set by the server)',
      'row.kind: "purple" is not one of the allowed values ("red", "green", "blue")',
      'row.prio: 101 is greater than the maximum 100',
      'row.big: expected an integer (number or bigint), got 1.5',
      'row.ratio: expected a finite number, got null',
      'row.flag: expected a boolean, got "yes"',
      'row.nick: "much-too-long" is longer than 8 characters',
      'row.tags[1]: duplicate set element "a"',
      'row.slots: allows at most 3 elements, got 4',
      'row.labels["k"]: expected a string, got 7',
      'row.weights: expected a Map (map column), got {"1":2}',
      'row.owner: expected a reference to Owner (36-character uuid string or namedUuid()), got "not-a-uuid"',
      'row.bogus: unknown column "bogus" in table Thing',
    ]);
    expect(issues.every((i) => i.table === 'Thing')).toBe(true);
    expect(issues.find((i) => i.path === 'row.prio')?.column).toBe('prio');
  });

  it('requires on insert the columns whose default the server would reject', () => {
    expect(messages(validateRow(Sink, 'Thing', { name: 'x' }, 'insert'))).toEqual([
      'row.kind: is required on insert: its default value is not allowed by the column type',
    ]);
  });

  it('refuses immutable columns in update but not in insert', () => {
    expect(messages(validateRow(Sink, 'Thing', { serial: 's' }, 'update'))).toEqual([
      'row.serial: column serial is not mutable',
    ]);
    expect(validateRow(Sink, 'Thing', { serial: 's', kind: 'red' }, 'insert')).toEqual([]);
  });

  it('treats undefined as "not given" for scalar columns and as "empty" for optional ones', () => {
    expect(validateRow(Sink, 'Thing', { name: undefined, nick: undefined }, 'update')).toEqual([]);
  });

  it('keeps integers exact: unsafe numbers must be bigint, and bigint must fit 64 bits', () => {
    expect(messages(validateRow(Sink, 'Thing', { big: 2 ** 60 }, 'update'))).toEqual([
      `row.big: ${2 ** 60} is beyond ±(2^53-1); pass it as a bigint to keep it exact`,
    ]);
    expect(messages(validateRow(Sink, 'Thing', { big: 2n ** 63n }, 'update'))).toEqual([
      `row.big: ${2n ** 63n} does not fit in a 64-bit signed integer`,
    ]);
  });

  it('refuses subnormal reals, which ovsdb-server cannot parse (it drops the connection)', () => {
    expect(messages(validateRow(Sink, 'Thing', { ratio: 5e-324 }, 'update'))).toEqual([
      'row.ratio: 5e-324 is too close to 0 for ovsdb-server (subnormal numbers are refused)',
    ]);
    expect(validateRow(Sink, 'Thing', { ratio: 2.2250738585072014e-308 }, 'update')).toEqual([]);
  });

  it('names an unknown table', () => {
    expect(messages(validateRow(Sink, 'Nope', {}, 'insert'))).toEqual([
      'row: unknown table "Nope" in schema Sink',
    ]);
  });
});
