// The controller loop. Order matters and is enforced here:
//   1. start the cluster source and wait for its caches (or the manifests) to load;
//   2. wait for the NB to be ready;
//   3. (with leader election) wait for the lease;
//   4. startup sync of stale NB rows, first reachability round, then every key is queued.
// Per EgressIP key: assignment (pure) -> status write if it changed -> NB reconcile of that
// object's rows (level-triggered; the whole-cluster `nb` key when the NB side has no scoped
// reconcile, and for node changes). Assignment runs under one lock because an assignment
// depends on every other object's allocations; NB work runs outside it.

import {
  allocateEgressIP,
  InvalidEgressIPError,
  isEligible,
  validateSelectors,
} from '../allocation/allocate-egress-ip.js';
import { AllocationTable } from '../allocation/allocation-table.js';
import {
  type AssignmentEvent,
  AssignmentEventReason,
  assignmentMessages,
} from '../allocation/assignment-events.js';
import { canonicalIp } from '../allocation/ip-address.js';
import {
  EGRESSIP_MARK_ANNOTATION,
  MarkAllocationError,
  MarkAllocator,
  parseMark,
} from '../allocation/mark-allocator.js';
import { buildNodeInventory } from '../allocation/node-inventory.js';
import type { ClusterChange, ClusterSource, ControllerEvent } from '../api/cluster-source.js';
import type { NbClusterState, NbReconcileSummary, NbSide, RowOwners } from '../api/nb-port.js';
import {
  type ClusterView,
  type EgressIP,
  type EgressIPStatusItem,
  UNASSIGNED_ANNOTATION,
} from '../api/types.js';
import { type HealthServer, startHealthServer } from '../ops/health-server.js';
import { LeaderElector, LeaseConflictError, type LeaseLock } from '../ops/leader-election.js';
import { type Logger, silentLogger } from '../ops/logger.js';
import { addProcessMetrics, type ControllerMetrics, createMetrics } from '../ops/metrics.js';
import type { BackoffPolicy } from '../queue/backoff.js';
import type { Clock } from '../queue/clock.js';
import { TerminalError, WorkQueue } from '../queue/work-queue.js';
import { egressIPKey, egressIPNameOfKey, keysForChange, NB_KEY } from './change-keys.js';
import { followNbStatus, nbNotReady } from './nb-status-log.js';
import { ReachabilityMonitor, type ReachabilityOptions } from './reachability.js';
import { Readiness } from './readiness.js';
import { releaseWithin, STOP_BUDGET_MS } from './release.js';
import { RenderNotes, type RunnerNote } from './render-notes.js';
import { ControllerStartError, startDeadline, startSource, unlessAborted } from './start-source.js';
import { StatusOverlay } from './status-overlay.js';
import { inStep, stepOf } from './step-error.js';

/** Assignment events that mean an IP cannot be assigned now (not merely waiting its turn). */
const BLOCKING_REASONS: ReadonlySet<string> = new Set([
  AssignmentEventReason.NoMatchingNodeFound,
  AssignmentEventReason.UnassignedRequest,
  AssignmentEventReason.EgressIPConflict,
  AssignmentEventReason.UnsupportedRequest,
]);

/** Leader election of the runner: the lock and this replica's identity. */
export interface LeaderElectionConfig {
  readonly lock: LeaseLock;
  /** Unique per replica (pod name). */
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
}

