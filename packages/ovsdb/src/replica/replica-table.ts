// One replicated table: rows by uuid plus its indexes. Reads hand out the stored frozen rows
// themselves (no copies); a changed row is always a new object, so a reader holding an old row keeps
// a consistent view of it. Rows of a large monitor reply are stored as LazyRow and decoded on first
// read; the indexes are then rebuilt on their first lookup rather than when the rows arrive.
import { ReplicaUpdateError, UnknownIndexError } from './errors.js';
import type { IndexNameOf, IndexPartOf } from './index-names.js';
import { type DeferredRows, LazyRow, rowSpanOf } from './lazy-row.js';
import { decodeRow } from './row-decoding.js';
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
  /** Rows by uuid (LazyRow: not decoded yet); mutated only by the Replica while applying a batch. */
  private readonly byUuid = new Map<string, R | LazyRow>();
  /** A first snapshot's row maps, not even split into rows yet: done on the table's first use. */
  private deferred: DeferredRows[] = [];
  /** @internal */
  readonly indexes = new Map<string, RowIndex>();
  /** @internal */
  codec: TableCodec;
  private readonly views = new Map<string, ReplicaIndex<R>>();
  /** How many stored rows are LazyRow. */
  private lazyRows = 0;
  /** The indexes miss rows (lazy rows were stored): rebuild them before the next lookup. */
  private indexesStale = false;

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
    this.expand();
    this.indexesStale = false;
    if (this.lazyRows > 0) this.indexesStale = this.indexes.size > 0;
    else for (const row of this.byUuid.values()) for (const idx of this.indexes.values()) idx.add(row as R);
  }

  /** Indexes every row (decoding the lazy ones) if lazy rows were stored since the last lookup. */
  private ensureIndexed(): void {
    if (!this.indexesStale) return;
    for (const idx of this.indexes.values()) idx.clear();
    for (const row of this.rows()) for (const idx of this.indexes.values()) idx.add(row);
    this.indexesStale = false;
  }

  /** @internal stores the rows of a row map into this empty table without looking at them yet. */
  deferRows(rows: DeferredRows): void {
    this.deferred.push(rows);
    if (this.indexes.size > 0) this.indexesStale = true;
  }

  /** @internal true when the table surely holds no row (deferred row maps count as rows). */
  get isEmpty(): boolean {
    return this.byUuid.size === 0 && this.deferred.length === 0;
  }

  /** Splits the deferred row maps into lazy rows. */
  private expand(): void {
    if (this.deferred.length === 0) return;
    const list = this.deferred;
    this.deferred = [];
    for (const d of list) {
      const m = d.message.objectMembers(d.span);
      if (!m) {
        this.expandParsed(d, d.message.parse(d.span) as Record<string, unknown>);
        continue;
      }
      for (let i = 0; i < m.keys.length; i++) {
        const uuid = m.keys[i]!;
        const span = rowSpanOf(d.message, m.spans[i]!, d.format);
        if (span >= 0) this.putLazy(uuid, new LazyRow(uuid, d.message, span, d.codec));
        else this.expandParsed(d, { [uuid]: d.message.parse(m.spans[i]!) });
      }
    }
  }

  /** Entries not in the compact full-row form, applied as an eager update into an empty table would be. */
  private expandParsed(d: DeferredRows, rows: Record<string, unknown>): void {
    for (const uuid in rows) {
      const u = rows[uuid] as Record<string, unknown> | null;
      const full = d.format === 'update' ? u?.new : (u?.initial ?? u?.insert);
      if (full !== null && typeof full === 'object' && !Array.isArray(full)) {
        this.put(decodeRow(d.codec, uuid, full as Record<string, unknown>) as R);
      } else if (d.format === 'update2' && !(u !== null && typeof u === 'object' && 'delete' in u)) {
        throw new ReplicaUpdateError(
          this.name,
          uuid,
          `not a row the table can start from: ${JSON.stringify(u)}`,
        );
      }
    }
  }

  private materialize(uuid: string, lazy: LazyRow): R {
    const row = lazy.decode(this.name, uuid) as R;
    this.byUuid.set(uuid, row);
    this.lazyRows--;
    return row;
  }

  private *decodingRows(): IterableIterator<R> {
    for (const [uuid, v] of this.byUuid) yield v instanceof LazyRow ? this.materialize(uuid, v) : v;
  }

  get size(): number {
    this.expand();
    return this.byUuid.size;
  }

  /** @internal every uuid, as an array (safe to mutate the table while walking it). */
  uuids(): string[] {
    this.expand();
    return [...this.byUuid.keys()];
  }

  get(uuid: string): R | undefined {
    this.expand();
    const v = this.byUuid.get(uuid);
    return v instanceof LazyRow ? this.materialize(uuid, v) : v;
  }

  /**
   * @internal The stored key string equal to `uuid` (a decoded row's `_uuid` or a lazy row's
   * uuid), so that references to the row can share it; nothing is split or decoded for it.
   */
  keyOf(uuid: string): string | undefined {
    const v = this.byUuid.get(uuid);
    return v === undefined ? undefined : v instanceof LazyRow ? v.uuid : v._uuid;
  }

  /** @internal the stored row or LazyRow, without decoding. */
  peek(uuid: string): R | LazyRow | undefined {
    this.expand();
    return this.byUuid.get(uuid);
  }

  has(uuid: string): boolean {
    this.expand();
    return this.byUuid.has(uuid);
  }

  rows(): IterableIterator<R> {
    this.expand();
    return this.lazyRows === 0 ? (this.byUuid.values() as IterableIterator<R>) : this.decodingRows();
  }

  [Symbol.iterator](): IterableIterator<R> {
    return this.rows();
  }

  /** Rows matching `pred` (a scan: prefer an index for hot paths). */
  filter(pred: (row: R) => boolean): R[] {
    const out: R[] = [];
    for (const r of this.rows()) if (pred(r)) out.push(r);
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
    const rows = this;
    const view: ReplicaIndex<R> = {
      name: idx.name,
      unique: idx.unique,
      get(...values: unknown[]): R | undefined {
        rows.ensureIndexed();
        const hit = idx.uuids(idx.keyOfLookup(values));
        if (hit === undefined) return undefined;
        if (typeof hit === 'string') return rows.get(hit);
        for (const u of hit) return rows.get(u);
        return undefined;
      },
      all(...values: unknown[]): ReadonlySet<R> {
        rows.ensureIndexed();
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
  put(row: R): void {
    this.expand();
    const old = this.byUuid.get(row._uuid);
    this.byUuid.set(row._uuid, row);
    if (old instanceof LazyRow) this.lazyRows--;
    // Stale indexes (some rows lazy, hence unindexed) are rebuilt whole on the next lookup.
    if (this.indexesStale) return;
    if (old) for (const idx of this.indexes.values()) idx.replace(old as R, row);
    else for (const idx of this.indexes.values()) idx.add(row);
  }

  /** @internal stores a row not decoded yet; the indexes catch up on their next lookup. */
  putLazy(uuid: string, row: LazyRow): void {
    this.expand();
    const old = this.byUuid.get(uuid);
    this.byUuid.set(uuid, row);
    if (!(old instanceof LazyRow)) this.lazyRows++;
    if (this.indexes.size > 0) this.indexesStale = true;
  }

  /** @internal removes the row; returns it (decoded) only when `wantOld`. */
  remove(uuid: string, wantOld = true): R | undefined {
    this.expand();
    const old = this.byUuid.get(uuid);
    if (old === undefined) return undefined;
    this.byUuid.delete(uuid);
    if (old instanceof LazyRow) {
      this.lazyRows--;
      return wantOld ? (old.decode(this.name, uuid) as R) : undefined;
    }
    if (!this.indexesStale) for (const idx of this.indexes.values()) idx.remove(old);
    return old;
  }
}
