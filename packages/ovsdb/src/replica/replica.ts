// The replica: an in-memory copy of the monitored tables, fed by the session with monitor replies
// and update/update2/update3 notifications. Each reply or notification is applied as one batch,
// synchronously, so a reader never sees half of a server transaction. No I/O happens here.

import { RawObject } from '../json/raw-message.js';
import {
  type ChangeBatch,
  type ChangeCause,
  ChangeFeed,
  type ChangeListener,
  type ChangesOptions,
  type FeedBatch,
  type RowChange,
} from './change-feed.js';
import { ReplicaUpdateError, TableNotReplicatedError } from './errors.js';
import { LazyRow, type RawFormat, rowSpanOf } from './lazy-row.js';
import { ReplicaTable } from './replica-table.js';
import { applyModify, decodeRow, sameRow } from './row-decoding.js';
import type { IndexSpec, ReplicaRow, TableCodec, TableRows, TableUpdates, TableUpdates2 } from './types.js';
import { type WaitForRowOptions, waitForRow } from './wait-for-row.js';

/** An index declaration: a spec, or just its column list / its name (`a,b`, `map:key`). */
export type IndexDeclaration = IndexSpec | readonly string[] | string;

/** Options of {@link Replica}: the table codecs and the indexes to keep. */
export interface ReplicaOptions {
  /** The replicated tables and how to decode them (see `tableCodecsFromSchema`). */
  readonly tables: Readonly<Record<string, TableCodec>>;
  /** Extra indexes per table, on top of the schema's unique indexes. */
  readonly indexes?: Readonly<Record<string, readonly IndexDeclaration[]>>;
  /** Called when a change listener throws (the replica itself carries on). Default: console.error. */
  readonly onListenerError?: (err: unknown) => void;
}

/**
 * The wire form of a monitor reply or notification the replica can apply. In a reply fetched with
 * `rawObjects`, a table's rows (or, for update3, the whole updates) may be a RawObject: its rows
 * are then stored unparsed and decoded when first read.
 */
export type UpdateMessage =
  | { readonly format: 'update'; readonly updates: TableUpdates }
  | { readonly format: 'update2'; readonly updates: TableUpdates2; readonly lastTxnId?: string }
  /** update3 / monitor_cond_since: update2 contents plus the id of the last transaction. */
  | { readonly format: 'update3'; readonly updates: TableUpdates2; readonly lastTxnId: string };

/** Whether a snapshot holds the complete contents (`full`) or only the changes since the last transaction id (`incremental`). */
export interface SnapshotOptions {
  /**
   * `full`: the message holds the complete contents (monitor/monitor_cond reply, or
   * monitor_cond_since with found=false): rows the replica has but the snapshot lacks are deleted.
   * `incremental`: the message holds only the changes since the replica's last txn id (found=true).
   */
  readonly kind: 'full' | 'incremental';
}

function toSpec(d: IndexDeclaration): IndexSpec {
  if (typeof d === 'string') return { columns: d.split(',') };
  if (Array.isArray(d)) return { columns: d as readonly string[] };
  return d as IndexSpec;
}

/** An in-memory copy of monitored tables, fed by monitor replies and update notifications (no I/O). */
export class Replica<T extends TableRows = TableRows> {
  private readonly tablesByName = new Map<string, ReplicaTable>();
  private readonly closeWaiters = new Set<() => void>();
  private readonly declared: Map<string, IndexSpec[]>;
  private readonly feed: ChangeFeed<T>;
  private held: UpdateMessage[] | undefined;
  private synced = false;
  private resolveReady!: () => void;
  private txnId: string | undefined;
  private batches = 0;

  /** Resolves once the first snapshot has been applied. */
  readonly ready: Promise<void>;

  constructor(opts: ReplicaOptions) {
    this.ready = new Promise((r) => {
      this.resolveReady = r;
    });
    this.feed = new ChangeFeed<T>(
      opts.onListenerError ?? ((err) => console.error('replica change listener threw:', err)),
    );
    this.declared = new Map(Object.entries(opts.indexes ?? {}).map(([t, ds]) => [t, ds.map(toSpec)]));
    for (const t of this.declared.keys()) {
      if (!(t in opts.tables)) throw new TableNotReplicatedError(t, Object.keys(opts.tables));
    }
    for (const [name, codec] of Object.entries(opts.tables)) {
      this.tablesByName.set(name, new ReplicaTable(name, codec, this.declared.get(name) ?? []));
      this.bindReferences(codec);
    }
  }