/** Options of {@link createController}: the source, the NB side, and the optional ops pieces. */
export interface ControllerOptions {
  readonly source: ClusterSource;
  /** The NB half; without it the controller only assigns nodes and writes status. */
  readonly nb?: NbSide;
  /**
   * false: never assign nodes nor write status or marks; the NB follows the status someone else
   * (a cluster manager) writes, as ovn-kubernetes' zone controllers do. Default true.
   */
  readonly assign?: boolean;
  readonly logger?: Logger;
  readonly metrics?: ControllerMetrics;
  /** Workers (default 2). */
  readonly concurrency?: number;
  readonly backoff?: BackoffPolicy;
  readonly clock?: Clock;
  /** Reachability probing; `false` disables it (manifest mode default). */
  readonly reachability?: ReachabilityOptions | false;
  /** Run only while holding this lease. */
  readonly leaderElection?: LeaderElectionConfig;
  /**
   * Serve /healthz and /readyz on this port (0 = ephemeral), and /metrics too unless
   * `metricsPort` is set; absent = no probe server.
   */
  readonly healthPort?: number;
  /** Listen host of the probe server (default 127.0.0.1; '' = every interface). */
  readonly healthHost?: string;
  /** Serve /metrics on its own listener on this port (0 = ephemeral). */
  readonly metricsPort?: number;
  /** Listen host of the metrics server (default 127.0.0.1; '' = every interface). */
  readonly metricsHost?: string;
  /** Give up on a key after this many consecutive failures (default: never; runOnce: 5). */
  readonly maxRetries?: number;
  /**
   * `start` fails with ControllerStartError when the source and the NB are not ready by then
   * (default: no deadline; one-shot runs set the connect timeout).
   */
  readonly startTimeoutMs?: number;
  /** A failed source start is logged and retried, not ready meanwhile (watch mode); default false. */
  readonly retryStart?: boolean;
}

/** A key that still failed when `runOnce` gave up on it. */
export interface KeyFailure {
  readonly key: string;
  readonly error: string;
}

/** What `runOnce` converged to. */
export interface OnceSummary {
  readonly status: Record<string, EgressIPStatusItem[]>;
  readonly statusWrites: number;
  readonly nbTransactions: number;
  readonly nbOperations: number;
  readonly events: Array<ControllerEvent & { egressIP: string }>;
  /** Keys that still failed when the controller gave up on them. */
  readonly failures: KeyFailure[];
  /** Why rows were not written (missing topology, skipped schema features, standby objects...). */
  readonly notes: RunnerNote[];
  /** The notes saying an assigned egress IP has no rows in the NB (the run failed if any). */
  readonly unprogrammed: RunnerNote[];
}

/** A running controller: start, stop, or reconcile once and report. */
export interface Controller {
  /** Starts everything; resolves once caches and NB are ready (leader or standby). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Reconciles everything to convergence once, then stops. */
  runOnce(): Promise<OnceSummary>;
  /** Resolves when no work is queued, running or waiting for a retry. */
  idle(): Promise<void>;
  readonly ready: boolean;
  /** Why /readyz answers 503 now; empty when ready. */
  notReadyReasons(): string[];
  readonly isLeader: boolean;
  readonly metrics: ControllerMetrics;
  /** Base URL of the /healthz and /readyz server, when one runs. */
  readonly healthUrl: string | undefined;
  /** Base URL of the server answering /metrics, when one runs. */
  readonly metricsUrl: string | undefined;
  /** The source's view with the statuses written by this controller applied. */
  readonly view: ClusterView;
}

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/**
 * Wires a source, an NB side and the work queue into a controller (nothing starts before `start()` or
 * `runOnce()`).
 */
export function createController(options: ControllerOptions): Controller {
  return new EgressIPController(options);
}

class EgressIPController implements Controller {
  readonly metrics: ControllerMetrics;
  readonly view: ClusterView;
  readonly #o: ControllerOptions;
  readonly #log: Logger;
  readonly #overlay = new StatusOverlay();
  readonly #assignLock = new Mutex();
  readonly #reach: ReachabilityMonitor | undefined;
  #queue: WorkQueue | undefined;
  #elector: LeaderElector | undefined;
  #health: HealthServer | undefined;
  #metricsServer: HealthServer | undefined;
  #unsubscribe: (() => void) | undefined;
  #unwatchRows: (() => void) | undefined;
  #synced = false;
  #nbReady = false;
  #active = false;
  #failed = false;
  #maxRetries: number | undefined;
  readonly #stopping = new AbortController();
  #teardown: Promise<void> | undefined;
  #activation: Promise<void> = Promise.resolve();
  readonly #readiness: Readiness;
  readonly #notes: RenderNotes;
  readonly #unsubscribers: Array<() => void> = [];
  /** Leader election: keys not yet reconciled once since the lease was acquired. */
  #firstPass: Set<string> | undefined;
  // runOnce bookkeeping
  #statusWrites = 0;
  #nbTransactions = 0;
  #nbOperations = 0;
  readonly #events: Array<ControllerEvent & { egressIP: string }> = [];
  readonly #failures = new Map<string, string>();
  readonly #notedNodeErrors = new Set<string>();
  readonly #marks = new MarkAllocator();
  readonly #markWritten = new Map<string, number>();
  readonly #standbyNoted = new Set<string>();
  /** Every object's allocations, rebuilt when the set of eligible nodes changes. */
  #table: { key: string; table: AllocationTable } | undefined;

