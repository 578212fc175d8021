// Making a transaction safe to resend after an unknown outcome: every insert gets a uuid chosen
// here (the `uuid` member, Open vSwitch 2.13+). Transactions are atomic, so the presence of one
// of those rows on the server proves the whole transaction committed, and resending the same
// inserts can never duplicate a row: the server refuses a second row with the same uuid.
import { UnsafeTransactionError } from './errors.js';

export interface InsertMarker {
  readonly table: string;
  readonly uuid: string;
}

interface InsertLike {
  readonly op: 'insert';
  readonly table: string;
  readonly uuid?: string;
}

function isInsert(op: unknown): op is InsertLike {
  return typeof op === 'object' && op !== null && (op as { op?: unknown }).op === 'insert';
}

/** The operations with a uuid on every insert, and the inserts to verify by. */
export function withInsertUuids(
  operations: readonly unknown[],
  // The global Web Crypto object: node:crypto loads only when a safe transaction needs a uuid
  // (a short-lived command that only reads never pays for it).
  newUuid: () => string = () => crypto.randomUUID(),
): {
  operations: unknown[];
  markers: InsertMarker[];
} {
  const markers: InsertMarker[] = [];
  const out = operations.map((op) => {
    if (!isInsert(op)) return op;
    const uuid = op.uuid ?? newUuid();
    markers.push({ table: op.table, uuid });
    return op.uuid ? op : { ...op, uuid };
  });
  if (markers.length === 0) {
    throw new UnsafeTransactionError(
      'transactSafely needs at least one insert to verify the outcome by (add a wait guard and use transact for other writes)',
    );
  }
  return { operations: out, markers };
}

/** A read-only transaction that tells whether `marker`'s row exists. */
export function markerQuery(marker: InsertMarker): unknown[] {
  return [
    {
      op: 'select',
      table: marker.table,
      where: [['_uuid', '==', ['uuid', marker.uuid]]],
      columns: ['_uuid'],
    },
  ];
}

/** Whether a server error says an insert's uuid is already taken (the earlier attempt committed). */
export function isDuplicateUuid(err: unknown): boolean {
  const e = err as { error?: unknown; message?: unknown };
  return (
    e?.error === 'duplicate uuid' ||
    (typeof e?.message === 'string' && e.message.includes('"duplicate uuid"'))
  );
}