  /** Lets the codecs' reference columns share the uuid strings of the rows they point to. */
  private bindReferences(codec: TableCodec): void {
    if (codec.references) codec.references.keyOf = (table, uuid) => this.tablesByName.get(table)?.keyOf(uuid);
  }

  /** True once the first snapshot has been applied. */
  get isReady(): boolean {
    return this.synced;
  }

  /** The last transaction id seen (undefined before a clustered monitor_cond_since sync). */
  get lastTxnId(): string | undefined {
    return this.txnId;
  }

  /** How many batches have been applied (a cheap "has anything changed" counter). */
  get batchCount(): number {
    return this.batches;
  }

  tableNames(): string[] {
    return [...this.tablesByName.keys()];
  }

  table<K extends keyof T & string>(name: K): ReplicaTable<T[K]> {
    const t = this.tablesByName.get(name);
    if (!t) throw new TableNotReplicatedError(name, this.tableNames());
    return t as unknown as ReplicaTable<T[K]>;
  }

  /** Calls `listener` synchronously after every applied batch; returns the unsubscribe function. */
  onChange(listener: ChangeListener<T>): () => void {
    return this.feed.on(listener);
  }

  /**
   * The first row of `table` matching `predicate`: one the replica holds now, else the first
   * inserted or updated row that matches (libovsdb's WaitEvent). Rejects with
   * ReplicaWaitTimeoutError after `timeoutMs`, ReplicaWaitAbortedError on `signal` or close().
   */
  waitForRow<K extends keyof T & string>(
    table: K,
    predicate: (row: T[K]) => boolean,
    opts?: WaitForRowOptions,
  ): Promise<T[K]> {
    return waitForRow<T, K>(
      {
        table: (name) => this.table(name),
        onChange: (l) => this.onChange(l),
        onClose: (end) => {
          this.closeWaiters.add(end);
          return () => this.closeWaiters.delete(end);
        },
      },
      table,
      predicate,
      opts,
    );
  }

  /** Batches applied from now on, as an async iterator (see ChangesOptions for the lag bound). */
  changes(opts?: ChangesOptions): AsyncIterableIterator<FeedBatch<T>> {
    return this.feed.changes(opts);
  }

  /**
   * A (re)sync starts: notifications are held from now until `applySnapshot`, so that updates
   * that overtake the monitor reply are applied after it, in order.
   */
  beginSync(): void {
    this.held ??= [];
  }

  /** Whether a sync is in progress (updates are being held). */
  get syncing(): boolean {
    return this.held !== undefined;
  }

  /** Applies a monitor reply, then the updates held since `beginSync`. */
  applySnapshot(msg: UpdateMessage, opts: SnapshotOptions): void {
    const first = !this.synced;
    const cause: ChangeCause = first ? 'initial' : opts.kind === 'full' ? 'resync' : 'update';
    this.applyMessage(msg, cause, opts.kind === 'full');
    const held = this.held ?? [];
    this.held = undefined;
    for (const m of held) this.applyMessage(m, 'update', false);
    if (first) {
      this.synced = true;
      this.resolveReady();
    }
  }

  /** Applies one update/update2/update3 notification (held while a sync is in progress). */
  applyUpdate(msg: UpdateMessage): void {
    if (this.held) {
      this.held.push(msg);
      return;
    }
    this.applyMessage(msg, 'update', false);
  }

  /**
   * Installs new codecs (after an online schema conversion). Rows are kept until the next full
   * snapshot, which then reports every row whose replicated columns changed.
   */
  reconfigure(tables: Readonly<Record<string, TableCodec>>): void {
    for (const [name, codec] of Object.entries(tables)) {
      const t = this.tablesByName.get(name);
      if (!t) continue;
      t.codec = codec;
      this.bindReferences(codec);
      t.buildIndexes(this.declared.get(name) ?? []);
    }
  }

