// Node assignment for one EgressIP object (spec 3.2-3.3), as a pure function.
//
// ovn-kubernetes keeps a mutable allocator cache; here the same facts are rebuilt from the
// status items of every object on each call, so the result depends only on the inputs.
// Upstream's ties (Go map order) are broken by node name, and IPs are walked in spec order,
// which makes the result deterministic while staying one of the outcomes upstream can give.

import { compileSelector, InvalidSelectorError } from '../api/label-selector.js';
import type { EgressIP, EgressIPStatusItem } from '../api/types.js';
import { AllocationTable, type Claim } from './allocation-table.js';
import { type AssignmentEvent, assignmentMessages } from './assignment-events.js';
import { hostingNetwork, inPrimaryNetwork, secondaryNetworkContaining } from './hostable-network.js';
import { canonicalIp, parseIp } from './ip-address.js';
import type { NodeEgressInfo } from './node-egress-info.js';

/**
 * `spec.egressIPs` holds something that is not an IP (a bad string, a number, null), or a
 * selector cannot be evaluated: the whole object is rejected with a Warning event.
 */
export class InvalidEgressIPError extends Error {
  override readonly name = 'InvalidEgressIPError';
  /** The Warning event to record on the object. */
  readonly event: AssignmentEvent;
  constructor(
    readonly egressIP: string,
    readonly value: string,
    /** Set for problems other than an unparsable IP (the event then says this). */
    detail?: string,
  ) {
    super(detail ?? `unable to parse provided EgressIP: ${value}, invalid (EgressIP ${egressIP})`);
    this.event = detail
      ? assignmentMessages.invalidSelector(detail)
      : assignmentMessages.invalidEgressIP(egressIP, value);
  }
}

/** Both selectors must compile, as the API server's validation would demand. */
export function validateSelectors(name: string, spec: EgressIP['spec'] | undefined): void {
  for (const [field, sel] of [
    ['namespaceSelector', spec?.namespaceSelector],
    ['podSelector', spec?.podSelector],
  ] as const) {
    try {
      compileSelector(sel, `EgressIP ${name} ${field}`);
    } catch (err) {
      if (err instanceof InvalidSelectorError) throw new InvalidEgressIPError(name, field, err.message);
      throw err;
    }
  }
}

/**
 * What the assignment of one EgressIP reads: its spec IPs and status, the nodes, reachability and who holds
 * which IP.
 */
export interface AllocationInput {
  readonly name: string;
  /** `spec.egressIPs` as written by the user. */
  readonly specIPs: readonly string[];
  /** Current `status.items` of this object. */
  readonly statusItems: readonly EgressIPStatusItem[];
  /** Every node that has an allocator entry (parsed annotations, not hybrid overlay). */
  readonly nodes: readonly NodeEgressInfo[];
  /** Reachability verdicts; a node missing from the map counts as reachable. */
  readonly reachable: ReadonlyMap<string, boolean>;
  /**
   * Status items of every other EgressIP object, or an AllocationTable over all objects (built
   * with the same node eligibility) so repeated calls do not rescan every object.
   */
  readonly others:
    | AllocationTable
    | ReadonlyArray<{ readonly name: string; readonly items: readonly EgressIPStatusItem[] }>;
  /**
   * Host addresses (host-cidrs, mask dropped) of EVERY node in the cluster; `undefined` when a
   * node lacks a parsable annotation, which makes the conflict check fail as upstream does.
   */
  readonly hostAddresses: ReadonlyArray<{
    readonly node: string;
    readonly addresses: readonly string[] | undefined;
  }>;
}

/**
 * The outcome of assigning one EgressIP: the new status items, whether they changed, and the events to
 * record.
 */
export interface AllocationResult {
  /** The desired `status.items`: kept items first (status order), then new ones. */
  readonly items: EgressIPStatusItem[];
  /** Whether `items` differs from the input status (a patch is needed). */
  readonly changed: boolean;
  readonly events: AssignmentEvent[];
  /** Log lines explaining decisions (invalid items, aborted checks). */
  readonly notes: string[];
}

export function isEligible(info: NodeEgressInfo, reachable: ReadonlyMap<string, boolean>): boolean {
  return info.egressAssignable && info.ready && reachable.get(info.name) !== false;
}

/** Canonical spec IPs in spec order, duplicates removed; throws InvalidEgressIPError. */
export function validateSpecIPs(name: string, specIPs: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of specIPs as readonly unknown[]) {
    // The API server would refuse a non-string; manifests and hand-made objects may hold one.
    if (typeof raw !== 'string') throw new InvalidEgressIPError(name, String(raw));
    const ip = canonicalIp(raw);
    if (ip === undefined) throw new InvalidEgressIPError(name, raw);
    if (!out.includes(ip)) out.push(ip);
  }
  return out;
}

/** Other objects' claims as a lookup that ignores this object's own entries. */
function otherAllocations(input: AllocationInput, eligible: ReadonlyMap<string, NodeEgressInfo>) {
  const table =
    input.others instanceof AllocationTable
      ? input.others
      : AllocationTable.build(input.others, (n) => eligible.has(n));
  return {
    get: (ip: string): Claim | undefined => table.holder(ip, input.name),
    counts: () => table.countsExcluding(input.name),
  };
}

type Taken = ReturnType<typeof otherAllocations>;

