import { describe, expect, it } from '@jest/globals';
import { Sink } from '../../test/types/sink-schema.js';
import { namedUuid } from '../model/named-uuid.js';
import { ValidationError } from '../model/validation-error.js';
import { decodeResults, UnexpectedResultError } from './decode-results.js';
import { txn } from './transaction.js';

const U = '6b1cb4e2-8a5b-4bb7-9f4a-0c9d7f8f3f3e';
const V = '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

function issuesOf(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a ValidationError');
}

describe('Transaction builder', () => {
  it('is immutable: every call returns a new builder and earlier ones are unchanged', () => {
    const a = txn(Sink);
    const b = a.insert('Owner', { name: 'o' });
    const c = b.comment('x');
    expect(a.operations).toHaveLength(0);
    expect(b.operations).toHaveLength(1);
    expect(c.operations).toHaveLength(2);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.operations)).toBe(true);
    expect(Object.isFrozen(c.operations[0])).toBe(true);
    const row = { name: 'o' };
    const d = a.insert('Owner', row);
    row.name = 'changed';
    expect(d.compile().ops[0]).toEqual({ op: 'insert', table: 'Owner', row: { name: 'o' } });
  });

  it('compiles every operation kind to RFC 7047 wire form', () => {
    const t = txn(Sink)
      .insert('Part', { label: 'p' }, { uuidName: 'part' })
      .insert(
        'Thing',
        {
          name: 't',
          kind: 'red',
          big: 2n ** 62n,
          parts: [namedUuid('part')],
          labels: { a: 'b' },
          weights: new Map([[1, 0.5]]),
          nick: undefined,
        },
        { uuid: U },
      )
      .select(
        'Thing',
        [
          ['name', '==', 't'],
          ['prio', '<=', 5],
          ['tags', 'includes', ['x']],
        ],
        { columns: ['name', '_uuid'] },
      )
      .update('Thing', [['_uuid', '==', U]], { flag: true, owner: undefined })
      .mutate(
        'Thing',
        [['_uuid', '==', namedUuid('part')]],
        [
          ['prio', '+=', 1],
          ['big', '%=', 7],
          ['tags', 'insert', ['y']],
          ['labels', 'delete', ['a']],
          ['labels', 'insert', { c: 'd' }],
          ['parts', 'delete', [V]],
        ],
      )
      .delete('Owner', [['name', '!=', 'keep']])
      .wait('Thing', [['name', '==', 't']], {
        columns: ['flag'],
        until: '==',
        rows: [{ flag: true }],
        timeoutMs: 0,
      })
      .comment('hello')
      .assert('lock1')
      .commit(false)
      .abort();
    const compiled = t.compile();
    expect(compiled.db).toBe('Sink');
    expect(compiled.ops).toEqual([
      { op: 'insert', table: 'Part', row: { label: 'p' }, 'uuid-name': 'part' },
      {
        op: 'insert',
        table: 'Thing',
        row: {
          name: 't',
          kind: 'red',
          big: 2n ** 62n,
          parts: ['set', [['named-uuid', 'part']]],
          labels: ['map', [['a', 'b']]],
          weights: ['map', [[1, 0.5]]],
          nick: ['set', []],
        },
        uuid: U,
      },
      {
        op: 'select',
        table: 'Thing',
        where: [
          ['name', '==', 't'],
          ['prio', '<=', 5],
          ['tags', 'includes', ['set', ['x']]],
        ],
        columns: ['name', '_uuid'],
      },
      {
        op: 'update',
        table: 'Thing',
        where: [['_uuid', '==', ['uuid', U]]],
        row: { flag: true, owner: ['set', []] },
      },
      {
        op: 'mutate',
        table: 'Thing',
        where: [['_uuid', '==', ['named-uuid', 'part']]],
        mutations: [
          ['prio', '+=', 1],
          ['big', '%=', 7],
          ['tags', 'insert', ['set', ['y']]],
          ['labels', 'delete', ['set', ['a']]],
          ['labels', 'insert', ['map', [['c', 'd']]]],
          ['parts', 'delete', ['set', [['uuid', V]]]],
        ],
      },
      { op: 'delete', table: 'Owner', where: [['name', '!=', 'keep']] },
      {
        op: 'wait',
        table: 'Thing',
        where: [['name', '==', 't']],
        columns: ['flag'],
        until: '==',
        rows: [{ flag: true }],
        timeout: 0,
      },
      { op: 'comment', comment: 'hello' },
      { op: 'assert', lock: 'lock1' },
      { op: 'commit', durable: false },
      { op: 'abort' },
    ]);
  });

  it('validates every operation before encoding and reports all problems at once', () => {
    const bad = txn(Sink)
      .insert('Thing', { name: 'x', kind: 'mauve' as 'red', prio: 1000 }, { uuidName: '1bad' })
      .insert('Owner', { name: 'o' }, { uuid: 'nope' })
      // Casts stand in for untyped callers (JavaScript, or data from elsewhere).
      .select('Thing', [
        ['nope' as 'name', '==', 'x'],
        ['tags', '<' as '==', ['a']],
      ])
      .update('Thing', [], { serial: 'z' } as object)
      .mutate(
        'Thing',
        [],
        [['labels', '+=' as 'insert', { a: 'b' }], ['prio', '/=', 0], ['name', 'insert', 'x'] as never],
      )
      .mutate('Thing', [], [['parts', 'insert', [namedUuid('ghost')]]])
      .wait('Thing', [], { columns: ['flag'], until: '==', rows: [{ name: 'n' }] });
    expect(issuesOf(() => bad.compile())).toEqual([
      'ops[0].row.kind: "mauve" is not one of the allowed values ("red", "green", "blue")',
      'ops[0].row.prio: 1000 is greater than the maximum 100',
      'ops[0].uuidName: "1bad" is not a valid uuid-name (letters, digits, _; not starting with a digit)',
      'ops[1].uuid: "nope" is not a uuid',
      'ops[2].where[0]: unknown column "nope" in table Thing',
      'ops[2].where[1]: "<" needs a single-valued integer or real column; tags is not one',
      'ops[3].row.serial: column serial is not mutable',
      'ops[4].mutations[0]: "+=" needs an integer or real column (not a map); labels is not one',
      'ops[4].mutations[1][2]: division by zero',
      'ops[4].mutations[2]: "insert" needs a set or map column; name holds exactly one value',
      "ops[6].rows[0].name: column name is not in the wait's columns",
      'ops[5].mutations[0][2][0]: namedUuid("ghost") names no insert in this transaction',
    ]);
  });

  it('rejects a duplicate uuid-name and an unknown table', () => {
    const t = txn(Sink)
      .insert('Owner', { name: 'a' }, { uuidName: 'o' })
      .insert('Owner', { name: 'b' }, { uuidName: 'o' })
      .delete('Missing' as 'Owner', []);
    expect(issuesOf(() => t.compile())).toEqual([
      'ops[2].table: unknown table "Missing" in schema Sink',
      'ops[1].uuidName: duplicate uuid-name "o"',
    ]);
  });
});