  /** Forgets the last txn id, so that the next sync is a full one. */
  resetTxnId(): void {
    this.txnId = undefined;
  }

  /** Ends every change iterator, drops the listeners and ends pending waitForRow calls. */
  close(): void {
    this.feed.close();
    for (const end of [...this.closeWaiters]) end();
  }

  private applyMessage(msg: UpdateMessage, cause: ChangeCause, full: boolean): void {
    const changes: RowChange[] | undefined = this.feed.active ? [] : undefined;
    // On an empty replica a full snapshot has nothing to delete: skip the bookkeeping.
    const seen = full && this.hasRows() ? new Map<string, Set<string>>() : undefined;
    if (msg.format === 'update') this.applyV1(msg.updates, changes, seen);
    else this.applyV2(msg.updates, changes, seen);
    if (seen) {
      // A full snapshot: whatever it does not mention is gone (rows deleted while we were away).
      for (const [name, t] of this.tablesByName) {
        const keep = seen.get(name);
        if (keep === KEEP_ALL) continue;
        for (const uuid of t.uuids()) {
          if (keep?.has(uuid)) continue;
          const old = t.remove(uuid, changes !== undefined);
          if (old && changes) changes.push({ table: name, kind: 'delete', old });
        }
      }
    }
    if (msg.format !== 'update' && msg.lastTxnId !== undefined) this.txnId = msg.lastTxnId;
    this.batches++;
    if (changes && (changes.length > 0 || cause === 'initial')) {
      const batch: ChangeBatch<T> = {
        type: 'changes',
        cause,
        changes: changes as unknown as RowChange<T>[],
        lastTxnId: this.txnId,
      };
      this.feed.publish(batch);
    }
  }

  private hasRows(): boolean {
    for (const t of this.tablesByName.values()) if (!t.isEmpty) return true;
    return false;
  }

  private tableOf(name: string): ReplicaTable | undefined {
    // Tables we did not ask for are ignored (e.g. a server that sends more than requested).
    return this.tablesByName.get(name);
  }

  private applyV1(
    updates: TableUpdates,
    changes: RowChange[] | undefined,
    seen: Map<string, Set<string>> | undefined,
  ): void {
    for (const [name, rows] of Object.entries(updates)) {
      const t = this.tableOf(name);
      if (!t) continue;
      if ((rows as unknown) instanceof RawObject) {
        this.applyRaw(t, rows as unknown as RawObject, 'update', changes, seen);
        continue;
      }
      const mark = seen && setFor(seen, name);
      for (const uuid in rows) {
        const u = rows[uuid]!;
        if (u.new === undefined || u.new === null) {
          const old = t.remove(uuid, changes !== undefined);
          if (old && changes) changes.push({ table: name, kind: 'delete', old });
          continue;
        }
        mark?.add(uuid);
        const old = t.get(uuid);
        const row = decodeRow(t.codec, uuid, u.new, old);
        this.store(t, old, row, changes, !!seen);
      }
    }
  }

  private applyV2(
    updates: TableUpdates2,
    changes: RowChange[] | undefined,
    seen: Map<string, Set<string>> | undefined,
  ): void {
    if ((updates as unknown) instanceof RawObject) {
      // monitor_cond_since: the whole table-updates object is unparsed.
      const raw = updates as unknown as RawObject;
      const m = raw.message.objectMembers(raw.span);
      if (!m) {
        this.applyV2(raw.message.parse(raw.span) as unknown as TableUpdates2, changes, seen);
        return;
      }
      for (let i = 0; i < m.keys.length; i++) {
        const t = this.tableOf(m.keys[i]!);
        if (t) this.applyRaw(t, new RawObject(raw.message, m.spans[i]!), 'update2', changes, seen);
      }
      return;
    }
    for (const [name, rows] of Object.entries(updates)) {
      const t = this.tableOf(name);
      if (!t) continue;
      if ((rows as unknown) instanceof RawObject) {
        this.applyRaw(t, rows as unknown as RawObject, 'update2', changes, seen);
        continue;
      }
      const mark = seen && setFor(seen, name);
      // A table empty before this message (the first snapshot) needs no lookups of old rows.
      const wasEmpty = t.size === 0;
      // for..in, not Object.entries: a 200k-row snapshot must not allocate 200k pairs first.
      for (const uuid in rows) {
        const u = rows[uuid]!;
        const full = u.initial ?? u.insert;
        if (full !== undefined) {
          mark?.add(uuid);
          const old = wasEmpty ? undefined : t.get(uuid);
          this.store(t, old, decodeRow(t.codec, uuid, full), changes, !!seen);
        } else if (u.modify !== undefined) {
          mark?.add(uuid);
          const old = t.get(uuid);
          if (!old) throw new ReplicaUpdateError(name, uuid, 'modify for a row the replica does not have');
          this.store(t, old, applyModify(t.codec, old, u.modify), changes, false);
        } else if ('delete' in u) {
          const old = t.remove(uuid, changes !== undefined);
          if (old && changes) changes.push({ table: name, kind: 'delete', old });
        } else {
          throw new ReplicaUpdateError(
            name,
            uuid,
            `no initial/insert/modify/delete member in ${JSON.stringify(u)}`,
          );
        }
      }
    }
  }

