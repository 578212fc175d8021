// NbReconciler: read the NB, render the desired EgressIP rows, diff, write only the difference.
// Level-triggered: every call rebuilds the full picture from the two states, so a restart, a
// missed event or a stale row left by someone else all converge the same way.

import type { ClusterView, EgressIP, Namespace, Node, Pod } from '../api/types.js';
import { nbFactsFrom } from '../nb/facts.js';
import { readNbSnapshot } from '../nb/read-snapshot.js';
import { refusedByServer } from '../nb/refused.js';
import type { NbSnapshot } from '../nb/snapshot.js';
import { checkResults, type NbTransactor } from '../nb/transactor.js';
import type { SchemaJson } from '../nb/wire.js';
import {
  type ClusterNetworkConfig,
  type ResolvedClusterConfig,
  resolveClusterConfig,
} from '../render/config.js';
import { renderDesiredState } from '../render/render-desired.js';
import { type DesiredState, FEATURE_GROUP, policyKey, type RenderNote } from '../render/rows.js';
import { type ZoneLocality, zoneLocality } from '../render/zone.js';
import { zonePodFilter, zonePods } from '../render/zone-pods.js';
import type { Change, ChangeUnit } from './changes.js';
import { type DiffScope, diffNb } from './diff.js';
import { type OwnedIndex, ownedIndex, rerouteIp } from './owned-index.js';
import {
  batchTransactions,
  compileTransaction,
  DEFAULT_MAX_CHANGES_PER_BATCH,
  DEFAULT_MAX_CHANGES_PER_TRANSACTION,
  type PlannedTransaction,
  planTransactions,
} from './plan.js';
import { type EipScope, scopeFor } from './scope.js';

/** The cluster objects an NB reconcile works from. */
export interface ClusterState {
  readonly egressIPs: readonly EgressIP[];
  readonly nodes: readonly Node[];
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
}

/** The current objects of a {@link ClusterView} as a {@link ClusterState}. */
export function clusterStateOf(view: ClusterView): ClusterState {
  return {
    egressIPs: view.egressIPs(),
    nodes: view.nodes(),
    namespaces: view.namespaces(),
    pods: view.pods(),
  };
}

/** Limits a reconcile to one EgressIP's pods. */
export interface ReconcileScope {
  /** Limit the reconcile to the pods this EgressIP selects now or serves in the NB. */
  readonly egressIP?: string;
}

/** Where the reconciler says what it skipped (e.g. features the schema lacks). */
export interface NbLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Options of {@link NbReconciler}. */
export interface NbReconcilerOptions {
  readonly nb: NbTransactor;
  readonly config?: Partial<ClusterNetworkConfig>;
  /** Source of the current NB state; default: one `select` transaction per reconcile. */
  readonly snapshot?: () => Promise<NbSnapshot> | NbSnapshot;
  readonly maxChangesPerTransaction?: number;
  /** Bound on the changes of a transaction batching several EgressIPs (1: one per EgressIP). */
  readonly maxChangesPerBatch?: number;
  /** Transactions of one reconcile sent before the first reply is awaited (default 4; 1: one at a time). */
  readonly transactionsInFlight?: number;
  readonly logger?: NbLogger;
  /**
   * The interconnect zone this NB serves (`k8s.ovn.org/zone-name` of its nodes; usually the node
   * name). Undefined: the single zone, every node local.
   */
  readonly zone?: string;
}

/** Changes made, by kind. */
export interface ChangeCounts {
  insert: number;
  update: number;
  delete: number;
  link: number;
  unlink: number;
  addresses: number;
}

/** What a reconcile did: transactions, operations, changes, and why some rows were not written. */
export interface ReconcileNbResult {
  /** Transactions sent (0 when the NB was already converged). */
  readonly transactions: number;
  readonly operations: number;
  readonly changes: ChangeCounts;
  /** Why some rows were not written (skipped features, missing topology, standby EgressIPs...). */
  readonly notes: readonly RenderNote[];
}

