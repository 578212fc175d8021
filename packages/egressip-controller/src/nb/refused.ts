// Whether an error is the server refusing a transaction (so none of it committed), as opposed to
// a lost connection or an unknown outcome, after which nothing may be retried blindly.
import { OvsdbServerError } from '@ovnkit/ovsdb';
import { NbTransactionError } from './transactor.js';

export function refusedByServer(err: unknown): boolean {
  if (err instanceof NbTransactionError) return true;
  return err instanceof OvsdbServerError && err.method === 'transact' && err.operationIndex !== undefined;
}
