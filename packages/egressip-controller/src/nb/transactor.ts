// The narrow port through which this package talks to OVN_Northbound. The runner passes an
// adapter over @ovnkit/ovsdb's client (see nb/ovsdb-transactor.ts); tests may pass any
// implementation that reaches a real ovsdb-server.
import type { WireOperation } from './operations.js';
import type { SchemaJson } from './wire.js';

/** The OVN Northbound database name. */
export const NB_DATABASE = 'OVN_Northbound';

/** The one port through which this package talks to the NB: transactions and the live schema. */
export interface NbTransactor {
  /** Sends one transaction to OVN_Northbound; resolves with the per-operation results. */
  transact(ops: readonly WireOperation[]): Promise<readonly unknown[]>;
  /** The live OVN_Northbound schema (the `get_schema` reply). */
  schema(): Promise<SchemaJson>;
}

/** The server refused a transaction; `details` holds the server's error text. */
export class NbTransactionError extends Error {
  override readonly name = 'NbTransactionError';
  constructor(
    message: string,
    readonly error: string,
    readonly details: string | undefined,
    readonly operationIndex: number,
  ) {
    super(message);
  }
}

/** Throws NbTransactionError when any result carries an `error` (RFC 7047 5.2). */
export function checkResults(ops: readonly WireOperation[], results: readonly unknown[]): void {
  results.forEach((r, i) => {
    if (r && typeof r === 'object' && 'error' in r) {
      const { error, details } = r as { error: string; details?: string };
      const op = ops[i] as { op?: string; table?: string } | undefined;
      const where = op ? `${op.op} on ${op.table ?? '?'}` : 'commit';
      throw new NbTransactionError(
        `NB transaction failed at operation ${i} (${where}): ${error}${details ? `: ${details}` : ''}`,
        error,
        details,
        i,
      );
    }
  });
}
