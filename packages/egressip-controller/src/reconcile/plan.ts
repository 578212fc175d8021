// Packs change units into transactions (one per group: the feature rows first, then one per
// EgressIP, split only above a size bound), batches whole EgressIP groups together, and encodes
// them as RFC 7047 operations.

import { deleteOp, insertOp, mutateOp, updateOp, type WireOperation } from '../nb/operations.js';
import { type NamedRef, namedRef, type SchemaJson, stringSet, uuidSet } from '../nb/wire.js';
import { getOrCreate } from '../render/get-or-create.js';
import { FEATURE_GROUP, type RowGroup } from '../render/rows.js';
import type { Change, ChangeUnit, ParentRef } from './changes.js';

export interface PlannedTransaction {
  readonly groups: readonly RowGroup[];
  readonly changes: readonly Change[];
  /** For a batch of several EgressIPs: the per-EgressIP transactions it merges. */
  readonly parts?: readonly PlannedTransaction[];
}

/** Default bound on changes per transaction; a group larger than this is split between units. */
export const DEFAULT_MAX_CHANGES_PER_TRANSACTION = 20000;

export function planTransactions(
  units: readonly ChangeUnit[],
  maxChanges = DEFAULT_MAX_CHANGES_PER_TRANSACTION,
): PlannedTransaction[] {
  const byGroup = new Map<RowGroup, ChangeUnit[]>();
  for (const u of units) {
    const list = byGroup.get(u.group) ?? [];
    list.push(u);
    byGroup.set(u.group, list);
  }
  // Feature rows (address sets, allow policies) first: per-pod rows refer to them by name.
  const order = [...byGroup.keys()].sort((a, b) =>
    a === FEATURE_GROUP ? -1 : b === FEATURE_GROUP ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const out: PlannedTransaction[] = [];
  for (const g of order) {
    let current: Change[] = [];
    for (const u of byGroup.get(g)!) {
      if (current.length > 0 && current.length + u.changes.length > maxChanges) {
        out.push({ groups: [g], changes: current });
        current = [];
      }
      current.push(...u.changes);
    }
    if (current.length > 0) out.push({ groups: [g], changes: current });
  }
  return out;
}

/**
 * Default bound on the changes of a batch of EgressIPs. Measured (bench/controller-scale, 50,000
 * pods): the server's CPU per change grows with the transaction's size and the replica's with
 * the number of transactions; around 500 changes the sum of both is lowest.
 */
export const DEFAULT_MAX_CHANGES_PER_BATCH = 500;

/**
 * Merges consecutive per-EgressIP transactions into batches of at most `maxChanges` changes, each
 * EgressIP whole inside one batch (its rows stay atomic, as upstream writes them). Every
 * transaction costs the server a pass over the parent sets it mutates (the cluster router's
 * `policies`, a gateway router's `nat`), and the replica the same on the update, so one
 * transaction per EgressIP made a cold start quadratic in the cluster size. The feature group and
 * any group split over several transactions stay alone.
 */
export function batchTransactions(
  txns: readonly PlannedTransaction[],
  maxChanges = DEFAULT_MAX_CHANGES_PER_BATCH,
): PlannedTransaction[] {
  const parts = new Map<RowGroup, number>();
  for (const t of txns) for (const g of t.groups) parts.set(g, (parts.get(g) ?? 0) + 1);
  const batchable = (t: PlannedTransaction) =>
    t.groups.length === 1 && t.groups[0] !== FEATURE_GROUP && parts.get(t.groups[0]!) === 1;
  const out: PlannedTransaction[] = [];
  let batch: PlannedTransaction[] = [];
  let changes: Change[] = [];
  const flush = () => {
    if (batch.length === 1) out.push(batch[0]!);
    else if (batch.length > 1) out.push({ groups: batch.flatMap((t) => t.groups), changes, parts: batch });
    batch = [];
    changes = [];
  };
  for (const t of txns) {
    if (!batchable(t)) {
      flush();
      out.push(t);
      continue;
    }
    if (changes.length > 0 && changes.length + t.changes.length > maxChanges) flush();
    batch.push(t);
    for (const c of t.changes) changes.push(c);
  }
  flush();
  return out;
}

/** Encodes one planned transaction; parent reference mutations are merged per parent column. */
export function compileTransaction(schema: SchemaJson, txn: PlannedTransaction): WireOperation[] {
  const inserts: WireOperation[] = [];
  const updates: WireOperation[] = [];
  const deletes: WireOperation[] = [];
  const refMutations = new Map<
    string,
    { parent: ParentRef; add: Array<string | NamedRef>; remove: string[] }
  >();
  const addressMutations = new Map<string, { add: Set<string>; remove: Set<string> }>();
  const refSlot = (p: ParentRef) => {
    return getOrCreate(refMutations, `${p.table}\u0000${p.uuid}\u0000${p.column}`, () => ({
      parent: p,
      add: [],
      remove: [],
    }));
  };
  let n = 0;
  for (const c of txn.changes) {
    switch (c.kind) {
      case 'insert': {
        const ref = namedRef(`row${n++}`);
        inserts.push(insertOp(schema, c.table, c.row, ref));
        for (const p of c.parents) refSlot(p).add.push(ref);
        break;
      }
      case 'update':
        updates.push(updateOp(schema, c.table, c.uuid, c.columns));
        break;
      case 'delete':
        for (const p of c.parents) refSlot(p).remove.push(c.uuid);
        // A non-root row dies with its last reference (RFC 7047 garbage collection), so an
        // explicit delete is only needed for root tables or rows nothing references any more.
        if (c.table === 'Address_Set' || c.parents.length === 0) deletes.push(deleteOp(c.table, c.uuid));
        break;
      case 'link':
        refSlot(c.parent).add.push(c.uuid);
        break;
      case 'unlink':
        refSlot(c.parent).remove.push(c.uuid);
        break;
      case 'addresses': {
        const s = getOrCreate(addressMutations, c.name, () => ({
          add: new Set<string>(),
          remove: new Set<string>(),
        }));
        for (const ip of c.add) s.add.add(ip);
        for (const ip of c.remove) s.remove.add(ip);
        break;
      }
    }
  }
  const mutations: WireOperation[] = [];
  for (const { parent, add, remove } of refMutations.values()) {
    const m: Array<readonly [string, 'insert' | 'delete', unknown]> = [];
    if (remove.length > 0) m.push([parent.column, 'delete', uuidSet(remove)]);
    if (add.length > 0) m.push([parent.column, 'insert', uuidSet(add)]);
    mutations.push(mutateOp(parent.table, parent.uuid, m));
  }
  for (const [name, { add, remove }] of addressMutations) {
    const m: Array<readonly [string, 'insert' | 'delete', unknown]> = [];
    if (remove.size > 0) m.push(['addresses', 'delete', stringSet([...remove])]);
    if (add.size > 0) m.push(['addresses', 'insert', stringSet([...add])]);
    if (m.length > 0)
      mutations.push({
        op: 'mutate',
        table: 'Address_Set',
        where: [['name', '==', name]],
        mutations: m.map((x) => [...x]),
      });
  }
  // Inserts come first so that mutations by name see sets created in this same transaction.
  return [...inserts, ...updates, ...mutations, ...deletes];
}
