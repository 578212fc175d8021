// Runs the per-object assignment over every EgressIP until nothing changes, feeding each
// object's new status into the next one's input: what the controller converges to when it
// reconciles all keys, computed without I/O (used by --once summaries, tests and benchmarks).
import type { EgressIP, EgressIPStatusItem, Node } from '../api/types.js';
import {
  type AllocationResult,
  allocateEgressIP,
  InvalidEgressIPError,
  isEligible,
} from './allocate-egress-ip.js';
import { AllocationTable } from './allocation-table.js';
import type { AssignmentEvent } from './assignment-events.js';
import { buildNodeInventory } from './node-inventory.js';

/** The assignment of every EgressIP at its fixed point: final status items, events, passes. */
export interface ClusterAllocation {
  /** Final status items per EgressIP name. */
  readonly status: Map<string, EgressIPStatusItem[]>;
  /** Every event emitted on the way, per EgressIP name. */
  readonly events: Map<string, AssignmentEvent[]>;
  /** Number of passes until a fixed point (or the cap). */
  readonly passes: number;
}

/**
 * Runs the cluster manager's assignment (spec section 3) over every EgressIP until nothing changes, each
 * object's new status feeding the next one's input; pure, as the controller converges.
 */
export function allocateCluster(
  egressIPs: readonly EgressIP[],
  nodes: readonly Node[],
  reachable: ReadonlyMap<string, boolean> = new Map(),
  maxPasses = 10,
): ClusterAllocation {
  const inventory = buildNodeInventory(nodes);
  const names = egressIPs.map((e) => e.metadata.name ?? '').sort();
  const specs = new Map(egressIPs.map((e) => [e.metadata.name ?? '', e.spec.egressIPs ?? []]));
  const status = new Map(egressIPs.map((e) => [e.metadata.name ?? '', [...(e.status?.items ?? [])]]));
  const events = new Map<string, AssignmentEvent[]>(names.map((n) => [n, []]));
  const eligible = new Set(inventory.nodes.filter((n) => isEligible(n, reachable)).map((n) => n.name));
  const table = AllocationTable.build(
    names.map((n) => ({ name: n, items: status.get(n) ?? [] })),
    (node) => eligible.has(node),
  );
  let passes = 0;
  for (let changed = true; changed && passes < maxPasses; passes++) {
    changed = false;
    for (const name of names) {
      let result: AllocationResult;
      try {
        result = allocateEgressIP({
          name,
          specIPs: specs.get(name) ?? [],
          statusItems: status.get(name) ?? [],
          nodes: inventory.nodes,
          reachable,
          others: table,
          hostAddresses: inventory.hostAddresses,
        });
      } catch (err) {
        if (!(err instanceof InvalidEgressIPError)) throw err;
        events.get(name)?.push(err.event);
        continue;
      }
      events.get(name)?.push(...result.events);
      if (result.changed) {
        status.set(name, result.items);
        table.setOwner(name, result.items);
        changed = true;
      }
    }
  }
  return { status, events, passes };
}