/** What a write needs of a plan. */
interface Planned {
  readonly notes: readonly RenderNote[];
  readonly units: ChangeUnit[];
}

const plannedOf = (p: { desired: DesiredState; units: ChangeUnit[] }): Planned => ({
  notes: p.desired.notes,
  units: p.units,
});

/**
 * Reads the NB, renders the desired EgressIP rows, and writes only the difference (level-triggered; converged
 * means zero writes).
 */
export class NbReconciler {
  readonly #nb: NbTransactor;
  readonly #config: ResolvedClusterConfig;
  readonly #snapshot: () => Promise<NbSnapshot> | NbSnapshot;
  readonly #max: number;
  readonly #maxBatch: number;
  readonly #inFlight: number;
  readonly #logger: NbLogger | undefined;
  readonly #zone: string | undefined;
  #schema: SchemaJson | undefined;
  readonly #announced = new Set<string>();
  #tail: Promise<unknown> = Promise.resolve();
  // The last plan's inputs and the part of its result a write needs (not the desired rows: on a
  // converged NB the units are empty, and the desired state is the size of our NB rows).
  #lastPlan:
    | {
        snapshot: NbSnapshot;
        scope: string | undefined;
        cluster: ClusterState;
        planned: Planned;
      }
    | undefined;

  constructor(opts: NbReconcilerOptions) {
    this.#nb = opts.nb;
    this.#config = resolveClusterConfig(opts.config);
    this.#max = opts.maxChangesPerTransaction ?? DEFAULT_MAX_CHANGES_PER_TRANSACTION;
    this.#maxBatch = opts.maxChangesPerBatch ?? DEFAULT_MAX_CHANGES_PER_BATCH;
    this.#inFlight = Math.max(1, opts.transactionsInFlight ?? 4);
    this.#logger = opts.logger;
    this.#zone = opts.zone;
    this.#snapshot = opts.snapshot ?? (async () => readNbSnapshot(this.#nb, await this.schema()));
  }

  /** The live NB schema, read once. */
  async schema(): Promise<SchemaJson> {
    this.#schema ??= await this.#nb.schema();
    return this.#schema;
  }

