// Sessions opened with a schema descriptor are typed from `tables`: a column that is not
// replicated is not in the row type, index names are checked, and `transact` takes the builder
// and returns typed results. Each `@ts-expect-error` line must error, or tsc fails. Nothing here
// connects: the session is only declared.
import { describe, expect, it } from '@jest/globals';
import {
  type InsertOutcome,
  type ReplicatedRows,
  type SelectOutcome,
  type Session,
  type TransactionResult,
  txn,
} from '@ovnkit/ovsdb';
import { OVN_Northbound as NB } from '@ovnkit/ovsdb/schemas/ovn-nb';
import { assertType, type Equals } from './type-equality.js';

const tables = {
  Logical_Router: { columns: ['name', 'external_ids'] },
  Logical_Switch: {},
} as const;
type Rows = ReplicatedRows<typeof NB, typeof tables>;
declare const session: Session<Rows>;

type LR = Rows['Logical_Router'];
assertType<
  Equals<
    LR,
    {
      readonly _uuid: string;
      readonly name: string;
      readonly external_ids: Readonly<Record<string, string>>;
    }
  >
>();

function typedReads(): void {
  const lr = session.replica.table('Logical_Router').lookup('name', 'r0');
  lr?.name;
  // @ts-expect-error `ports` is not replicated, so it is not in the row type
  lr?.ports;
  session.replica.table('Logical_Router').index('external_ids:k8s.ovn.org/id');
  session.replica.table('Logical_Router').index(['name']);
  // @ts-expect-error no such column to index
  session.replica.table('Logical_Router').index('nmae');
  // @ts-expect-error `name` is a string, not a map: no `name:key` index
  session.replica.table('Logical_Router').lookup('name:x', 'y');
  // @ts-expect-error Logical_Switch_Port is not replicated
  session.replica.table('Logical_Switch_Port');
  session.replica.table('Logical_Switch').lookup('other_config:subnet', '10.0.0.0/24')?.ports;
  void session.replica.waitForRow('Logical_Router', (r) => r.name === 'r0', { timeoutMs: 10 });
  // @ts-expect-error the predicate sees only replicated columns
  void session.replica.waitForRow('Logical_Router', (r) => r.ports.length > 0);
}

async function typedTransact(): Promise<void> {
  const t = txn(NB)
    .insert('Logical_Switch', { name: 'sw0' })
    .select('Logical_Switch', [], { columns: ['name'], sort: ['name'] });
  const result = await session.transact(t);
  assertType<
    Equals<typeof result, TransactionResult<[InsertOutcome, SelectOutcome<{ readonly name: string }>]>>
  >();
  const raw = await session.transact([{ op: 'select', table: 'Logical_Switch', where: [] }]);
  assertType<Equals<typeof raw, readonly unknown[]>>();
  // @ts-expect-error sort names a column of the table
  txn(NB).select('Logical_Switch', [], { sort: ['nmae'] });
}

describe('session types', () => {
  it('compile (the assertions above are checked by tsc)', () => {
    expect(typeof typedReads).toBe('function');
    expect(typeof typedTransact).toBe('function');
  });
});
