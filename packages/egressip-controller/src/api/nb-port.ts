// The NB half as the runner sees it (owned by the NB engineer: reconcile/NbReconciler fits it).
//
// Note for the NB side: the runner calls `ready()` once before any reconcile, `syncStale`
// once after the caches and the NB are ready (startup sync, spec 5.5), `reconcileEgressIP`
// after each EgressIP key's assignment step (that object's status, selected pods or
// namespaces changed), and `reconcile` when nodes change or when `reconcileEgressIP` is not
// provided. All receive the full cluster state with the statuses the runner has just written
// (the informer may lag behind).
import type { EgressIP, Namespace, Node, Pod } from './types.js';

/** The cluster state an NB reconcile receives, with the statuses the runner has just written. */
export interface NbClusterState {
  readonly egressIPs: readonly EgressIP[];
  readonly nodes: readonly Node[];
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
}

/** What a reconcile reports back; NbReconciler's ReconcileNbResult is a superset. */
export interface NbReconcileSummary {
  readonly transactions: number;
  readonly operations: number;
  /** Why rows were not written; `standby` notes become UndefinedRequest events. */
  readonly notes?: ReadonlyArray<{
    readonly kind: string;
    readonly message: string;
    readonly egressIP?: string;
  }>;
}

/** The NB connection's state as the session reports it (`ready` = usable). */
export interface NbStatus {
  readonly state: string;
  /** Why the session is in this state (the error that ended a connection, the sync kind...). */
  readonly reason?: string;
  readonly remote?: string;
  /** `reconnecting`: how long until the next attempt. */
  readonly delayMs?: number;
}

/** The owners a batch of NB row changes concerns (level-triggered ownership). */
export interface RowOwners {
  /** EgressIPs whose rows were created, altered or deleted. */
  readonly egressIPs: ReadonlySet<string>;
  /** Feature-level rows or the topology facts our rows come from changed: reconcile everything. */
  readonly all: boolean;
}

/**
 * The NB half as the runner drives it: readiness, the startup sync, and reconciles of all or one EgressIP.
 */
export interface NbSide {
  /** The session's current state, when this side keeps a session (absent: always usable). */
  status?(): NbStatus;
  /** Calls `listener` on every session state change; returns the unsubscribe function. */
  onStatus?(listener: (status: NbStatus) => void): () => void;
  /** Resolves when the NB is reachable and its schema read; rejects if it cannot be. */
  ready(): Promise<void>;
  /** Startup sync: remove stale rows only. */
  syncStale(state: NbClusterState): Promise<NbReconcileSummary>;
  /** Bring every EgressIP row to the desired state. */
  reconcile(state: NbClusterState): Promise<NbReconcileSummary>;
  /** Bring the rows of one EgressIP (and the pods it selects or serves) to the desired state. */
  reconcileEgressIP?(name: string, state: NbClusterState): Promise<NbReconcileSummary>;
  /** Release connections. */
  close?(): Promise<void>;
  /**
   * Calls `listener` after each batch of NB changes that touches rows we own or their facts
   * (whoever made them, including a resync after a reconnect to a replaced database).
   */
  watchRows?(listener: (owners: RowOwners) => void): () => void;
}
