// An in-memory ClusterSource: objects set and removed by code, status and marks kept in memory,
// events recorded in a list. For tests, benchmarks and tools that hold the cluster state
// themselves (e.g. one cluster manager and several zone controllers sharing one source).
import type { ClusterChange, ClusterObjectKind, ClusterSource, ControllerEvent } from './cluster-source.js';
import { objectKey } from './object-key.js';
import {
  type ClusterView,
  EGRESSIP_MARK_ANNOTATION,
  type EgressIP,
  type EgressIPStatusItem,
  type Namespace,
  type Node,
  type Pod,
  UNASSIGNED_ANNOTATION,
} from './types.js';

interface KindMap {
  EgressIP: EgressIP;
  Node: Node;
  Namespace: Namespace;
  Pod: Pod;
}

/** The objects a {@link MemoryClusterSource} starts with. */
export interface MemoryClusterState {
  readonly egressIPs?: readonly EgressIP[];
  readonly nodes?: readonly Node[];
  readonly namespaces?: readonly Namespace[];
  readonly pods?: readonly Pod[];
}

/**
 * A ClusterSource held in memory: objects set and removed by code, status, marks and events kept in lists.
 */
export class MemoryClusterSource implements ClusterSource {
  readonly name = 'memory';
  readonly view: ClusterView;
  /** Events recorded on EgressIP objects, oldest first. */
  readonly events: Array<ControllerEvent & { readonly egressIP: string }> = [];
  /** Every status write, oldest first. */
  readonly statusWrites: Array<{ readonly name: string; readonly items: readonly EgressIPStatusItem[] }> = [];
  readonly #objects: { [K in ClusterObjectKind]: Map<string, KindMap[K]> } = {
    EgressIP: new Map(),
    Node: new Map(),
    Namespace: new Map(),
    Pod: new Map(),
  };
  readonly #listeners = new Set<(c: ClusterChange) => void>();
  // Views are cached per kind and rebuilt only after a change, so readers get stable arrays.
  #cache: Partial<Record<ClusterObjectKind, readonly unknown[]>> = {};

  constructor(initial: MemoryClusterState = {}) {
    for (const e of initial.egressIPs ?? []) this.#objects.EgressIP.set(objectKey(e), e);
    for (const n of initial.nodes ?? []) this.#objects.Node.set(objectKey(n), n);
    for (const n of initial.namespaces ?? []) this.#objects.Namespace.set(objectKey(n), n);
    for (const p of initial.pods ?? []) this.#objects.Pod.set(objectKey(p), p);
    const list = <K extends ClusterObjectKind>(kind: K): readonly KindMap[K][] => {
      this.#cache[kind] ??= Object.freeze([...this.#objects[kind].values()]);
      return this.#cache[kind] as readonly KindMap[K][];
    };
    this.view = {
      egressIPs: () => list('EgressIP'),
      egressIP: (name) => this.#objects.EgressIP.get(`/${name}`),
      nodes: () => list('Node'),
      node: (name) => this.#objects.Node.get(`/${name}`),
      namespaces: () => list('Namespace'),
      namespace: (name) => this.#objects.Namespace.get(`/${name}`),
      pods: (namespace) => {
        const all = list('Pod');
        return namespace === undefined ? all : all.filter((p) => p.metadata?.namespace === namespace);
      },
    };
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  onChange(listener: (change: ClusterChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds or replaces an object and tells the listeners. */
  set<K extends ClusterObjectKind>(kind: K, object: KindMap[K]): void {
    const key = objectKey(object);
    const old = this.#objects[kind].get(key);
    this.#objects[kind].set(key, object);
    this.#emit({ kind, type: old ? 'update' : 'add', object, ...(old ? { old } : {}) } as ClusterChange);
  }

  /** Removes an object (by kind, name and namespace) and tells the listeners. */
  delete(kind: ClusterObjectKind, name: string, namespace?: string): void {
    const key = `${namespace ?? ''}/${name}`;
    const old = this.#objects[kind].get(key);
    if (!old) return;
    this.#objects[kind].delete(key);
    this.#emit({ kind, type: 'delete', object: old } as ClusterChange);
  }

  async writeStatus(name: string, items: readonly EgressIPStatusItem[]): Promise<void> {
    const old = this.#objects.EgressIP.get(`/${name}`);
    if (!old) throw new Error(`EgressIP ${name} not found`);
    this.statusWrites.push({ name, items: [...items] });
    this.set('EgressIP', { ...old, status: { items: [...items] } });
  }

  async writeMark(name: string, mark: number): Promise<void> {
    const old = this.#objects.EgressIP.get(`/${name}`);
    if (!old) throw new Error(`EgressIP ${name} not found`);
    const annotations = { ...old.metadata.annotations, [EGRESSIP_MARK_ANNOTATION]: String(mark) };
    this.set('EgressIP', { ...old, metadata: { ...old.metadata, annotations } });
  }

  async writeUnassigned(name: string, reason: string | undefined): Promise<void> {
    const old = this.#objects.EgressIP.get(`/${name}`);
    if (!old) throw new Error(`EgressIP ${name} not found`);
    const { [UNASSIGNED_ANNOTATION]: _previous, ...others } = old.metadata.annotations ?? {};
    const annotations = reason === undefined ? others : { ...others, [UNASSIGNED_ANNOTATION]: reason };
    this.set('EgressIP', { ...old, metadata: { ...old.metadata, annotations } });
  }

  async recordEvent(egressIP: string, event: ControllerEvent): Promise<void> {
    this.events.push({ ...event, egressIP });
  }

  #emit(change: ClusterChange): void {
    delete this.#cache[change.kind];
    for (const l of this.#listeners) l(change);
  }
}

/** A {@link MemoryClusterSource} holding `initial`. */
export function createMemoryClusterSource(initial?: MemoryClusterState): MemoryClusterSource {
  return new MemoryClusterSource(initial);
}
