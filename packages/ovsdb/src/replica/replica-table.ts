// One replicated table: rows by uuid plus its indexes. Reads hand out the stored frozen rows
// themselves (no copies); a changed row is always a new object, so a reader holding an old row keeps
// a consistent view of it.
import { UnknownIndexError } from './errors.js';
import type { IndexNameOf, IndexPartOf } from './index-names.js';
import { RowIndex } from './row-index.js';
import type { IndexSpec, ReplicaRow, TableCodec } from './types.js';

/** Read-only view of one index. */
export interface ReplicaIndex<R extends ReplicaRow> {
  /** `col` or `col1,col2` or `map_col:key`, as declared. */
  readonly name: string;
  readonly unique: boolean;
  /** The row with these key values (for a non-unique index: any one of them), or undefined. */
  get(...values: unknown[]): R | undefined;
  /** Every row with these key values. */
  all(...values: unknown[]): ReadonlySet<R>;
}

/** The rows of one replicated table, with its indexes; rows are frozen and shared. */
export class ReplicaTable<R extends ReplicaRow = ReplicaRow> implements Iterable<R> {
  /** @internal rows by uuid; mutated only by the Replica while applying a batch. */
  readonly byUuid = new Map<string, R>();
  /** @internal */
  readonly indexes = new Map<string, RowIndex>();
  /** @internal */
  codec: TableCodec;
  private readonly views = new Map<string, ReplicaIndex<R>>();

  constructor(
    readonly name: string,
    codec: TableCodec,
    declared: ReadonlyArray<IndexSpec>,
  ) {
    this.codec = codec;
    this.buildIndexes(declared);
  }

  /** @internal (re)creates the indexes for the current codec and re-indexes the rows. */
  buildIndexes(declared: ReadonlyArray<IndexSpec>): void {
    this.indexes.clear();
    this.views.clear();
    // A table whose schema is not known yet (a session before its first connection) gets its
    // indexes, and their validation, once the schema arrives.
    if (this.codec.pending) return;
    const replicated = new Set(this.codec.columns.keys());
    for (const cols of this.codec.uniqueIndexes ?? []) {
      // A schema index on columns we do not replicate cannot be maintained: skip it.
      if (!cols.every((c) => replicated.has(c))) continue;
      const idx = new RowIndex(this.name, cols, true, replicated);
      this.indexes.set(idx.name, idx);
    }
    for (const spec of declared) {
      const idx = new RowIndex(this.name, spec.columns, spec.unique ?? false, replicated);
      const prior = this.indexes.get(idx.name);
      // A declaration may not weaken a schema index, only add one.
      if (!prior) this.indexes.set(idx.name, idx);
    }
    for (const row of this.byUuid.values()) for (const idx of this.indexes.values()) idx.add(row);
  }

  get size(): number {
    return this.byUuid.size;
  }

  get(uuid: string): R | undefined {
    return this.byUuid.get(uuid);
  }

  has(uuid: string): boolean {
    return this.byUuid.has(uuid);
  }

  rows(): IterableIterator<R> {
    return this.byUuid.values();
  }

  [Symbol.iterator](): IterableIterator<R> {
    return this.byUuid.values();
  }

  /** Rows matching `pred` (a scan: prefer an index for hot paths). */
  filter(pred: (row: R) => boolean): R[] {
    const out: R[] = [];
    for (const r of this.byUuid.values()) if (pred(r)) out.push(r);
    return out;
  }

  /** Names of the indexes this table maintains. */
  indexNames(): string[] {
    return [...this.indexes.keys()];
  }

  /** The index named `name` (columns joined by ","), e.g. `name` or `external_ids:k8s.ovn.org/id`. */
  index(name: IndexNameOf<R> | readonly IndexPartOf<R>[]): ReplicaIndex<R> {
    const key = typeof name === 'string' ? name : (name as readonly string[]).join(',');
    const cached = this.views.get(key);
    if (cached) return cached;
    const idx = this.indexes.get(key);
    if (!idx) {
      if (this.codec.pending)
        throw new UnknownIndexError(this.name, key, 'the table has not been synced yet');
      throw new UnknownIndexError(
        this.name,
        key,
        `not declared (indexes of this table: ${this.indexNames().join(' | ') || 'none'})`,
      );
    }
    const rows = this.byUuid;
    const view: ReplicaIndex<R> = {
      name: idx.name,
      unique: idx.unique,
      get(...values: unknown[]): R | undefined {
        const hit = idx.uuids(idx.keyOfLookup(values));
        if (hit === undefined) return undefined;
        if (typeof hit === 'string') return rows.get(hit);
        for (const u of hit) return rows.get(u);
        return undefined;
      },
      all(...values: unknown[]): ReadonlySet<R> {
        const hit = idx.uuids(idx.keyOfLookup(values));
        const out = new Set<R>();
        if (hit === undefined) return out;
        if (typeof hit === 'string') {
          const r = rows.get(hit);
          if (r) out.add(r);
          return out;
        }
        for (const u of hit) {
          const r = rows.get(u);
          if (r) out.add(r);
        }
        return out;
      },
    };
    this.views.set(key, view);
    return view;
  }

  /** Shorthand for `index(name).get(...values)`. */
  lookup(name: IndexNameOf<R>, ...values: unknown[]): R | undefined {
    return this.index(name).get(...values);
  }

  /** @internal stores a new or changed row and keeps the indexes in step. */
  put(row: R): R | undefined {
    const old = this.byUuid.get(row._uuid);
    this.byUuid.set(row._uuid, row);
    if (old) for (const idx of this.indexes.values()) idx.replace(old, row);
    else for (const idx of this.indexes.values()) idx.add(row);
    return old;
  }

  /** @internal */
  remove(uuid: string): R | undefined {
    const old = this.byUuid.get(uuid);
    if (!old) return undefined;
    this.byUuid.delete(uuid);
    for (const idx of this.indexes.values()) idx.remove(old);
    return old;
  }
}
