// DbObjectIDs: the owner external_ids every row of ours carries (spec 4.0). The id joins the
// owner controller, the owner type and the key values in the owner type's fixed key order.
export const OWNER_CONTROLLER = 'default-network-controller';
export const DEFAULT_NETWORK = 'default';

export const EXT = {
  ownerController: 'k8s.ovn.org/owner-controller',
  ownerType: 'k8s.ovn.org/owner-type',
  name: 'k8s.ovn.org/name',
  id: 'k8s.ovn.org/id',
  priority: 'priority',
  ipFamily: 'ip-family',
  network: 'network',
} as const;

export type OwnerType = 'EgressIP' | 'EgressService' | 'ClusterNodeIPs';

/** Builds the external_ids for an owner type from its keys, in the order given. */
export function dbObjectIds(
  ownerType: OwnerType,
  keys: ReadonlyArray<readonly [string, string]>,
): Record<string, string> {
  const ids: Record<string, string> = {
    [EXT.ownerController]: OWNER_CONTROLLER,
    [EXT.ownerType]: ownerType,
  };
  for (const [k, v] of keys) ids[k] = v;
  ids[EXT.id] = [OWNER_CONTROLLER, ownerType, ...keys.map(([, v]) => v)].join(':');
  return ids;
}

export type PolicyFamily = 'ip4' | 'ip6' | 'ip';

/** external_ids of an EgressIP Logical_Router_Policy or QoS row (keys: priority, name, ip-family, network). */
export function policyIds(priority: number, name: string, family: PolicyFamily): Record<string, string> {
  return dbObjectIds('EgressIP', [
    [EXT.priority, String(priority)],
    [EXT.name, name],
    [EXT.ipFamily, family],
    [EXT.network, DEFAULT_NETWORK],
  ]);
}

/** external_ids of an EgressIP NAT row (keys: name, ip-family; no network). */
export function natIds(name: string, family: 'ip4' | 'ip6'): Record<string, string> {
  return dbObjectIds('EgressIP', [
    [EXT.name, name],
    [EXT.ipFamily, family],
  ]);
}

/** `<eip>_<namespace>/<pod>`: the name of per-pod rows. Kubernetes names cannot hold `_`. */
export function podRowName(eip: string, namespace: string, pod: string): string {
  return `${eip}_${namespace}/${pod}`;
}

/** Splits a per-pod row name; undefined when it is not `<eip>_<ns>/<pod>` shaped. */
const parsedNames = new Map<string, PodRowName | undefined>();
// One copy of each EgressIP name for all the parsed names that hold it.
const eipNames = new Map<string, string>();
const PARSED_NAMES_MAX = 200_000;

export interface PodRowName {
  readonly eip: string;
  /** `<namespace>/<pod>`, shared by every row of the pod. */
  readonly key: string;
}

export function parsePodRowName(name: string): PodRowName | undefined {
  // Every reconcile re-reads the names of all our rows; parsing each distinct name once pays.
  // The cache holds one small object per name (a converged controller keeps all of them), so it
  // keeps only what callers read: the EgressIP (shared) and the key (a slice of the name).
  const hit = parsedNames.get(name);
  if (hit !== undefined || parsedNames.has(name)) return hit;
  if (parsedNames.size >= PARSED_NAMES_MAX) {
    parsedNames.clear();
    eipNames.clear();
  }
  const parsed = parseName(name);
  parsedNames.set(name, parsed);
  return parsed;
}

function parseName(name: string): PodRowName | undefined {
  const sep = name.indexOf('_');
  if (sep <= 0 || name.indexOf('_', sep + 1) >= 0) return undefined;
  const slash = name.indexOf('/', sep + 1);
  if (slash <= sep + 1 || slash === name.length - 1 || name.indexOf('/', slash + 1) >= 0) return undefined;
  const eip = name.slice(0, sep);
  let shared = eipNames.get(eip);
  if (shared === undefined) {
    shared = eip;
    eipNames.set(eip, eip);
  }
  return Object.freeze({ eip: shared, key: name.slice(sep + 1) });
}