  constructor(o: ControllerOptions) {
    this.#o = o;
    this.#log = o.logger ?? silentLogger;
    this.metrics = o.metrics ?? createMetrics();
    this.#maxRetries = o.maxRetries;
    this.view = this.#overlay.wrap(o.source.view);
    this.#notes = new RenderNotes(this.#log, this.metrics);
    this.#readiness = new Readiness(
      [
        () => (this.#synced ? undefined : 'cluster state not loaded yet'),
        () => {
          const problems = o.source.watchProblems?.() ?? [];
          return problems.length
            ? `watch failing: ${problems.map((p) => p.split(':')[0]).join(', ')}`
            : undefined;
        },
        () => (o.nb ? nbNotReady(o.nb, this.#nbReady) : undefined),
        () =>
          this.#firstPass && this.#firstPass.size > 0
            ? 'leader: first reconcile after acquiring the lease not done'
            : undefined,
      ],
      this.#log,
    );
    if (o.reachability) {
      this.#reach = new ReachabilityMonitor(this.view, {
        ...o.reachability,
        logger: this.#log,
        onTransition: (node) => this.#onNodeReachability(node),
      });
    }
  }

  get ready(): boolean {
    return this.#readiness.reasons().length === 0;
  }

  notReadyReasons(): string[] {
    return this.#readiness.reasons();
  }

  get isLeader(): boolean {
    return this.#active;
  }

  get healthUrl(): string | undefined {
    return this.#health?.url;
  }

