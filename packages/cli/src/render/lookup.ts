// Finding a switch or router by UUID or name the way ovn-nbctl does (ls_by_name_or_uuid,
// lr_by_name_or_uuid): a well-formed UUID is tried first, then names in IDL order; two rows with
// the same name are an error that asks for a UUID.

import { isUuidString as looksLikeUuid } from '@ovnkit/ovsdb';
import { type NbRow, type SnapshotIndex, str } from '../nb/snapshot.js';
import { idlOrderRows } from '../ovs-order/idl-order.js';

export class AmbiguousNameError extends Error {
  override name = 'AmbiguousNameError';
}

export class RowNotFoundError extends Error {
  override name = 'RowNotFoundError';
}

const KIND = {
  Logical_Switch: { plural: 'logical switches', noun: 'switch' },
  Logical_Router: { plural: 'logical routers', noun: 'router' },
} as const;

export type NamedTable = keyof typeof KIND;

export function findByNameOrUuid(
  index: SnapshotIndex,
  table: NamedTable,
  id: string,
  mustExist: boolean,
): NbRow | undefined {
  const isUuid = looksLikeUuid(id);
  let found = isUuid ? index.get(table, id.toLowerCase()) : undefined;
  if (!found) {
    for (const row of idlOrderRows(index.rows(table))) {
      if (str(row, 'name') !== id) continue;
      if (found) throw new AmbiguousNameError(`Multiple ${KIND[table].plural} named '${id}'.  Use a UUID.`);
      found = row;
    }
  }
  if (!found && mustExist)
    throw new RowNotFoundError(`${id}: ${KIND[table].noun} ${isUuid ? 'UUID' : 'name'} not found`);
  return found;
}
