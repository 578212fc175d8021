// The manifests-directory cluster-state source (demo mode, GitOps checkouts, `kustomize build`
// output): Nodes, Namespaces, Pods and EgressIPs read from files, re-read on change (dir-watcher.ts,
// debounced), EgressIP status kept in a status file written atomically.
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import type {
  ChangeType,
  ClusterChange,
  ClusterObject,
  ClusterObjectKind,
  ClusterSource,
  ControllerEvent,
} from '../api/cluster-source.js';
import { objectKey } from '../api/object-key.js';
import {
  type ClusterView,
  EGRESSIP_MARK_ANNOTATION,
  type EgressIP,
  type EgressIPStatusItem,
  type Pod,
  UNASSIGNED_ANNOTATION,
} from '../api/types.js';
import { type Logger, silentLogger } from '../ops/logger.js';
import { type DirWatcher, watchDirectory } from './dir-watcher.js';
import { loadManifestDirectory } from './load-directory.js';
import { emptyManifests, ManifestError, type ParsedManifests, parseManifestText } from './parse-manifests.js';

/** Options of {@link createManifestSource}. */
export interface ManifestSourceOptions {
  /** Directory holding the manifests (searched recursively). */
  readonly dir: string;
  /** Where EgressIP status is kept (.yaml/.yml → YAML, anything else → JSON). */
  readonly statusFile: string;
  /** Re-read the directory on changes (default true). */
  readonly watch?: boolean;
  /** Quiet period before a re-read (default 100 ms). */
  readonly debounceMs?: number;
  readonly logger?: Logger;
}

/** After a failed status-file write, the next attempt waits this long. */
const STATUS_RETRY_MS = 1000;

