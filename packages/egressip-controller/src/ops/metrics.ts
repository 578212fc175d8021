// Prometheus metrics on a registry of our own (several controllers can live in one process,
// e.g. in tests). Names follow the Prometheus conventions with an `ovnkit_egressip_` prefix.
import { readFileSync } from 'node:fs';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Where a step of the controller failed: the `step` label of ovnkit_egressip_errors_total. */
export type FailingStep =
  | 'assign'
  | 'status-write'
  | 'mark-write'
  | 'event'
  | 'nb-sync'
  | 'nb-reconcile'
  | 'watch'
  | 'lease';

const VERSION: string = (() => {
  try {
    // ../../package.json from both src/ops (tests) and dist/ops (the build).
    return (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    ).version;
  } catch {
    return 'unknown';
  }
})();

/** The controller's Prometheus metrics, in their own registry. */
export interface ControllerMetrics {
  readonly registry: Registry;
  readonly reconciles: Counter<'kind' | 'result'>;
  /** Every failure, by the step that failed. */
  readonly errors: Counter<'step'>;
  readonly nbConnected: Gauge;
  /** Render notes (rows not written and why) seen for the first time, by kind. */
  readonly notes: Counter<'kind'>;
  readonly queueDepth: Gauge;
  readonly nbTransactionSeconds: Histogram;
  readonly nbOperations: Counter;
  readonly assignedEgressIPs: Gauge;
  readonly eligibleNodes: Gauge;
  readonly unreachableNodes: Gauge;
  readonly statusWrites: Counter;
  readonly isLeader: Gauge;
}

/** Creates the controller's metrics in `registry` (a fresh one by default). */
export function createMetrics(registry: Registry = new Registry()): ControllerMetrics {
  const r = [registry];
  new Gauge({
    name: 'ovnkit_egressip_build_info',
    help: 'Always 1; the labels say which build runs',
    labelNames: ['version', 'nodejs'],
    registers: r,
  }).set({ version: VERSION, nodejs: process.versions.node }, 1);
  return {
    registry,
    reconciles: new Counter({
      name: 'ovnkit_egressip_reconciles_total',
      help: 'Reconciles run, by kind (assign|nb) and result (ok|error)',
      labelNames: ['kind', 'result'],
      registers: r,
    }),
    errors: new Counter({
      name: 'ovnkit_egressip_errors_total',
      help: 'Failures, by the step that failed (assign, status-write, mark-write, event, nb-sync, nb-reconcile, watch, lease)',
      labelNames: ['step'],
      registers: r,
    }),
    nbConnected: new Gauge({
      name: 'ovnkit_egressip_nb_connected',
      help: '1 while the NB session is ready (connected and in sync), 0 otherwise',
      registers: r,
    }),
    notes: new Counter({
      name: 'ovnkit_egressip_notes_total',
      help: 'Distinct reasons rows were not written (missing-router, standby, qos-mark-unsupported, ...), by kind',
      labelNames: ['kind'],
      registers: r,
    }),
    queueDepth: new Gauge({
      name: 'ovnkit_egressip_queue_depth',
      help: 'Keys waiting in the work queue',
      registers: r,
    }),
    nbTransactionSeconds: new Histogram({
      name: 'ovnkit_egressip_nb_reconcile_seconds',
      help: 'Duration of one NB reconcile (read, diff and transactions)',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: r,
    }),
    nbOperations: new Counter({
      name: 'ovnkit_egressip_nb_operations_total',
      help: 'OVSDB operations sent to the NB',
      registers: r,
    }),
    assignedEgressIPs: new Gauge({
      name: 'ovnkit_egressip_assigned_egress_ips',
      help: 'Egress IPs currently assigned to a node',
      registers: r,
    }),
    eligibleNodes: new Gauge({
      name: 'ovnkit_egressip_eligible_nodes',
      help: 'Nodes that are labelled, ready and reachable',
      registers: r,
    }),
    unreachableNodes: new Gauge({
      name: 'ovnkit_egressip_unreachable_nodes',
      help: 'Labelled, ready nodes failing the reachability probe',
      registers: r,
    }),
    statusWrites: new Counter({
      name: 'ovnkit_egressip_status_writes_total',
      help: 'EgressIP status updates written',
      registers: r,
    }),
    isLeader: new Gauge({
      name: 'ovnkit_egressip_leader',
      help: '1 while this replica holds the leader lease',
      registers: r,
    }),
  };
}

const withProcessMetrics = new WeakSet<Registry>();

/**
 * Adds prom-client's process metrics (CPU, memory, file descriptors, event loop lag, GC) to the
 * registry, once: only registries that are served, as they start timers and GC observers.
 */
export function addProcessMetrics(registry: Registry): void {
  if (withProcessMetrics.has(registry)) return;
  withProcessMetrics.add(registry);
  collectDefaultMetrics({ register: registry });
}
