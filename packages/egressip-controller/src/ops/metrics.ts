// Prometheus metrics on a registry of our own (several controllers can live in one process,
// e.g. in tests). Names follow the Prometheus conventions with an `ovnkit_egressip_` prefix.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ControllerMetrics {
  readonly registry: Registry;
  readonly reconciles: Counter<'kind' | 'result'>;
  readonly reconcileErrors: Counter<'kind'>;
  readonly queueDepth: Gauge;
  readonly nbTransactionSeconds: Histogram;
  readonly nbOperations: Counter;
  readonly assignedEgressIPs: Gauge;
  readonly eligibleNodes: Gauge;
  readonly unreachableNodes: Gauge;
  readonly statusWrites: Counter;
  readonly isLeader: Gauge;
}

export function createMetrics(registry: Registry = new Registry()): ControllerMetrics {
  const r = [registry];
  return {
    registry,
    reconciles: new Counter({
      name: 'ovnkit_egressip_reconciles_total',
      help: 'Reconciles run, by kind (assign|nb) and result (ok|error)',
      labelNames: ['kind', 'result'],
      registers: r,
    }),
    reconcileErrors: new Counter({
      name: 'ovnkit_egressip_reconcile_errors_total',
      help: 'Reconciles that failed, by kind (assign|nb)',
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