function sameItems(a: readonly EgressIPStatusItem[], b: readonly EgressIPStatusItem[]): boolean {
  return a.length === b.length && a.every((x, i) => x.node === b[i]?.node && x.egressIP === b[i]?.egressIP);
}

/**
 * Compute the status of one EgressIP. Throws InvalidEgressIPError (carrying its Warning
 * event) when the spec holds an unparsable IP; nothing is assigned then.
 */
export function allocateEgressIP(input: AllocationInput): AllocationResult {
  const { name } = input;
  const events: AssignmentEvent[] = [];
  const notes: string[] = [];
  const specIPs = validateSpecIPs(name, input.specIPs);
  const byName = new Map(input.nodes.map((n) => [n.name, n]));
  const eligible = new Map(input.nodes.filter((n) => isEligible(n, input.reachable)).map((n) => [n.name, n]));
  const taken = otherAllocations(input, eligible);

  // 3.2 step 3: split the current status into valid and invalid items.
  const perNode = new Map<string, number>();
  for (const item of input.statusItems) perNode.set(item.node, (perNode.get(item.node) ?? 0) + 1);
  const kept: EgressIPStatusItem[] = [];
  const invalidIPs = new Set<string>();
  let removed = 0;
  for (const item of input.statusItems) {
    const ip = parseIp(item.egressIP);
    const canonical = canonicalIp(item.egressIP);
    const info = byName.get(item.node);
    const reason = !info
      ? 'node has no allocator entry'
      : (perNode.get(item.node) ?? 0) > 1
        ? 'node holds several IPs of this object'
        : !ip || canonical !== item.egressIP
          ? 'IP is not a canonical address'
          : !specIPs.includes(canonical)
            ? 'IP is no longer in the spec'
            : taken.get(canonical)
              ? `IP is allocated to EgressIP ${taken.get(canonical)?.owner}`
              : kept.some((k) => k.egressIP === canonical)
                ? 'IP is listed twice'
                : !eligible.has(item.node)
                  ? 'node is not labelled, ready and reachable'
                  : !hostingNetwork(info, ip)
                    ? 'node has no network that can host the IP'
                    : undefined;
    if (reason === undefined) {
      kept.push(item);
      continue;
    }
    removed++;
    notes.push(`status item ${item.egressIP} on ${item.node} is invalid: ${reason}`);
    if (canonical !== undefined) invalidIPs.add(canonical);
  }

  // 3.2 step 4: moves first; brand-new spec IPs wait until the removals have been written.
  const keptIPs = new Set(kept.map((k) => k.egressIP));
  let toAssign = specIPs.filter((ip) => !keptIPs.has(ip));
  if (removed > 0) toAssign = toAssign.filter((ip) => invalidIPs.has(ip));

  const added = toAssign.length > 0 ? assign(input, toAssign, kept, eligible, taken, events, notes) : [];
  const items = [...kept, ...added];
  return { items, changed: !sameItems(items, input.statusItems), events, notes };
}

/** 3.3 assignEgressIPs: fewest allocations first, one IP of an object per node. */
function assign(
  input: AllocationInput,
  ips: readonly string[],
  kept: readonly EgressIPStatusItem[],
  eligible: ReadonlyMap<string, NodeEgressInfo>,
  taken: Taken,
  events: AssignmentEvent[],
  notes: string[],
): EgressIPStatusItem[] {
  const { name } = input;
  const count = taken.counts();
  for (const k of kept) count.set(k.node, (count.get(k.node) ?? 0) + 1);
  // Sorted once per call, as upstream does; ties broken by name for determinism.
  const candidates = [...eligible.values()].sort(
    (a, b) =>
      (count.get(a.name) ?? 0) - (count.get(b.name) ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  if (candidates.length === 0) {
    events.push(assignmentMessages.noAssignableNodes(name));
    return [];
  }
  const added: EgressIPStatusItem[] = [];
  const ownNodes = new Set(kept.map((k) => k.node));
  let unplaced = 0;
  for (const ipText of ips) {
    const ip = parseIp(ipText);
    if (!ip) continue;
    const missing = input.hostAddresses.find((h) => h.addresses === undefined);
    if (missing) {
      // Upstream cannot run the conflict check and gives up on the rest of the list.
      notes.push(
        `cannot check ${ipText} for host IP conflicts: node ${missing.node} has no k8s.ovn.org/host-cidrs`,
      );
      break;
    }
    const conflict = input.hostAddresses.find((h) => h.addresses?.includes(ipText));
    if (conflict) {
      events.push(assignmentMessages.conflict(name, ipText, conflict.node));
      continue;
    }
    const owner = taken.get(ipText);
    if (owner) {
      events.push(assignmentMessages.alreadyAllocated(name, ipText, owner.owner, owner.node));
      continue;
    }
    // A secondary host network restricts the candidates to the nodes attached to it.
    const secondary = candidates.filter(
      (n) => !inPrimaryNetwork(n, ip) && secondaryNetworkContaining(n, ip) !== undefined,
    );
    const walk = secondary.length > 0 ? secondary : candidates;
    const chosen = walk.find((n) => !ownNodes.has(n.name) && hostingNetwork(n, ip) !== undefined);
    if (!chosen) {
      unplaced++;
      continue;
    }
    ownNodes.add(chosen.name);
    added.push({ node: chosen.name, egressIP: ipText });
  }
  if (unplaced > 0)
    events.push(
      added.length === 0 ? assignmentMessages.noMatchingNode(name, ips) : assignmentMessages.unassigned(name),
    );
  return added;
}