/** The status file could not be written (full disk, file size limit, permissions...). */
export class StatusFileError extends Error {
  override readonly name = 'StatusFileError';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(
      `writing the status file ${file} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** An event the manifest source recorded: the EgressIP it concerns and when (ISO 8601). */
export interface RecordedEvent extends ControllerEvent {
  /** Name of the EgressIP the event is about. */
  readonly egressIP: string;
  /** When it was recorded, ISO 8601. */
  readonly at: string;
}

/** A directory of manifests as a ClusterSource: re-read on changes, EgressIP status kept in a status file. */
export class ManifestClusterSource implements ClusterSource {
  readonly name: string;
  readonly view: ClusterView;
  /** Events recorded so far (newest last). */
  readonly events: RecordedEvent[] = [];
  readonly #opts: ManifestSourceOptions;
  readonly #logger: Logger;
  readonly #listeners = new Set<(c: ClusterChange) => void>();
  readonly #status = new Map<string, EgressIPStatusItem[]>();
  /** Marks written by the controller (kept in the status file, as the manifests are input only). */
  readonly #marks = new Map<string, string>();
  /** Why spec IPs cannot be assigned (UNASSIGNED_ANNOTATION), kept in the status file too. */
  readonly #unassigned = new Map<string, string>();
  readonly #noted = new Set<string>();
  #state: ParsedManifests = emptyManifests();
  #index = indexOf(emptyManifests());
  #watcher: DirWatcher | undefined;
  /** The last watch error, until the next successful reload. */
  #watchProblem: string | undefined;
  readonly #watchErrorListeners = new Set<(what: string, error: string) => void>();
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #writeChain: Promise<void> = Promise.resolve();
  #writeTimer: NodeJS.Timeout | undefined;
  /** The last status file write failed (cleared by the next one that succeeds). */
  #writeError: StatusFileError | undefined;
  #stopped = false;

  constructor(opts: ManifestSourceOptions) {
    this.#opts = opts;
    this.#logger = opts.logger ?? silentLogger;
    this.name = `manifests:${opts.dir}`;
    const withStatus = (e: EgressIP): EgressIP => {
      const name = e.metadata.name ?? '';
      const items = this.#status.get(name);
      const mark = this.#marks.get(name);
      let out = e;
      if (mark !== undefined && e.metadata.annotations?.[EGRESSIP_MARK_ANNOTATION] !== mark) {
        out = {
          ...out,
          metadata: {
            ...out.metadata,
            annotations: { ...out.metadata.annotations, [EGRESSIP_MARK_ANNOTATION]: mark },
          },
        };
      }
      const unassigned = this.#unassigned.get(name);
      if (unassigned !== undefined)
        out = {
          ...out,
          metadata: {
            ...out.metadata,
            annotations: { ...out.metadata.annotations, [UNASSIGNED_ANNOTATION]: unassigned },
          },
        };
      return items ? { ...out, status: { items } } : out;
    };
    this.view = {
      egressIPs: () => this.#state.egressIPs.map(withStatus),
      egressIP: (name) => {
        const e = this.#index.egressIPs.get(name);
        return e && withStatus(e);
      },
      nodes: () => this.#state.nodes,
      node: (name) => this.#index.nodes.get(name),
      namespaces: () => this.#state.namespaces,
      namespace: (name) => this.#index.namespaces.get(name),
      pods: (namespace) =>
        namespace === undefined ? this.#state.pods : (this.#index.pods.get(namespace) ?? []),
    };
  }

  /** Loads the status file and the manifests; throws ManifestError on unreadable input. */
  async start(): Promise<void> {
    await this.#loadStatusFile();
    const loaded = await this.#load();
    this.#apply(loaded, false);
    if (this.#opts.watch ?? true) {
      this.#watcher = await watchDirectory({
        dir: this.#opts.dir,
        // Our own status writes (and their temp files) are not manifest changes.
        ignore: [this.#opts.statusFile],
        onChange: () => this.#scheduleReload(),
        onError: (err) => {
          this.#watchProblem = err.message;
          this.#logger.error('manifest watch failed', { dir: this.#opts.dir, error: err.message });
          for (const l of this.#watchErrorListeners) l(this.#opts.dir, err.message);
          this.#scheduleReload();
        },
      });
    }
    this.#logger.info('manifests loaded', {
      dir: this.#opts.dir,
      egressIPs: loaded.egressIPs.length,
      nodes: loaded.nodes.length,
      namespaces: loaded.namespaces.length,
      pods: loaded.pods.length,
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#reloading;
    await this.flush();
  }

  /** Resolves once every status written so far is in the status file; rejects if that failed. */
  async flush(): Promise<void> {
    if (this.#writeTimer) {
      clearTimeout(this.#writeTimer);
      this.#writeTimer = undefined;
      void this.#writeStatusFile().catch(() => undefined);
    }
    await this.#writeChain;
    if (this.#writeError) throw this.#writeError;
  }

  #scheduleStatusWrite(): void {
    // Many objects change in one burst (a failover, a cold start): write the file once for all.
    this.#writeTimer ??= setTimeout(() => {
      this.#writeTimer = undefined;
      this.#writeStatusFile().catch((err: unknown) => {
        this.#logger.error('writing the status file failed; will retry', {
          file: this.#opts.statusFile,
          error: String(err),
        });
        // The whole file is rewritten each time: one later success stores every status.
        if (!this.#stopped) setTimeout(() => this.#scheduleStatusWrite(), STATUS_RETRY_MS).unref();
      });
    }, 10);
  }

  watchProblems(): readonly string[] {
    return this.#watchProblem ? [`${this.#opts.dir}: ${this.#watchProblem}`] : [];
  }

  onWatchError(listener: (what: string, error: string) => void): () => void {
    this.#watchErrorListeners.add(listener);
    return () => this.#watchErrorListeners.delete(listener);
  }

  onChange(listener: (change: ClusterChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Re-read the directory now (also what the watcher does after its quiet period). */
  reload(): Promise<void> {
    this.#reloading = this.#reloading.then(async () => {
      try {
        this.#apply(await this.#load(), true);
        this.#watchProblem = undefined;
      } catch (err) {
        // Keep serving the last good state: a half-saved file must not wipe the cluster.
        this.#logger.error('manifest reload failed; keeping the previous state', {
          dir: this.#opts.dir,
          error: String(err),
        });
      }
    });
    return this.#reloading;
  }

  /**
   * Updates the status in memory at once (the view shows it) and schedules one coalesced,
   * atomic rewrite of the status file; `flush()` / `stop()` wait for it.
   */
  async writeStatus(name: string, items: readonly EgressIPStatusItem[]): Promise<void> {
    const old = this.view.egressIP(name);
    this.#status.set(
      name,
      items.map((i) => ({ node: i.node, egressIP: i.egressIP })),
    );
    this.#scheduleStatusWrite();
    const object = this.view.egressIP(name);
    if (object) this.#emit({ kind: 'EgressIP', type: 'update', object, ...(old ? { old } : {}) });
  }

  async writeUnassigned(name: string, reason: string | undefined): Promise<void> {
    if (this.#unassigned.get(name) === reason) return;
    const old = this.view.egressIP(name);
    if (reason === undefined) this.#unassigned.delete(name);
    else this.#unassigned.set(name, reason);
    this.#scheduleStatusWrite();
    const object = this.view.egressIP(name);
    if (object) this.#emit({ kind: 'EgressIP', type: 'update', object, ...(old ? { old } : {}) });
  }

  async writeMark(name: string, mark: number): Promise<void> {
    const old = this.view.egressIP(name);
    this.#marks.set(name, String(mark));
    this.#scheduleStatusWrite();
    const object = this.view.egressIP(name);
    if (object) this.#emit({ kind: 'EgressIP', type: 'update', object, ...(old ? { old } : {}) });
  }

  async recordEvent(egressIP: string, event: ControllerEvent): Promise<void> {
    this.events.push({ ...event, egressIP, at: new Date().toISOString() });
    this.#logger.warn(`event ${event.reason}: ${event.message}`, {
      egressip: egressIP,
      reason: event.reason,
      type: event.type,
    });
  }

  #scheduleReload(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reload(), this.#opts.debounceMs ?? 100);
  }

  async #load(): Promise<ParsedManifests> {
    const loaded = await loadManifestDirectory(this.#opts.dir, new Set([resolve(this.#opts.statusFile)]));
    for (const line of loaded.ignored) {
      if (this.#noted.has(line)) continue;
      this.#noted.add(line);
      this.#logger.info('ignoring manifest of a kind the controller does not use', { object: line });
    }
    return loaded;
  }

  #apply(next: ParsedManifests, notify: boolean): void {
    const prev = this.#state;
    // Old versions as the view showed them (with status), for change consumers.
    const prevView = {
      EgressIP: this.view.egressIPs(),
      Node: prev.nodes,
      Namespace: prev.namespaces,
      Pod: prev.pods,
    };
    this.#state = next;
    this.#index = indexOf(next);
    if (!notify) return;
    const nextView = {
      EgressIP: this.view.egressIPs(),
      Node: next.nodes,
      Namespace: next.namespaces,
      Pod: next.pods,
    };
    for (const kind of ['Node', 'Namespace', 'Pod', 'EgressIP'] as const) {
      this.#diff(kind, prevView[kind], nextView[kind]);
    }
  }

  #diff(kind: ClusterObjectKind, before: readonly ClusterObject[], after: readonly ClusterObject[]): void {
    const old = new Map(before.map((o) => [objectKey(o), o]));
    for (const o of after) {
      const prev = old.get(objectKey(o));
      old.delete(objectKey(o));
      if (!prev) this.#emitKind(kind, 'add', o, undefined);
      else if (JSON.stringify(prev) !== JSON.stringify(o)) this.#emitKind(kind, 'update', o, prev);
    }
    for (const gone of old.values()) this.#emitKind(kind, 'delete', gone, undefined);
  }

  #emitKind(
    kind: ClusterObjectKind,
    type: ChangeType,
    object: ClusterObject,
    old: ClusterObject | undefined,
  ): void {
    this.#emit({ kind, type, object, ...(old ? { old } : {}) } as ClusterChange);
  }

  #emit(change: ClusterChange): void {
    for (const l of this.#listeners) l(change);
  }

  async #loadStatusFile(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.#opts.statusFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const parsed = emptyManifests();
    try {
      parseManifestText(this.#opts.statusFile, text, parsed);
    } catch (err) {
      throw new ManifestError(this.#opts.statusFile, `status file unreadable: ${(err as Error).message}`);
    }
    for (const e of parsed.egressIPs) {
      if (e.status?.items) this.#status.set(e.metadata.name ?? '', e.status.items);
      const mark = e.metadata.annotations?.[EGRESSIP_MARK_ANNOTATION];
      if (mark !== undefined) this.#marks.set(e.metadata.name ?? '', mark);
      const unassigned = e.metadata.annotations?.[UNASSIGNED_ANNOTATION];
      if (unassigned !== undefined) this.#unassigned.set(e.metadata.name ?? '', unassigned);
    }
  }

  #writeStatusFile(): Promise<void> {
    // Serialised so concurrent writers never interleave; each write is tmp + rename (atomic).
    const next = this.#writeChain.then(async () => {
      const file = this.#opts.statusFile;
      const doc = {
        apiVersion: 'v1',
        kind: 'List',
        items: this.view
          .egressIPs()
          .filter((e) => e.status || this.#marks.has(e.metadata.name ?? ''))
          .map((e) => {
            const mark = this.#marks.get(e.metadata.name ?? '');
            const unassigned = this.#unassigned.get(e.metadata.name ?? '');
            const annotations = {
              ...(mark !== undefined ? { [EGRESSIP_MARK_ANNOTATION]: mark } : {}),
              ...(unassigned !== undefined ? { [UNASSIGNED_ANNOTATION]: unassigned } : {}),
            };
            const metadata = {
              name: e.metadata.name,
              ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
            };
            return {
              apiVersion: e.apiVersion,
              kind: e.kind,
              metadata,
              spec: e.spec,
              ...(e.status ? { status: e.status } : {}),
            };
          })
          .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1)),
      };
      const text = /\.ya?ml$/.test(file) ? stringify(doc) : `${JSON.stringify(doc, null, 2)}\n`;
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      try {
        await writeFile(tmp, text);
        await rename(tmp, file);
        this.#writeError = undefined;
      } catch (err) {
        // The status file keeps its previous content (the rename never happened); no temp file stays.
        await unlink(tmp).catch(() => undefined);
        this.#writeError = new StatusFileError(file, err);
        throw this.#writeError;
      }
    });
    // A failed write must not block later ones; the caller of this write still sees the error.
    this.#writeChain = next.catch(() => undefined);
    return next;
  }
}

/** Lookup maps over one loaded state (names are unique per kind; pods per namespace). */
function indexOf(m: ParsedManifests) {
  const byName = <T extends { metadata?: { name?: string } }>(objs: readonly T[]) =>
    new Map(objs.map((o) => [o.metadata?.name ?? '', o]));
  const pods = new Map<string, Pod[]>();
  for (const p of m.pods) {
    const ns = p.metadata?.namespace ?? '';
    const list = pods.get(ns) ?? [];
    list.push(p);
    pods.set(ns, list);
  }
  return { egressIPs: byName(m.egressIPs), nodes: byName(m.nodes), namespaces: byName(m.namespaces), pods };
}

/** A {@link ManifestClusterSource} for `opts.dir`; `start()` reads the status file and the manifests. */
export function createManifestSource(opts: ManifestSourceOptions): ManifestClusterSource {
  return new ManifestClusterSource(opts);
}
