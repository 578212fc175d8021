// The NB half as the runner sees it (owned by the NB engineer: reconcile/NbReconciler fits it).
//
// Note for the NB side: the runner calls `ready()` once before any reconcile, `syncStale`
// once after the caches and the NB are ready (startup sync, spec 5.5), then `reconcile`
// whenever EgressIP status, selected pods/namespaces or nodes change. Both receive the full
// cluster state with the statuses the runner has just written (the informer may lag behind).
import type { EgressIP, Namespace, Node, Pod } from './types.js';

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
  readonly notes?: ReadonlyArray<{ readonly kind: string; readonly message: string }>;
}

export interface NbSide {
  /** Resolves when the NB is reachable and its schema read; rejects if it cannot be. */
  ready(): Promise<void>;
  /** Startup sync: remove stale rows only. */
  syncStale(state: NbClusterState): Promise<NbReconcileSummary>;
  /** Bring every EgressIP row to the desired state. */
  reconcile(state: NbClusterState): Promise<NbReconcileSummary>;
  /** Release connections. */
  close?(): Promise<void>;
}
