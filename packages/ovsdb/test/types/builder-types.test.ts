// The builder is typed per table and column: wrong names and wrong value types fail to compile
// (each `@ts-expect-error` line must error, or tsc fails), and results are typed in order.
import { describe, expect, it } from '@jest/globals';
import {
  type CountOutcome,
  type EmptyOutcome,
  type InsertOutcome,
  namedUuid,
  type SelectOutcome,
  type Transaction,
  txn,
} from '@ovnkit/ovsdb';
import {
  type LogicalRouterPolicyInsert,
  type LogicalSwitch,
  OVN_Northbound,
} from '@ovnkit/ovsdb/schemas/ovn-nb';
import { Sink, type Thing } from './sink-schema.js';
import { assertType, type Equals } from './type-equality.js';

type ResultsOf<T> = T extends Transaction<infer _S, infer R> ? R : never;

const U = '6b1cb4e2-8a5b-4bb7-9f4a-0c9d7f8f3f3e';
const NB = OVN_Northbound;

const t = txn(NB)
  .insert('Logical_Switch', { name: 'sw0', other_config: { subnet: '10.0.0.0/24' } }, { uuidName: 'sw' })
  .mutate('Logical_Router', [['name', '==', 'r0']], [['ports', 'insert', [U]]])
  .select('Logical_Switch', [['_uuid', '==', namedUuid('sw')]])
  .select('Logical_Switch', [['name', '==', 'sw0']], { columns: ['name', 'ports'] })
  .update('Logical_Switch', [['name', '==', 'sw0']], { external_ids: { owner: 'me' } })
  .delete('Logical_Switch', [['name', '!=', 'sw0']])
  .wait('Logical_Switch', [], { columns: ['name'], until: '!=', rows: [{ name: 'x' }] })
  .comment('typed');

assertType<
  Equals<
    ResultsOf<typeof t>,
    [
      InsertOutcome,
      CountOutcome<'mutate'>,
      SelectOutcome<LogicalSwitch>,
      SelectOutcome<{ readonly name: string; readonly ports: readonly string[] }>,
      CountOutcome<'update'>,
      CountOutcome<'delete'>,
      EmptyOutcome<'wait'>,
      EmptyOutcome<'comment'>,
    ]
  >
>();

// Insert requires what the server cannot default (enum without ""), and types every value.
const policy: LogicalRouterPolicyInsert = {
  action: 'reroute',
  priority: 100,
  match: 'ip4',
  nexthops: ['10.0.0.1'],
};
txn(NB).insert('Logical_Router_Policy', policy);
// @ts-expect-error action is required: its default "" is not in the enum
txn(NB).insert('Logical_Router_Policy', { priority: 1, match: 'ip4' });
// @ts-expect-error 'forward' is not one of allow | drop | reroute
txn(NB).insert('Logical_Router_Policy', { action: 'forward', priority: 1, match: 'ip4' });
// @ts-expect-error unknown table
txn(NB).insert('Logical_Swtich', { name: 'x' });
// @ts-expect-error unknown column
txn(NB).insert('Logical_Switch', { nmae: 'x' });
// @ts-expect-error name is a string
txn(NB).insert('Logical_Switch', { name: 42 });
// @ts-expect-error a set column takes an array
txn(NB).insert('Logical_Switch', { ports: U });
// @ts-expect-error external_ids maps strings to strings
txn(NB).insert('Logical_Switch', { external_ids: { a: 1 } });
// @ts-expect-error _uuid is read-only
txn(NB).insert('Logical_Switch', { _uuid: U });
// @ts-expect-error _uuid cannot be updated
txn(NB).update('Logical_Switch', [], { _uuid: U });
// @ts-expect-error serial is not mutable
txn(Sink).update('Thing', [], { serial: 'x' });

// Conditions: column names, value types, and ordering only on single-valued numbers.
txn(Sink).select('Thing', [
  ['prio', '>=', 3],
  ['level', '<', 2n ** 60n],
  ['tags', 'includes', ['a']],
  ['owner', '==', undefined],
]);
// @ts-expect-error unknown column in where
txn(Sink).select('Thing', [['prioo', '==', 3]]);
// @ts-expect-error prio is an integer
txn(Sink).select('Thing', [['prio', '==', 'high']]);
// @ts-expect-error '<' is not defined on strings
txn(Sink).select('Thing', [['name', '<', 'm']]);
// @ts-expect-error '<' is not defined on sets
txn(Sink).select('Thing', [['slots', '<', 3]]);
// @ts-expect-error unknown select column
txn(Sink).select('Thing', [], { columns: ['nope'] });

// Mutations: arithmetic on numbers (%= on integers only), insert/delete on sets and maps.
txn(Sink).mutate(
  'Thing',
  [],
  [
    ['prio', '*=', 2],
    ['ratio', '/=', 2],
    ['slots', '+=', 1],
    ['labels', 'delete', ['k']],
    ['weights', 'insert', new Map([[1, 0.5]])],
    ['nick', 'insert', ['n']],
  ],
);
// @ts-expect-error %= needs an integer column
txn(Sink).mutate('Thing', [], [['ratio', '%=', 2]]);
// @ts-expect-error no arithmetic on strings
txn(Sink).mutate('Thing', [], [['name', '+=', 1]]);
// @ts-expect-error insert needs a set or map column
txn(Sink).mutate('Thing', [], [['prio', 'insert', [1]]]);
// @ts-expect-error set elements are strings
txn(Sink).mutate('Thing', [], [['tags', 'insert', [1]]]);
// @ts-expect-error serial is not mutable
txn(Sink).mutate('Thing', [], [['serial', 'insert', ['x']]]);

// Read rows are readonly (never called: only compiled).
export function writeToRow(row: Thing): void {
  // @ts-expect-error rows are readonly
  row.name = 'x';
}

describe('typed builder (runtime side of the type tests)', () => {
  it('compiles the typed operations to wire form', () => {
    const { db, ops } = t.compile();
    expect(db).toBe('OVN_Northbound');
    expect(ops.map((o) => o.op)).toEqual([
      'insert',
      'mutate',
      'select',
      'select',
      'update',
      'delete',
      'wait',
      'comment',
    ]);
    expect(ops[0]).toEqual({
      op: 'insert',
      table: 'Logical_Switch',
      row: { name: 'sw0', other_config: ['map', [['subnet', '10.0.0.0/24']]] },
      'uuid-name': 'sw',
    });
    expect(ops[2]).toEqual({
      op: 'select',
      table: 'Logical_Switch',
      where: [['_uuid', '==', ['named-uuid', 'sw']]],
    });
  });
});
