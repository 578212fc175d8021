// What the controller would do with a given cluster state, computed with its own code and
// written nowhere: the assignment (allocateCluster, as the cluster manager converges) and the NB
// changes the reconciler would make for the assigned statuses (NbReconciler.plan). The NB is
// only read, through a transactor that refuses anything but `select`.
import { allocateCluster } from '../allocation/allocate-cluster.js';
import type { AssignmentEvent } from '../allocation/assignment-events.js';
import type { EgressIPStatusItem } from '../api/types.js';
import type { NbSnapshot } from '../nb/snapshot.js';
import type { NbTransactor } from '../nb/transactor.js';
import type { ClusterNetworkConfig } from '../render/config.js';
import type { RenderNote } from '../render/rows.js';
import type { ChangeUnit } from './changes.js';
import { type ClusterState, NbReconciler } from './reconcile-nb.js';

/** One EgressIP's assignment: the status it has now and the status the controller would write. */
export interface AssignmentPlan {
  readonly egressIP: string;
  readonly current: readonly EgressIPStatusItem[];
  readonly planned: readonly EgressIPStatusItem[];
  /** Warning events the assignment would record (e.g. `NoMatchingNodeFound`). */
  readonly events: readonly AssignmentEvent[];
}

/** The result of {@link dryRun}. */
export interface DryRunResult {
  /** Every EgressIP, by name. */
  readonly assignments: readonly AssignmentPlan[];
  /** NB changes per group (`''` = the shared feature rows, else the EgressIP name), as the reconciler would commit them. */
  readonly units: readonly ChangeUnit[];
  /** The NB rows the changes were computed against. */
  readonly snapshot: NbSnapshot;
  /** Why some rows would not be written (missing topology, standby EgressIPs, ...). */
  readonly notes: readonly RenderNote[];
}

/** Options of {@link dryRun}. */
export interface DryRunOptions {
  /** The cluster as it would be after the change (EgressIP status: the current one, if any). */
  readonly cluster: ClusterState;
  /** The NB to compare with; only `select` operations are sent through it. */
  readonly nb: NbTransactor;
  readonly config?: Partial<ClusterNetworkConfig>;
  /** Node reachability (default: every node reachable). */
  readonly reachable?: ReadonlyMap<string, boolean>;
}

/** A transaction other than reads was attempted during a dry run (a bug: nothing may be written). */
export class DryRunWriteError extends Error {
  override readonly name = 'DryRunWriteError';
}

function readOnly(nb: NbTransactor): NbTransactor {
  return {
    schema: () => nb.schema(),
    transact(ops) {
      const write = ops.find((o) => o.op !== 'select');
      if (write) return Promise.reject(new DryRunWriteError(`dry run refused a "${write.op}" operation`));
      return nb.transact(ops);
    },
  };
}

const sameItems = (a: readonly EgressIPStatusItem[], b: readonly EgressIPStatusItem[]) =>
  a.length === b.length && a.every((x, i) => x.node === b[i]?.node && x.egressIP === b[i]?.egressIP);

/** Whether a dry run found anything to do: an assignment to write or an NB change. */
export function dryRunHasChanges(result: DryRunResult): boolean {
  return (
    result.assignments.some((a) => !sameItems(a.current, a.planned)) ||
    result.units.some((u) => u.changes.length > 0)
  );
}

/** Computes the assignment and the NB changes for `cluster` without writing anything. */
export async function dryRun(opts: DryRunOptions): Promise<DryRunResult> {
  const { cluster } = opts;
  const allocation = allocateCluster(cluster.egressIPs, cluster.nodes, opts.reachable);
  const assignments = cluster.egressIPs
    .map((e): AssignmentPlan => {
      const name = e.metadata.name ?? '';
      return {
        egressIP: name,
        current: e.status?.items ?? [],
        planned: allocation.status.get(name) ?? [],
        events: allocation.events.get(name) ?? [],
      };
    })
    .sort((a, b) => (a.egressIP < b.egressIP ? -1 : a.egressIP > b.egressIP ? 1 : 0));
  const planned = new Map(assignments.map((a) => [a.egressIP, a.planned]));
  const assigned: ClusterState = {
    ...cluster,
    egressIPs: cluster.egressIPs.map((e) => ({
      ...e,
      status: { ...e.status, items: [...(planned.get(e.metadata.name ?? '') ?? [])] },
    })),
  };
  const reconciler = new NbReconciler({
    nb: readOnly(opts.nb),
    ...(opts.config ? { config: opts.config } : {}),
  });
  const { desired, units, snapshot } = await reconciler.plan(assigned);
  return { assignments, units, snapshot, notes: desired.notes };
}