describe('decodeResults', () => {
  const t = txn(Sink)
    .insert('Owner', { name: 'o' }, { uuidName: 'own' })
    .insert('Owner', { name: 'p' })
    .select('Thing', [])
    .select('Thing', [], { columns: ['name', 'tags'] })
    .update('Thing', [], { flag: true })
    .mutate('Thing', [], [['prio', '+=', 1]])
    .delete('Owner', [])
    .comment('c');

  it('decodes outcomes in order: uuids (also by uuid-name), native rows, counts', () => {
    const raw = [
      { uuid: ['uuid', U] },
      { uuid: ['uuid', V] },
      {
        rows: [
          {
            _uuid: ['uuid', U],
            _version: ['uuid', V],
            name: 't',
            kind: 'blue',
            big: 2n ** 60n,
            labels: ['map', [['k', 'v']]],
          },
        ],
      },
      { rows: [{ name: 't', tags: ['set', ['a', 'b']] }] },
      { count: 2 },
      { count: 1 },
      { count: 0 },
      {},
    ];
    const { results, uuids } = decodeResults(Sink, t.operations, raw);
    expect(uuids).toEqual({ own: U });
    expect(results[0]).toEqual({ op: 'insert', uuid: U, uuidName: 'own' });
    expect(results[1]).toEqual({ op: 'insert', uuid: V });
    const full = (results[2] as unknown as { rows: Array<Record<string, unknown>> }).rows[0]!;
    expect(full).toMatchObject({
      _uuid: U,
      _version: V,
      name: 't',
      kind: 'blue',
      big: 2n ** 60n,
      prio: 0,
      tags: [],
    });
    expect({ ...(full.labels as object) }).toEqual({ k: 'v' });
    expect(results[3]).toEqual({ op: 'select', rows: [{ name: 't', tags: ['a', 'b'] }] });
    expect(results.slice(4)).toEqual([
      { op: 'update', count: 2 },
      { op: 'mutate', count: 1 },
      { op: 'delete', count: 0 },
      { op: 'comment' },
    ]);
  });

  it('names a reply that does not fit the operations', () => {
    expect(() => decodeResults(Sink, t.operations, [])).toThrow(UnexpectedResultError);
    expect(() => decodeResults(Sink, t.operations, [{ count: 1 }, ...Array(7).fill({})])).toThrow(
      /result 0: insert result has no uuid/,
    );
    expect(() =>
      decodeResults(Sink, t.operations.slice(0, 1), [{ error: 'constraint violation', details: 'd' }]),
    ).toThrow(/result 0: operation failed: constraint violation \(d\)/);
  });
});
