// The zone name in NB_Global.name (where ovn-kubernetes keeps it). NB_Global holds at most one
// row and ovn-northd inserts it when it starts on an empty NB, possibly between our read and our
// write. So the write is guarded by a `wait` on what we read (table empty before an insert,
// non-empty before an update): if the table changed in between, the server fails the whole
// transaction at that wait, nothing is written, and the caller reads again and retries.
import { TimedOutError } from '@ovnkit/ovsdb';
import { selectOp, type WireOperation } from '../nb/operations.js';
import { checkResults, NbTransactionError, type NbTransactor } from '../nb/transactor.js';

/**
 * Reads NB_Global and returns the operations that make its name `zone`: none when it already is;
 * otherwise a guarding `wait` (always the first operation) and the insert or update.
 */
export async function zoneNameOps(nb: NbTransactor, zone: string): Promise<WireOperation[]> {
  const read = [selectOp('NB_Global', ['name'])];
  const results = await nb.transact(read);
  checkResults(read, results);
  const [row] = (results[0] as { rows: Array<{ name: string }> }).rows;
  if (row?.name === zone) return [];
  // `where: []` names the table's only row, whichever uuid it has.
  const guard = {
    op: 'wait',
    table: 'NB_Global',
    where: [],
    columns: ['_uuid'],
    until: row ? '!=' : '==',
    rows: [],
    timeout: 0,
  };
  return row
    ? [guard, { op: 'update', table: 'NB_Global', where: [], row: { name: zone } }]
    : [guard, { op: 'insert', table: 'NB_Global', row: { name: zone } }];
}

/** True when `err` is the guard at `index` failing: NB_Global changed since it was read. */
export function lostZoneNameRace(err: unknown, index: number): boolean {
  const timedOut =
    err instanceof TimedOutError ||
    (err instanceof NbTransactionError && err.error === TimedOutError.errorString);
  return timedOut && (err as { operationIndex?: number }).operationIndex === index;
}
