// Which current NB rows belong to the EgressIP controller (and may therefore be changed or
// deleted by it). Shipped fix (spec 5.7 quirk 5): owner-type is always checked.
import { DEFAULT_NETWORK, EXT, OWNER_CONTROLLER, parsePodRowName } from '../render/ids.js';
import { FEATURE_GROUP, type RowGroup } from '../render/rows.js';

type Ids = Readonly<Record<string, string>>;

const ours = (ids: Ids, type: string) =>
  ids[EXT.ownerController] === OWNER_CONTROLLER && ids[EXT.ownerType] === type;

// No per-row cache here: the checks are two property reads, and the name parse is cached per
// distinct name (render/ids.ts), which both rows of a pod share; a WeakMap entry and an object
// per row cost more heap than they saved time.
/** EgressIP policies and QoS of the default network. */
export function ownsPolicy(ids: Ids): boolean {
  return ours(ids, 'EgressIP') && ids[EXT.network] === DEFAULT_NETWORK;
}

export function ownsNat(ids: Ids): boolean {
  return ours(ids, 'EgressIP');
}

/** egressip-served-pods and node-ips (both profiles); never the Egress Service set. */
export function ownsAddressSet(ids: Ids): boolean {
  if (ours(ids, 'EgressIP')) return ids[EXT.network] === DEFAULT_NETWORK || ids[EXT.network] === undefined;
  return ours(ids, 'ClusterNodeIPs');
}

/** Transaction group of a row: the EgressIP named in `<eip>_<ns>/<pod>`, else feature-level. */
export function groupOf(ids: Ids): RowGroup {
  return parsePodRowName(ids[EXT.name] ?? '')?.eip ?? FEATURE_GROUP;
}

/** `<ns>/<pod>` of a per-pod row, from its `<eip>_<ns>/<pod>` name. */
export function podKeyOfRow(ids: Ids): string | undefined {
  return parsePodRowName(ids[EXT.name] ?? '')?.key;
}
