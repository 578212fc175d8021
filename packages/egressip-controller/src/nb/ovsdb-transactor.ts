// Adapter from @ovnkit/ovsdb's protocol client to the NbTransactor port.
import type { OvsdbClient, WireOperation as OvsdbWireOperation } from '@ovnkit/ovsdb';
import type { WireOperation } from './operations.js';
import { NB_DATABASE, type NbTransactor } from './transactor.js';
import type { SchemaJson } from './wire.js';

/** Counts what went through it: tests and benchmarks assert "zero writes" with it. */
export interface CountingNbTransactor extends NbTransactor {
  /** Transactions that contained at least one non-select operation. */
  readonly writeTransactions: number;
  readonly operations: number;
}

/** Adapts an `@ovnkit/ovsdb` client to {@link NbTransactor}, counting write transactions and operations. */
export function nbTransactorFromClient(client: OvsdbClient): CountingNbTransactor {
  let writes = 0;
  let operations = 0;
  let schema: Promise<SchemaJson> | undefined;
  return {
    async transact(ops: readonly WireOperation[]) {
      if (ops.some((o) => o.op !== 'select')) writes++;
      operations += ops.length;
      // Operations are built from JSON values only (nb/operations.ts), so the cast is sound.
      return client.transact(NB_DATABASE, ops as unknown as readonly OvsdbWireOperation[]);
    },
    schema() {
      schema ??= client.getSchema(NB_DATABASE).then((s) => s as unknown as SchemaJson);
      return schema;
    },
    get writeTransactions() {
      return writes;
    },
    get operations() {
      return operations;
    },
  };
}
