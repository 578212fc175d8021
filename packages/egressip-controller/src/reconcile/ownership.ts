// Which current NB rows belong to the EgressIP controller (and may therefore be changed or
// deleted by it). Shipped fix (spec 5.7 quirk 5): owner-type is always checked.
import { DEFAULT_NETWORK, EXT, OWNER_CONTROLLER, parsePodRowName } from '../render/ids.js';
import { FEATURE_GROUP, type RowGroup } from '../render/rows.js';

type Ids = Readonly<Record<string, string>>;

const ours = (ids: Ids, type: string) =>
  ids[EXT.ownerController] === OWNER_CONTROLLER && ids[EXT.ownerType] === type;

interface IdsInfo {
  readonly policy: boolean;
  readonly nat: boolean;
  readonly group: RowGroup;
  readonly podKey: string | undefined;
}

// Replica rows (and their external_ids maps) are frozen and keep their identity while unchanged,
// so what a reconcile derives from them is computed once per map, not once per reconcile.
const infoCache = new WeakMap<Ids, IdsInfo>();

function info(ids: Ids): IdsInfo {
  let i = infoCache.get(ids);
  if (!i) {
    const parsed = parsePodRowName(ids[EXT.name] ?? '');
    i = {
      policy: ours(ids, 'EgressIP') && ids[EXT.network] === DEFAULT_NETWORK,
      nat: ours(ids, 'EgressIP'),
      group: parsed?.eip ?? FEATURE_GROUP,
      podKey: parsed ? `${parsed.namespace}/${parsed.pod}` : undefined,
    };
    infoCache.set(ids, i);
  }
  return i;
}

/** EgressIP policies and QoS of the default network. */
export function ownsPolicy(ids: Ids): boolean {
  return info(ids).policy;
}

export function ownsNat(ids: Ids): boolean {
  return info(ids).nat;
}

/** egressip-served-pods and node-ips (both profiles); never the Egress Service set. */
export function ownsAddressSet(ids: Ids): boolean {
  if (ours(ids, 'EgressIP')) return ids[EXT.network] === DEFAULT_NETWORK || ids[EXT.network] === undefined;
  return ours(ids, 'ClusterNodeIPs');
}

/** Transaction group of a row: the EgressIP named in `<eip>_<ns>/<pod>`, else feature-level. */
export function groupOf(ids: Ids): RowGroup {
  return info(ids).group;
}

/** `<ns>/<pod>` of a per-pod row, from its `<eip>_<ns>/<pod>` name. */
export function podKeyOfRow(ids: Ids): string | undefined {
  return info(ids).podKey;
}