  /**
   * One table's rows from a RawObject: each `{"initial"|"insert"|"new": row}` is stored unparsed
   * (decoded now only if a change listener will see it); anything else is parsed and applied as usual.
   */
  private applyRaw(
    t: ReplicaTable,
    raw: RawObject,
    format: RawFormat,
    changes: RowChange[] | undefined,
    seen: Map<string, Set<string>> | undefined,
  ): void {
    const msg = raw.message;
    const wasEmpty = t.isEmpty;
    if (wasEmpty && !changes && !msg.isEmptyObject(raw.span)) {
      // The common first sync: nothing to compare or report, so the rows are not even split now.
      t.deferRows({ message: msg, span: raw.span, format, codec: t.codec });
      seen?.set(t.name, KEEP_ALL);
      return;
    }
    const eager = (rows: unknown) => {
      const one = { [t.name]: rows };
      if (format === 'update') this.applyV1(one as TableUpdates, changes, seen);
      else this.applyV2(one as TableUpdates2, changes, seen);
    };
    const m = msg.objectMembers(raw.span);
    // update rows carry every column, decoded over the old row: only an empty table takes them lazily.
    if (!m || (format === 'update' && !wasEmpty)) {
      eager(msg.parse(raw.span));
      return;
    }
    const mark = seen && setFor(seen, t.name);
    for (let i = 0; i < m.keys.length; i++) {
      const uuid = m.keys[i]!;
      const entry = m.spans[i]!;
      const span = rowSpanOf(msg, entry, format);
      if (span < 0) {
        eager({ [uuid]: msg.parse(entry) });
        continue;
      }
      mark?.add(uuid);
      const lazy = new LazyRow(uuid, msg, span, t.codec);
      const prior = wasEmpty ? undefined : t.peek(uuid);
      if (changes) {
        this.store(t, prior && t.get(uuid), lazy.decode(t.name, uuid), changes, !!seen);
      } else if (prior === undefined) {
        t.putLazy(uuid, lazy);
      } else if (prior instanceof LazyRow) {
        // During a full resync an unchanged row keeps its old object.
        if (!(seen && prior.sameText(lazy))) t.putLazy(uuid, lazy);
      } else {
        this.store(t, prior, lazy.decode(t.name, uuid), undefined, !!seen);
      }
    }
  }

  /** Stores `row`; during a full resync an unchanged row keeps its old object and raises no event. */
  private store(
    t: ReplicaTable,
    old: ReplicaRow | undefined,
    row: ReplicaRow,
    changes: RowChange[] | undefined,
    resync: boolean,
  ): void {
    if (old && resync && sameRow(t.codec, old, row)) return;
    t.put(row);
    if (!changes) return;
    changes.push(
      old ? { table: t.name, kind: 'update', old, new: row } : { table: t.name, kind: 'insert', new: row },
    );
  }
}

// A table whose rows all came from this snapshot: nothing of it to delete afterwards.
const KEEP_ALL = new Set<string>();

function setFor(seen: Map<string, Set<string>>, table: string): Set<string> {
  let s = seen.get(table);
  if (!s) {
    s = new Set();
    seen.set(table, s);
  }
  return s;
}
