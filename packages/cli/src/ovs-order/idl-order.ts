// The order in which ovn-nbctl (OVS 3.1 IDL) visits rows of a table and entries of a string map.
//
// Rows: ovsdb-server sends the initial monitor_cond(_since) reply pre-serialised with sorted keys
// (ovsdb/monitor.c json_serialized_object_create, JSSF_SORT), so the row objects arrive sorted by
// UUID text. The client parses them into a shash (hash_string of the UUID text), walks that shash
// to create IDL rows, and the IDL keeps rows in an hmap hashed by the UUID's first 32 bits
// (uuid_hash). NBREC_*_FOR_EACH walks that hmap. Rows referenced before they arrive would be
// created earlier as placeholders; the tables we iterate (switches, routers, and the table of a
// `list`) are never the target of a monitored reference, so this does not apply to them.
import { compareUtf8 } from '@ovnkit/ovsdb';
import { hmapOrder } from './hmap-order.js';
import { ovsHashString } from './ovs-hash.js';

const uuidHash = (uuid: string): number => Number.parseInt(uuid.slice(0, 8), 16) >>> 0;

/** Row UUIDs in the order ovn-nbctl's IDL iterates them. */
export function idlRowOrder(uuids: readonly string[]): string[] {
  const sorted = [...uuids].sort();
  return hmapOrder(hmapOrder(sorted, ovsHashString), uuidHash);
}

/** Rows (anything with `_uuid`) in the order ovn-nbctl's IDL iterates them. */
export function idlOrderRows<R extends { readonly _uuid: string }>(rows: readonly R[]): R[] {
  const byUuid = new Map<string, R>();
  for (const r of rows) byUuid.set(r._uuid, r);
  return idlRowOrder([...byUuid.keys()]).map((u) => byUuid.get(u)!);
}

/** Keys of a string map in SMAP_FOR_EACH order (the IDL adds them in sorted order). */
export function smapKeyOrder(keys: readonly string[]): string[] {
  return hmapOrder([...keys].sort(compareUtf8), ovsHashString);
}
