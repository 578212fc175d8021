// The contract between a cluster-state source (Kubernetes API or manifests directory) and the
// runner. A source keeps a ClusterView current, tells the runner what changed, and performs
// the two writes the controller makes to the cluster: EgressIP status and Events.
import type { ClusterView, EgressIP, EgressIPStatusItem, Namespace, Node, Pod } from './types.js';

/** The kinds of cluster object the controller reads. */
export type ClusterObjectKind = 'EgressIP' | 'Node' | 'Namespace' | 'Pod';

export type ClusterObject = EgressIP | Node | Namespace | Pod;

/** One change seen by a source. `old` is the previous version when the source knows it. */
export type ClusterChange =
  | { kind: 'EgressIP'; type: ChangeType; object: EgressIP; old?: EgressIP }
  | { kind: 'Node'; type: ChangeType; object: Node; old?: Node }
  | { kind: 'Namespace'; type: ChangeType; object: Namespace; old?: Namespace }
  | { kind: 'Pod'; type: ChangeType; object: Pod; old?: Pod };

/** What happened to an object. */
export type ChangeType = 'add' | 'update' | 'delete';

/** A Kubernetes Event about an EgressIP object (spec 3.3 reasons). */
export interface ControllerEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/**
 * Where cluster state comes from and status goes to: the Kubernetes API, a manifests directory, or memory.
 */
export interface ClusterSource {
  /** Human-readable name for logs ("kubernetes", "manifests:/path"). */
  readonly name: string;
  readonly view: ClusterView;
  /** Start watching; resolves once the initial state is loaded (caches synced). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Resolves once every status written so far is stored; rejects if storing it failed (a
   * one-shot run must not report success over lost status writes).
   */
  flush?(): Promise<void>;
  /** Subscribe to changes after start; returns an unsubscribe function. */
  onChange(listener: (change: ClusterChange) => void): () => void;
  /** Replace `status.items` of an EgressIP. */
  writeStatus(name: string, items: readonly EgressIPStatusItem[]): Promise<void>;
  /** Set the `k8s.ovn.org/egressip-mark` annotation, leaving other annotations alone. */
  writeMark(name: string, mark: number): Promise<void>;
  /** Set the `ovnkit.io/unassigned-egress-ips` annotation to `reason`, or remove it (`undefined`), leaving other annotations alone. */
  writeUnassigned?(name: string, reason: string | undefined): Promise<void>;
  /** Record an Event on an EgressIP object. */
  recordEvent(egressIP: string, event: ControllerEvent): Promise<void>;
  /** What is failing to watch right now ("/api/v1/nodes: Internal Server Error"); empty = all well. */
  watchProblems?(): readonly string[];
  /** Calls `listener` on every watch failure; returns the unsubscribe function. */
  onWatchError?(listener: (what: string, error: string) => void): () => void;
}