  /** Features skipped because the live schema lacks them (stable after the first reconcile). */
  get skippedFeatures(): readonly string[] {
    return [...this.#announced];
  }

  /**
   * Computes the changes against the current NB without writing anything. With `egressIP`, only
   * the per-pod rows of the pods that EgressIP selects or serves are considered (see reconcile).
   */
  async plan(
    cluster: ClusterState,
    opts: ReconcileScope = {},
  ): Promise<{ desired: DesiredState; units: ChangeUnit[]; snapshot: NbSnapshot }> {
    const schema = await this.schema();
    const snapshot = await this.#snapshot();
    const result = this.#computePlan(cluster, opts, schema, snapshot);
    this.#lastPlan = { snapshot, scope: opts.egressIP, cluster, planned: plannedOf(result) };
    return result;
  }

  /** The units and notes of a plan, from the last plan when its inputs are the same. */
  async #planned(cluster: ClusterState, opts: ReconcileScope): Promise<Planned> {
    const schema = await this.schema();
    const snapshot = await this.#snapshot();
    // Same inputs (same snapshot object, same cluster arrays): same plan. This makes the
    // startup `syncStale` + `reconcile` pair on a converged NB cost one render, not two.
    const last = this.#lastPlan;
    if (
      last &&
      last.snapshot === snapshot &&
      last.scope === opts.egressIP &&
      last.cluster.egressIPs === cluster.egressIPs &&
      last.cluster.nodes === cluster.nodes &&
      last.cluster.namespaces === cluster.namespaces &&
      last.cluster.pods === cluster.pods
    ) {
      return last.planned;
    }
    const planned = plannedOf(this.#computePlan(cluster, opts, schema, snapshot));
    this.#lastPlan = { snapshot, scope: opts.egressIP, cluster, planned };
    return planned;
  }

  #computePlan(
    cluster: ClusterState,
    opts: ReconcileScope,
    schema: SchemaJson,
    snapshot: NbSnapshot,
  ): { desired: DesiredState; units: ChangeUnit[]; snapshot: NbSnapshot } {
    const scope = opts.egressIP === undefined ? undefined : scopeFor(opts.egressIP, cluster, snapshot);
    const owned = scope?.owned ?? ownedIndex(snapshot);
    // A zone's full render needs only the pods that can have rows in it (render/zone-pods.ts).
    const locality =
      this.#zone !== undefined ? zoneLocality(this.#zone, cluster.nodes, this.#config.profile) : undefined;
    // A zone's scoped render needs only the scope's pods that can have rows in it; the diff
    // still compares the rows of every pod in scope (scope.podKeys), so stale rows go.
    const scoped = scope
      ? zoneScopedPods(scope, cluster, locality, owned, this.#config.disableSnatMultipleGws)
      : undefined;
    const pods = scoped
      ? scoped.pods
      : locality !== undefined
        ? zonePods({
            ...cluster,
            locality,
            hints: owned.hints,
          })
        : cluster.pods;
    const desired = renderDesiredState({
      config: this.#config,
      ...cluster,
      pods,
      facts: nbFactsFrom(snapshot, schema),
      activeHints: owned.hints,
      existingNexthops: existingNexthopsOf(owned),
      ...(this.#zone !== undefined ? { zone: this.#zone } : {}),
      ...(scope ? { scoped: true, formerPodIps: formerIps(scope, scoped?.skippedIps ?? []) } : {}),
    });
    return { desired, units: diffNb(desired, snapshot, scope), snapshot };
  }

  /**
   * Brings the NB to the desired state: inserts, updates and deletes only what differs.
   * Without a scope everything is compared (feature rows, every EgressIP, stale rows of any
   * kind). With `{ egressIP }` (the runner's per-EgressIP key) only the pods that EgressIP
   * selects now or served before are compared, which keeps a failover proportional to the pods
   * it moves; the feature rows are then left to the unscoped reconcile.
   */
  async reconcile(cluster: ClusterState, opts: ReconcileScope = {}): Promise<ReconcileNbResult> {
    return this.#serial(async () => {
      const { notes, units } = await this.#planned(cluster, opts);
      return this.#apply(notes, units);
    });
  }

