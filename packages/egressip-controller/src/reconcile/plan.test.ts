import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { schemaPath } from '@ovnkit/testkit';
import type { SchemaJson } from '../nb/wire.js';
import type { ChangeUnit, ParentRef } from './changes.js';
import { batchTransactions, compileTransaction, planTransactions } from './plan.js';

const schema = JSON.parse(readFileSync(schemaPath('nb'), 'utf8')) as SchemaJson;
const router: ParentRef = {
  table: 'Logical_Router',
  uuid: '11111111-1111-1111-1111-111111111111',
  column: 'nat',
};
const U = (n: number) => `00000000-0000-0000-0000-00000000000${n}`;

describe('planTransactions / compileTransaction', () => {
  it('feature group first, then one transaction per EgressIP; splits only between units', () => {
    const units: ChangeUnit[] = [
      { group: 'b', changes: [{ kind: 'unlink', parent: router, uuid: U(1) }] },
      { group: '', changes: [{ kind: 'addresses', name: 'a1', add: ['10.0.0.1'], remove: [] }] },
      {
        group: 'a',
        changes: [
          { kind: 'unlink', parent: router, uuid: U(2) },
          { kind: 'unlink', parent: router, uuid: U(3) },
        ],
      },
      { group: 'a', changes: [{ kind: 'unlink', parent: router, uuid: U(4) }] },
    ];
    expect(planTransactions(units).map((t) => [t.groups, t.changes.length])).toEqual([
      [[''], 1],
      [['a'], 3],
      [['b'], 1],
    ]);
    expect(planTransactions(units, 2).map((t) => [t.groups, t.changes.length])).toEqual([
      [[''], 1],
      [['a'], 2],
      [['a'], 1],
      [['b'], 1],
    ]);
  });

  it('batches whole EgressIPs up to the bound; the feature group and split groups stay alone', () => {
    const unit = (group: string, n: number): ChangeUnit => ({
      group,
      changes: Array.from({ length: n }, (_, i) => ({ kind: 'unlink', parent: router, uuid: U(i) }) as const),
    });
    const units = [
      unit('', 2),
      unit('a', 2),
      unit('b', 2),
      unit('c', 3),
      unit('d', 5),
      unit('d', 5),
      unit('e', 1),
    ];
    const planned = planTransactions(units, 6);
    const batched = batchTransactions(planned, 4);
    expect(batched.map((t) => [t.groups, t.changes.length])).toEqual([
      [[''], 2],
      [['a', 'b'], 4],
      [['c'], 3],
      [['d'], 5],
      [['d'], 5],
      [['e'], 1],
    ]);
    expect(batched[1]!.parts!.map((p) => p.groups)).toEqual([['a'], ['b']]);
    expect(batched[2]!.parts).toBeUndefined();
    expect(batchTransactions(planned, 1).map((t) => t.groups)).toEqual(planned.map((t) => t.groups));
  });

  it('compiles to RFC 7047 operations: inserts with named uuids, one merged mutate per parent column', () => {
    const ops = compileTransaction(schema, {
      groups: ['e'],
      changes: [
        {
          kind: 'insert',
          table: 'NAT',
          row: {
            type: 'snat',
            external_ip: '192.168.126.100',
            logical_ip: '10.128.0.5',
            logical_port: 'k8s-n1',
            external_mac: undefined,
            options: { stateless: 'false' },
            external_ids: {},
          },
          parents: [router],
        },
        { kind: 'delete', table: 'NAT', uuid: U(7), parents: [router] },
        {
          kind: 'update',
          table: 'Logical_Router_Policy',
          uuid: U(8),
          columns: { nexthops: ['100.64.0.3'], nexthop: undefined },
        },
        { kind: 'addresses', name: 'a8519615025667110816', add: ['10.128.0.5'], remove: ['10.128.0.9'] },
        { kind: 'delete', table: 'Address_Set', uuid: U(9), parents: [] },
      ],
    });
    expect(ops).toEqual([
      {
        op: 'insert',
        table: 'NAT',
        row: {
          type: 'snat',
          external_ip: '192.168.126.100',
          logical_ip: '10.128.0.5',
          logical_port: 'k8s-n1', // an optional column's one value is sent as the bare atom
          options: ['map', [['stateless', 'false']]],
          external_ids: ['map', []],
        },
        'uuid-name': 'row0',
      },
      {
        op: 'update',
        table: 'Logical_Router_Policy',
        where: [['_uuid', '==', ['uuid', U(8)]]],
        row: { nexthops: ['set', ['100.64.0.3']], nexthop: ['set', []] },
      },
      {
        op: 'mutate',
        table: 'Logical_Router',
        where: [['_uuid', '==', ['uuid', router.uuid]]],
        mutations: [
          ['nat', 'delete', ['set', [['uuid', U(7)]]]],
          ['nat', 'insert', ['set', [['named-uuid', 'row0']]]],
        ],
      },
      {
        op: 'mutate',
        table: 'Address_Set',
        where: [['name', '==', 'a8519615025667110816']],
        mutations: [
          ['addresses', 'delete', ['set', ['10.128.0.9']]],
          ['addresses', 'insert', ['set', ['10.128.0.5']]],
        ],
      },
      // The unlinked NAT is garbage collected; only the root Address_Set row needs a delete.
      { op: 'delete', table: 'Address_Set', where: [['_uuid', '==', ['uuid', U(9)]]] },
    ]);
  });
});
