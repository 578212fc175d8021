// One index over a replicated table: index key -> uuid(s). Every index stores several uuids per key
// when it has to, even a unique one: ovsdb-server may deliver rows that briefly share a unique value
// inside one update (libovsdb #263), and a strict index would corrupt itself there.
import { IndexArityError, UnknownIndexError } from './errors.js';
import { type IndexKey, keyOfTuple, keyOfValue } from './index-key.js';
import type { ReplicaRow } from './types.js';

/** `external_ids:k8s.ovn.org/id` -> column `external_ids`, key `k8s.ovn.org/id`. */
interface ColumnPart {
  readonly column: string;
  readonly mapKey?: string;
}

const MISSING = Symbol('missing');

function parsePart(spec: string): ColumnPart {
  const i = spec.indexOf(':');
  return i < 0 ? { column: spec } : { column: spec.slice(0, i), mapKey: spec.slice(i + 1) };
}

function partValue(row: ReplicaRow, part: ColumnPart): unknown {
  const v = (row as unknown as Record<string, unknown>)[part.column];
  if (part.mapKey === undefined) return v;
  if (v instanceof Map) return v.has(part.mapKey) ? v.get(part.mapKey) : MISSING;
  if (v !== null && typeof v === 'object' && Object.hasOwn(v, part.mapKey)) {
    return (v as Record<string, unknown>)[part.mapKey];
  }
  return MISSING;
}

export class RowIndex {
  readonly name: string;
  private readonly parts: readonly ColumnPart[];
  private readonly entries = new Map<IndexKey, string | Set<string>>();

  constructor(
    readonly table: string,
    columns: readonly string[],
    readonly unique: boolean,
    replicated: ReadonlySet<string>,
  ) {
    this.name = columns.join(',');
    if (columns.length === 0)
      throw new UnknownIndexError(table, this.name, 'an index needs at least one column');
    this.parts = columns.map(parsePart);
    for (const p of this.parts) {
      if (!replicated.has(p.column)) {
        throw new UnknownIndexError(table, this.name, `column "${p.column}" is not replicated`);
      }
    }
  }

  /** The row's key, or undefined-as-absent when a map key it needs is missing (the row is not indexed). */
  private keyOfRow(row: ReplicaRow): IndexKey | typeof MISSING {
    if (this.parts.length === 1) {
      const v = partValue(row, this.parts[0]!);
      return v === MISSING ? MISSING : keyOfValue(v);
    }
    const values: unknown[] = [];
    for (const p of this.parts) {
      const v = partValue(row, p);
      if (v === MISSING) return MISSING;
      values.push(v);
    }
    return keyOfTuple(values);
  }

  keyOfLookup(values: readonly unknown[]): IndexKey {
    if (values.length !== this.parts.length)
      throw new IndexArityError(this.name, this.parts.length, values.length);
    return this.parts.length === 1 ? keyOfValue(values[0]) : keyOfTuple(values);
  }

  add(row: ReplicaRow): void {
    const key = this.keyOfRow(row);
    if (key === MISSING) return;
    const cur = this.entries.get(key);
    if (cur === undefined) this.entries.set(key, row._uuid);
    else if (typeof cur === 'string') {
      if (cur !== row._uuid) this.entries.set(key, new Set([cur, row._uuid]));
    } else cur.add(row._uuid);
  }

  remove(row: ReplicaRow): void {
    const key = this.keyOfRow(row);
    if (key === MISSING) return;
    const cur = this.entries.get(key);
    if (cur === undefined) return;
    if (typeof cur === 'string') {
      if (cur === row._uuid) this.entries.delete(key);
      return;
    }
    cur.delete(row._uuid);
    if (cur.size === 1) this.entries.set(key, cur.values().next().value as string);
  }

  /** Only a change of an indexed value moves the entry (most updates touch other columns). */
  replace(old: ReplicaRow, next: ReplicaRow): void {
    const a = this.keyOfRow(old);
    const b = this.keyOfRow(next);
    if (a === b) return;
    this.remove(old);
    this.add(next);
  }

  uuids(key: IndexKey): string | ReadonlySet<string> | undefined {
    return this.entries.get(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