  get metricsUrl(): string | undefined {
    return (this.#metricsServer ?? this.#health)?.url;
  }

  /** Starts; on any failure (or a stop meanwhile) everything started is released before it rejects. */
  async start(): Promise<void> {
    try {
      await this.#start();
    } catch (err) {
      await this.#release();
      throw err;
    }
  }

  async #start(): Promise<void> {
    const separateMetrics = this.#o.metricsPort !== undefined;
    if (this.#o.healthPort !== undefined) {
      this.#health = await startHealthServer({
        port: this.#o.healthPort,
        ...(this.#o.healthHost !== undefined ? { host: this.#o.healthHost } : {}),
        ...(separateMetrics ? {} : { registry: this.metrics.registry }),
        probe: {
          healthy: () => !this.#failed,
          ready: () => this.ready,
          whyNotReady: () => this.notReadyReasons(),
        },
      });
      if (!separateMetrics) addProcessMetrics(this.metrics.registry);
    }
    if (this.#o.metricsPort !== undefined) {
      this.#metricsServer = await startHealthServer({
        port: this.#o.metricsPort,
        ...(this.#o.metricsHost !== undefined ? { host: this.#o.metricsHost } : {}),
        registry: this.metrics.registry,
      });
      addProcessMetrics(this.metrics.registry);
    }
    const recheck = () => void this.#readiness.reasons();
    if (this.#o.nb) {
      const nb = this.#o.nb;
      this.#unsubscribers.push(followNbStatus(nb, this.#log, this.metrics));
      if (nb.onStatus) this.#unsubscribers.push(nb.onStatus(recheck));
    }
    const offWatch = this.#o.source.onWatchError?.(() => {
      this.metrics.errors.inc({ step: 'watch' });
      recheck();
    });
    if (offWatch) this.#unsubscribers.push(offWatch);
    if (this.#health) this.#log.info('operations server listening', { url: this.#health.url });
    this.#unsubscribe = this.#o.source.onChange((c) => this.#onChange(c));
    const deadline = startDeadline(this.#stopping.signal, this.#o.startTimeoutMs);
    try {
      deadline.waitingFor(this.#o.source.name);
      await startSource(this.#o.source, {
        retry: this.#o.retryStart ?? false,
        signal: deadline.signal,
        logger: this.#log,
      });
      this.#synced = true;
      if (this.#o.nb) {
        deadline.waitingFor('the NB');
        await unlessAborted(this.#o.nb.ready(), deadline.signal);
        this.#nbReady = true;
      }
    } finally {
      deadline.done();
    }
    this.#log.info('controller ready', { source: this.#o.source.name, nb: this.#o.nb !== undefined });
    const le = this.#o.leaderElection;
    if (le) {
      this.#elector = new LeaderElector({
        ...le,
        ...(this.#o.clock ? { clock: this.#o.clock } : {}),
        logger: this.#log,
        onStartedLeading: () => this.#activate(),
        onStoppedLeading: () => this.#deactivate(),
        onAttemptFailed: (err) => {
          // A conflict is another replica winning a race, not a failure.
          if (!(err instanceof LeaseConflictError)) this.metrics.errors.inc({ step: 'lease' });
        },
      });
      this.#elector.start();
    } else {
      this.#activate();
      await this.#activation;
    }
  }

  /** Stops (also a start still waiting); returns within STOP_BUDGET_MS even if a peer hangs. */
  async stop(): Promise<void> {
    this.#stopping.abort(new ControllerStartError('stopped before it was ready', 'start'));
    await this.#release();
  }

  #release(): Promise<void> {
    this.#teardown ??= releaseWithin(STOP_BUDGET_MS, this.#log, [
      [
        'listeners',
        async () => {
          this.#unsubscribe?.();
          for (const off of this.#unsubscribers.splice(0)) off();
        },
      ],
      ['leader election', async () => this.#elector?.stop()],
      [
        'work queue',
        async () => {
          this.#deactivate();
          await this.#activation;
        },
      ],
      ['cluster source', () => this.#o.source.stop()],
      ['NB connection', async () => this.#o.nb?.close?.()],
      ['operations server', async () => this.#health?.close()],
      ['metrics server', async () => this.#metricsServer?.close()],
    ]);
    return this.#teardown;
  }

  idle(): Promise<void> {
    return this.#activation.then(() => this.#queue?.idle());
  }

  async runOnce(): Promise<OnceSummary> {
    this.#maxRetries ??= 5;
    await this.start();
    try {
      await this.idle();
      if (this.#stopping.signal.aborted) throw new ControllerStartError('stopped before convergence', 'stop');
      // Status the summary counts must be stored: a failed status file write fails the run.
      await this.#o.source.flush?.();
      const status: Record<string, EgressIPStatusItem[]> = {};
      for (const e of this.view.egressIPs()) status[e.metadata.name ?? ''] = [...(e.status?.items ?? [])];
      return {
        status,
        statusWrites: this.#statusWrites,
        nbTransactions: this.#nbTransactions,
        nbOperations: this.#nbOperations,
        events: [...this.#events],
        failures: [...this.#failures].map(([key, error]) => ({ key, error })),
        notes: this.#notes.current(),
        unprogrammed: this.#notes.unprogrammed(),
      };
    } finally {
      await this.stop();
    }
  }

  #activate(): void {
    this.#activation = this.#activation.then(async () => {
      if (this.#active) return;
      this.#active = true;
      this.metrics.isLeader.set(1);
      const queue = new WorkQueue({
        handler: (key) => this.#handleCounted(key),
        concurrency: this.#o.concurrency ?? 2,
        ...(this.#o.backoff ? { backoff: this.#o.backoff } : {}),
        ...(this.#o.clock ? { clock: this.#o.clock } : {}),
        ...(this.#maxRetries !== undefined ? { maxRetries: this.#maxRetries } : {}),
        onError: (key, err, failures, retryIn) => this.#onKeyError(key, err, failures, retryIn),
      });
      this.#queue = queue;
      if (this.#o.nb) {
        try {
          const r = await this.#o.nb.syncStale(this.#nbState());
          this.#countNb(r.transactions, r.operations);
          this.#log.info('startup sync done', { transactions: r.transactions, operations: r.operations });
        } catch (err) {
          // The full reconcile that follows converges the same rows; this is only the fast path.
          this.metrics.errors.inc({ step: 'nb-sync' });
          this.#log.error('startup sync failed', { error: String(err) });
        }
      }
      await this.#reach?.start();
      // Reserve the marks objects already carry before any object gets a new one (spec 3.8).
      for (const e of this.view.egressIPs()) {
        const name = e.metadata.name ?? '';
        const mark = parseMark(e.metadata.annotations?.[EGRESSIP_MARK_ANNOTATION]);
        if (mark !== undefined && !this.#marks.reserve(name, mark))
          this.#log.warn('EgressIP mark already used by another object; a new one will be set', {
            egressip: name,
            mark,
          });
      }
      const initial = [...this.view.egressIPs().map((e) => egressIPKey(e.metadata.name ?? '')), NB_KEY];
      // A new leader is ready once it has reconciled everything once (its first pass).
      if (this.#o.leaderElection) this.#firstPass = new Set(initial);
      for (const key of initial) queue.add(key);
      // Level-triggered ownership: our rows changed or lost by anyone bring their owner back.
      this.#unwatchRows = this.#o.nb?.watchRows?.((owners) => this.#onRowsChanged(owners));
    });
  }

  #deactivate(): void {
    this.#activation = this.#activation.then(async () => {
      if (!this.#active) return;
      this.#active = false;
      this.#firstPass = undefined;
      this.metrics.isLeader.set(0);
      this.#unwatchRows?.();
      this.#unwatchRows = undefined;
      await this.#reach?.stop();
      await this.#queue?.shutdown();
    });
  }

  #onChange(change: ClusterChange): void {
    if (change.kind === 'EgressIP') {
      // Keep the allocation index in step with what the view shows (overlay included).
      const name = change.object.metadata.name ?? '';
      this.#table?.table.setOwner(
        name,
        change.type === 'delete' ? [] : (this.view.egressIP(name)?.status?.items ?? []),
      );
    }
    if (!this.#active || !this.#queue) return;
    for (const key of keysForChange(change, this.view)) this.#queue.add(key);
    this.metrics.queueDepth.set(this.#queue.depth);
  }

  #onRowsChanged(owners: RowOwners): void {
    const queue = this.#queue;
    if (!this.#active || !queue) return;
    if (owners.all) queue.add(NB_KEY);
    for (const name of owners.egressIPs) queue.add(egressIPKey(name));
    this.metrics.queueDepth.set(queue.depth);
  }

  #onNodeReachability(node: string): void {
    if (!this.#queue) return;
    for (const e of this.view.egressIPs()) {
      const items = e.status?.items ?? [];
      if (items.some((i) => i.node === node) || items.length !== (e.spec?.egressIPs?.length ?? 0))
        this.#queue.add(egressIPKey(e.metadata.name ?? ''));
    }
  }

  #onKeyError(key: string, err: unknown, failures: number, retryIn: number | undefined): void {
    const kind = key === NB_KEY ? 'nb' : 'assign';
    this.metrics.errors.inc({ step: stepOf(err, key === NB_KEY ? 'nb-reconcile' : 'assign') });
    this.metrics.reconciles.inc({ kind, result: 'error' });
    const name = egressIPNameOfKey(key);
    this.#log.error(
      retryIn === undefined ? 'reconcile failed; giving up on key' : 'reconcile failed; will retry',
      {
        key,
        ...(name ? { egressip: name } : {}),
        error: err instanceof Error ? err.message : String(err),
        failures,
        ...(retryIn !== undefined ? { retryInMs: retryIn } : {}),
      },
    );
    if (retryIn === undefined) this.#failures.set(key, err instanceof Error ? err.message : String(err));
  }

  /** One attempt at a key; the first attempt at each initial key ends a new leader's first pass. */
  async #handleCounted(key: string): Promise<void> {
    try {
      await this.#handle(key);
    } finally {
      const pass = this.#firstPass;
      if (pass?.delete(key) && pass.size === 0) {
        this.#log.info('first reconcile after acquiring the lease done');
        this.#readiness.reasons();
      }
    }
  }

  async #handle(key: string): Promise<void> {
    this.metrics.queueDepth.set(this.#queue?.depth ?? 0);
    if (key === NB_KEY) return this.#reconcileNb();
    const name = egressIPNameOfKey(key);
    if (name === undefined) throw new TerminalError(`unknown work key ${JSON.stringify(key)}`);
    if (this.#o.assign !== false) await this.#assignLock.run(() => this.#assign(name));
    await this.#reconcileNbFor(name);
    this.#failures.delete(key);
    this.metrics.reconciles.inc({ kind: 'assign', result: 'ok' });
  }

  async #reconcileNbFor(name: string): Promise<void> {
    const nb = this.#o.nb;
    if (!nb) return;
    if (!nb.reconcileEgressIP) {
      this.#queue?.add(NB_KEY);
      return;
    }
    const stop = this.metrics.nbTransactionSeconds.startTimer();
    const reconcileOne = nb.reconcileEgressIP.bind(nb);
    const r = await inStep('nb-reconcile', () => reconcileOne(name, this.#nbState()));
    stop();
    this.#notes.record(name, r.notes);
    this.#countNb(r.transactions, r.operations);
    await this.#recordStandby(r);
    if (r.transactions > 0)
      this.#log.info('NB rows of EgressIP reconciled', {
        egressip: name,
        transactions: r.transactions,
        operations: r.operations,
      });
  }

  #nbState(): NbClusterState {
    const v = this.view;
    return { egressIPs: v.egressIPs(), nodes: v.nodes(), namespaces: v.namespaces(), pods: v.pods() };
  }

  #countNb(transactions: number, operations: number): void {
    this.#nbTransactions += transactions;
    this.#nbOperations += operations;
    this.metrics.nbOperations.inc(operations);
  }

  async #reconcileNb(): Promise<void> {
    if (!this.#o.nb) return;
    const nb = this.#o.nb;
    const stop = this.metrics.nbTransactionSeconds.startTimer();
    const r = await inStep('nb-reconcile', () => nb.reconcile(this.#nbState()));
    stop();
    this.#notes.record('', r.notes);
    this.#countNb(r.transactions, r.operations);
    await this.#recordStandby(r);
    this.#failures.delete(NB_KEY);
    this.metrics.reconciles.inc({ kind: 'nb', result: 'ok' });
    if (r.transactions > 0)
      this.#log.info('NB reconciled', { transactions: r.transactions, operations: r.operations });
  }

  /** A pod matched by two objects: the standby one gets upstream's UndefinedRequest event, once. */
  async #recordStandby(r: NbReconcileSummary): Promise<void> {
    for (const note of r.notes ?? []) {
      if (note.kind !== 'standby' || !note.egressIP) continue;
      const m = /for pod ([^/\s]+)\/(\S+) since EgressIP (\S+) is serving/.exec(note.message);
      if (!m) continue;
      const [, namespace = '', pod = '', active = ''] = m;
      const key = `${note.egressIP} ${namespace}/${pod} ${active}`;
      if (this.#standbyNoted.has(key)) continue;
      this.#standbyNoted.add(key);
      await this.#record(
        note.egressIP,
        assignmentMessages.undefinedRequest(note.egressIP, namespace, pod, active),
      );
    }
  }

  /**
   * Keeps UNASSIGNED_ANNOTATION in step: the reasons while spec IPs cannot be assigned (what a
   * health check can read; the events alone are not on the object), removed once all are. A
   * pass that leaves IPs waiting without a reason (deferred behind removals) keeps the last one.
   */
  async #writeUnassigned(
    name: string,
    eip: EgressIP,
    items: readonly EgressIPStatusItem[],
    events: readonly AssignmentEvent[],
  ): Promise<void> {
    const source = this.#o.source;
    if (!source.writeUnassigned) return;
    const waiting = new Set((eip.spec?.egressIPs ?? []).map((ip) => canonicalIp(ip) ?? ip));
    for (const i of items) waiting.delete(i.egressIP);
    const reasons = events.filter((e) => BLOCKING_REASONS.has(e.reason)).map((e) => e.message);
    const current = eip.metadata.annotations?.[UNASSIGNED_ANNOTATION];
    const wanted = waiting.size === 0 ? undefined : reasons.length > 0 ? reasons.join('; ') : current;
    if (wanted === current) return;
    await inStep('status-write', () => source.writeUnassigned!(name, wanted));
  }

  async #record(egressIP: string, event: ControllerEvent): Promise<void> {
    this.#events.push({ ...event, egressIP });
    try {
      await this.#o.source.recordEvent(egressIP, event);
    } catch (err) {
      // Events are best effort, as in client-go: never fail a reconcile over one.
      this.metrics.errors.inc({ step: 'event' });
      this.#log.warn('recording event failed', {
        egressip: egressIP,
        reason: event.reason,
        error: String(err),
      });
    }
  }

  async #ensureMark(name: string, current: string | undefined): Promise<void> {
    let mark: number;
    try {
      mark = this.#marks.markFor(name);
    } catch (err) {
      // Marks only matter for user-defined networks: never block the default network over one.
      if (err instanceof MarkAllocationError) return this.#log.error(err.message, { egressip: name });
      throw err;
    }
    // Our own write may not be visible in the source yet; do not repeat it.
    if (current === String(mark) || this.#markWritten.get(name) === mark) return;
    await inStep('mark-write', () => this.#o.source.writeMark(name, mark));
    this.#markWritten.set(name, mark);
    this.#log.info('EgressIP mark set', { egressip: name, mark });
  }

  async #assign(name: string): Promise<void> {
    const view = this.view;
    const eip = view.egressIP(name);
    const queue = this.#queue;
    if (!eip) {
      this.#overlay.delete(name);
      this.#marks.release(name);
      this.#markWritten.delete(name);
      return;
    }
    await this.#ensureMark(name, eip.metadata.annotations?.[EGRESSIP_MARK_ANNOTATION]);
    const inventory = buildNodeInventory(view.nodes());
    for (const err of inventory.errors) {
      if (this.#notedNodeErrors.has(err.message)) continue;
      this.#notedNodeErrors.add(err.message);
      this.#log.warn('node left out of egress assignment', { node: err.node, error: err.message });
    }
    const reachable = this.#reach?.verdicts ?? new Map<string, boolean>();
    const eligible = inventory.nodes.filter((n) => isEligible(n, reachable)).map((n) => n.name);
    const tableKey = eligible.sort().join('\n');
    if (this.#table?.key !== tableKey) {
      const names = new Set(eligible);
      const objects = view
        .egressIPs()
        .map((e) => ({ name: e.metadata.name ?? '', items: e.status?.items ?? [] }));
      this.#table = { key: tableKey, table: AllocationTable.build(objects, (n) => names.has(n)) };
    }
    const table = this.#table.table;
    let result: ReturnType<typeof allocateEgressIP>;
    try {
      validateSelectors(name, eip.spec);
      result = allocateEgressIP({
        name,
        specIPs: eip.spec?.egressIPs ?? [],
        statusItems: eip.status?.items ?? [],
        nodes: inventory.nodes,
        reachable,
        others: table,
        hostAddresses: inventory.hostAddresses,
      });
    } catch (err) {
      if (!(err instanceof InvalidEgressIPError)) throw err;
      await this.#record(name, err.event);
      // Only a spec change can fix this, and a spec change re-queues the key.
      throw new TerminalError(err.message, { cause: err });
    }
    for (const note of result.notes) this.#log.info(note, { egressip: name });
    for (const ev of result.events) await this.#record(name, ev);
    if (result.changed) {
      const before = eip.status?.items ?? [];
      await inStep('status-write', () => this.#o.source.writeStatus(name, result.items));
      this.#overlay.set(name, result.items);
      table.setOwner(name, result.items);
      this.#statusWrites++;
      this.metrics.statusWrites.inc();
      this.#log.info('status updated', { egressip: name, items: result.items });
      // Run again when IPs are still missing: those deferred behind removals (spec 3.2 step 4)
      // get their turn now, without waiting for our own status to come back as an event.
      if (result.items.length < new Set(eip.spec?.egressIPs ?? []).size) queue?.add(egressIPKey(name));
      // Freed IPs or node slots may complete objects still waiting for a node.
      if (before.some((b) => !result.items.some((i) => i.egressIP === b.egressIP && i.node === b.node))) {
        for (const e of view.egressIPs()) {
          if (e.metadata.name !== name && (e.status?.items?.length ?? 0) < (e.spec?.egressIPs?.length ?? 0))
            queue?.add(egressIPKey(e.metadata.name ?? ''));
        }
      }
    }
    // After the status: the reasons go only once the IPs are in status.items.
    await this.#writeUnassigned(name, eip, result.items, result.events);
    this.metrics.assignedEgressIPs.set(table.size);
    this.metrics.eligibleNodes.set(eligible.length);
    this.metrics.unreachableNodes.set([...reachable.values()].filter((r) => !r).length);
  }
}