  /**
   * Reconciles run one at a time: each plans from the NB state the previous one left, so two
   * workers can never both insert the same row.
   */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Startup sync (spec 5.5 with the shipped fixes): removes stale rows, stale references, stale
   * nexthops and stale address-set members only; also when no EgressIP exists at all.
   */
  async syncStale(cluster: ClusterState): Promise<ReconcileNbResult> {
    return this.#serial(async () => {
      const { notes, units } = await this.#planned(cluster, {});
      const staleOnly = units
        .map((u) => ({ group: u.group, changes: u.changes.flatMap(staleChange) }))
        .filter((u) => u.changes.length > 0);
      return this.#apply(notes, staleOnly);
    });
  }

  async #apply(notes: readonly RenderNote[], units: ChangeUnit[]): Promise<ReconcileNbResult> {
    this.#announce(notes);
    const schema = await this.schema();
    const counts: ChangeCounts = { insert: 0, update: 0, delete: 0, link: 0, unlink: 0, addresses: 0 };
    let operations = 0;
    let transactions = 0;
    const failures: unknown[] = [];
    const commit = async (txn: PlannedTransaction) => {
      const ops = compileTransaction(schema, txn);
      transactions++;
      const results = await this.#nb.transact(ops);
      checkResults(ops, results);
      operations += ops.length;
      for (const c of txn.changes) counts[c.kind]++;
    };
    const write = async (txn: PlannedTransaction) => {
      try {
        await commit(txn);
      } catch (err) {
        // The server refused the batch as a whole (nothing of it committed): write its
        // EgressIPs one by one so that one bad EgressIP does not hold back the others.
        if (!refusedByServer(err) || !txn.parts) throw err;
        for (const part of txn.parts) {
          try {
            await commit(part);
          } catch (partErr) {
            if (!refusedByServer(partErr)) throw partErr;
            failures.push(partErr);
          }
        }
      }
    };
    const txns = batchTransactions(planTransactions(units, this.#max), this.#maxBatch);
    if (txns.length > 0) this.#lastPlan = undefined;
    // The feature rows go first and alone (per-pod rows name their address sets). The rest are
    // independent EgressIPs: a few stay in flight, so the server commits one while this process
    // encodes the next and applies the previous one's update to its replica. A refusal is
    // handled per transaction as above; any other error stops sending and is thrown.
    let next = 0;
    if (txns[0]?.groups.includes(FEATURE_GROUP)) await write(txns[next++]!);
    const inFlight = new Set<Promise<void>>();
    let fatal: { err: unknown } | undefined;
    for (; next < txns.length && !fatal; next++) {
      const sent: Promise<void> = write(txns[next]!)
        .catch((err: unknown) => {
          fatal ??= { err };
        })
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      if (inFlight.size >= this.#inFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (fatal) throw fatal.err;
    if (failures.length > 0) throw failures[0];
    return { transactions, operations, changes: counts, notes };
  }

  #announce(notes: readonly RenderNote[]): void {
    for (const n of notes) {
      if (n.kind !== 'qos-mark-unsupported' || this.#announced.has(n.kind)) continue;
      this.#announced.add(n.kind);
      this.#logger?.warn(n.message);
    }
  }
}

/** Lookup of our reroutes' current nexthops by policyKey, built on first use. */
function existingNexthopsOf(owned: OwnedIndex): (key: string) => readonly string[] | undefined {
  let byKey: Map<string, readonly string[]> | undefined;
  return (key) => {
    if (!byKey) {
      byKey = new Map();
      for (const rows of owned.byPod.values())
        for (const p of rows.policies) byKey.set(policyKey(p), p.nexthops);
    }
    return byKey.get(key);
  };
}

/**
 * The scope's pods a zone renders (zonePodFilter) and the ones it skips: a skipped pod has no
 * rows in this NB and can get none, so leaving it out changes no row. `skippedIps` are the IPs
 * the render would have put in the scope's IPs (those whose pod SNATs the diff compares); only
 * pod SNATs use them, and parsing them costs about as much as rendering the pods.
 */
function zoneScopedPods(
  scope: EipScope,
  cluster: ClusterState,
  locality: ZoneLocality | undefined,
  owned: OwnedIndex,
  podSnats: boolean,
): { pods: Pod[]; skippedIps: string[] } {
  const filter = locality && zonePodFilter({ ...cluster, locality, hints: owned.hints });
  if (!filter) return { pods: scope.allPods(), skippedIps: [] };
  return scope.zonePods(filter, podSnats && filter.remotePodsRendered);
}

/**
 * Pod IPs the rows of the pods in scope use now (reroute matches, SNAT logical IPs), plus the IPs
 * of the scope's pods the render skips (the render adds the IPs of the pods it renders).
 */
function formerIps(scope: DiffScope, skippedIps: readonly string[]): Set<string> {
  const ips = new Set<string>(skippedIps);
  for (const rows of scope.owned.byPod.values()) {
    for (const p of rows.policies) {
      const ip = rerouteIp(p);
      if (ip) ips.add(ip);
    }
    for (const n of rows.nats) ips.add(n.logical_ip);
  }
  return ips;
}

function staleChange(c: Change): Change[] {
  switch (c.kind) {
    case 'delete':
    case 'unlink':
      return [c];
    case 'update':
      return c.pruneOnly ? [c] : c.staleCleanup ? [c.staleCleanup] : [];
    case 'addresses':
      return c.remove.length > 0 ? [{ ...c, add: [] }] : [];
    default:
      return [];
  }
}
