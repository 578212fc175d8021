// RFC 7047 section 5.2 operations, as plain JSON values ready for `transact`.
import { columnEncoder, type NamedRef, type SchemaJson, type WireValue } from './wire.js';

export type WireOperation = Readonly<Record<string, unknown>>;

export const byUuid = (uuid: string): unknown[] => [['_uuid', '==', ['uuid', uuid]]];

/** Encodes the given native columns of `table` to wire values (undefined ones left out with `omitUndefined`). */
export function encodeRow(
  schema: SchemaJson,
  table: string,
  row: object,
  omitUndefined = false,
): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  const values = row as Readonly<Record<string, unknown>>;
  for (const col of Object.keys(values)) {
    const v = values[col];
    if (v === undefined && omitUndefined) continue;
    out[col] = columnEncoder(schema, table, col)(v);
  }
  return out;
}

export function insertOp(schema: SchemaJson, table: string, row: object, ref: NamedRef): WireOperation {
  return { op: 'insert', table, row: encodeRow(schema, table, row, true), 'uuid-name': ref.name };
}

export function updateOp(
  schema: SchemaJson,
  table: string,
  uuid: string,
  row: Readonly<Record<string, unknown>>,
): WireOperation {
  return { op: 'update', table, where: byUuid(uuid), row: encodeRow(schema, table, row) };
}

export function deleteOp(table: string, uuid: string): WireOperation {
  return { op: 'delete', table, where: byUuid(uuid) };
}

export function mutateOp(
  table: string,
  uuid: string,
  mutations: ReadonlyArray<readonly [string, 'insert' | 'delete', WireValue]>,
): WireOperation {
  return { op: 'mutate', table, where: byUuid(uuid), mutations: mutations.map((m) => [...m]) };
}

export function selectOp(table: string, columns: readonly string[], where: unknown[] = []): WireOperation {
  return { op: 'select', table, where, columns: [...columns] };
}
