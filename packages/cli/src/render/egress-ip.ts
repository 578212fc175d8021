// The egress-IP view: which gateway router SNATs an egress IP, which reroute policies send pod
// traffic there, which pods those are, and (given cluster objects) the EgressIP object behind it.

import type { ClusterObjects } from '../cli/cluster-source.js';
import { podIPs } from '../cli/cluster-source.js';
import { type NbRow, type NbSnapshot, SnapshotIndex, str, strList, strMap } from '../nb/snapshot.js';
import { idlOrderRows } from '../ovs-order/idl-order.js';
import { normalizePrefix } from './ip-normalize.js';
import { type PolicyListEntry, renderPolicyLineBytes } from './lr-lists.js';
import { natModel, natText, routerHeaderText, type ShowNat } from './show.js';

export const CLUSTER_ROUTER = 'ovn_cluster_router';
export const REROUTE_PRIORITY = 100;
const NAME_KEY = 'k8s.ovn.org/name';

/** A gateway router holding an SNAT for the egress IP, with its join IP and NAT rows. */
export interface EgressIpRouter {
  uuid: string;
  name: string;
  alias: string | null;
  nat: ShowNat[];
  /** The router's join IP of the egress IP's family (port rtoj-<router>), the reroute nexthop. */
  joinIp: string | null;
}
/** A pod served by an egress IP: its IP, name, and where the name came from (NB rows or cluster objects). */
export interface EgressIpPod {
  logicalIp: string;
  namespace: string | null;
  name: string | null;
  /** Where the pod name came from: the NB row's external_ids or the cluster objects. */
  source: 'nb' | 'cluster' | null;
}
/** The EgressIP object behind an egress IP: its name, spec IPs, node, and where it was read. */
export interface EgressIpObjectInfo {
  name: string;
  egressIPs: string[];
  assignedNode: string | null;
  source: 'nb' | 'cluster';
}
/**
 * Everything behind one egress IP: gateway routers with its SNATs, reroute policies, pods and the EgressIP
 * object.
 */
export interface EgressIpView {
  egressIP: string;
  routers: EgressIpRouter[];
  policies: Array<PolicyListEntry & { router: string }>;
  pods: EgressIpPod[];
  egressIPObject: EgressIpObjectInfo | null;
  /** Interconnect: the node behind a nexthop that is another zone's transit-switch port. */
  nexthopNodes?: Record<string, string>;
}

const canon = (ip: string): string => normalizePrefix(ip) ?? ip;
const isV6 = (ip: string): boolean => ip.includes(':');
const bareIp = (cidr: string): string => cidr.split('/')[0]!;

/** `<eip>_<ns>/<pod>` → its parts (Kubernetes names cannot contain '_', so the split is safe). */
export function parseOwnerName(
  v: string | undefined,
): { eip: string; namespace: string; pod: string } | undefined {
  const m = v ? /^([^_]+)_([^/]+)\/(.+)$/.exec(v) : null;
  return m ? { eip: m[1]!, namespace: m[2]!, pod: m[3]! } : undefined;
}

/** Options of {@link buildEgressIpView}. */
export interface EgressIpViewOptions {
  /**
   * Interconnect zones: EgressIP names whose reroute policies belong to this IP even when their
   * nexthop is another zone's transit IP (the zone's own routers hold no SNAT for it then).
   */
  readonly ownerEips?: ReadonlySet<string>;
}

/** The EgressIP names on the SNAT rows of `egressIP` (what ownerEips of the other zones is built from). */
export function egressIpOwners(snapshot: NbSnapshot | SnapshotIndex, egressIP: string): string[] {
  const index = snapshot instanceof SnapshotIndex ? snapshot : new SnapshotIndex(snapshot);
  const want = canon(egressIP);
  return index
    .rows('NAT')
    .filter((n) => str(n, 'type') === 'snat' && canon(str(n, 'external_ip')) === want)
    .map((n) => parseOwnerName(strMap(n, 'external_ids')[NAME_KEY])?.eip)
    .filter((x): x is string => x !== undefined);
}

const POLICY_SOURCE = /^ip[46]\.src == (\S+)$/;

/**
 * Builds the `egressip show` view of `egressIP` from NB rows, plus cluster objects when given (pod names, the
 * EgressIP object).
 */
export function buildEgressIpView(
  snapshot: NbSnapshot | SnapshotIndex,
  egressIP: string,
  cluster?: ClusterObjects,
  opts: EgressIpViewOptions = {},
): EgressIpView {
  const index = snapshot instanceof SnapshotIndex ? snapshot : new SnapshotIndex(snapshot);
  const want = canon(egressIP);
  const matches = (nat: NbRow): boolean =>
    str(nat, 'type') === 'snat' && canon(str(nat, 'external_ip')) === want;
  const routers: EgressIpRouter[] = [];
  const natRows: NbRow[] = [];
  for (const lr of idlOrderRows(index.rows('Logical_Router'))) {
    const nats = [...strList(lr, 'nat')]
      .sort()
      .map((u) => index.get('NAT', u))
      .filter((n): n is NbRow => n !== undefined && matches(n));
    if (nats.length === 0) continue;
    natRows.push(...nats);
    const name = str(lr, 'name');
    const rtoj = strList(lr, 'ports')
      .map((u) => index.get('Logical_Router_Port', u))
      .find((p) => p && str(p, 'name') === `rtoj-${name}`);
    const join = rtoj
      ? strList(rtoj, 'networks')
          .map(bareIp)
          .find((ip) => isV6(ip) === isV6(want))
      : undefined;
    routers.push({
      uuid: lr._uuid,
      name,
      alias: strMap(lr, 'external_ids')['neutron:router_name'] || null,
      nat: nats.map(natModel),
      joinIp: join ?? null,
    });
  }

  const nexthops = new Set(
    routers
      .map((r) => r.joinIp)
      .filter((x): x is string => x !== null)
      .map(canon),
  );
  const policies: EgressIpView['policies'] = [];
  const policyRows: NbRow[] = [];
  for (const lr of idlOrderRows(index.rows('Logical_Router')).filter(
    (r) => str(r, 'name') === CLUSTER_ROUTER,
  )) {
    for (const u of [...strList(lr, 'policies')].sort()) {
      const p = index.get('Logical_Router_Policy', u);
      if (!p || Number(p.priority) !== REROUTE_PRIORITY || str(p, 'action') !== 'reroute') continue;
      const owner = parseOwnerName(strMap(p, 'external_ids')[NAME_KEY]);
      const ownedHere =
        owner !== undefined &&
        opts.ownerEips?.has(owner.eip) === true &&
        str(p, 'match').startsWith(isV6(want) ? 'ip6.' : 'ip4.');
      if (!ownedHere && !strList(p, 'nexthops').some((nh) => nexthops.has(canon(nh)))) continue;
      policyRows.push(p);
      policies.push({
        router: CLUSTER_ROUTER,
        uuid: p._uuid,
        priority: Number(p.priority),
        match: str(p, 'match'),
        action: str(p, 'action'),
        nexthops: [...strList(p, 'nexthops')].sort(),
        options: strMap(p, 'options'),
      });
    }
  }

  const pods: EgressIpPod[] = [];
  const seen = new Set<string>();
  for (const nat of natRows) {
    const ip = str(nat, 'logical_ip');
    if (seen.has(ip)) continue;
    seen.add(ip);
    const owner = parseOwnerName(strMap(nat, 'external_ids')[NAME_KEY]);
    if (owner) {
      pods.push({ logicalIp: ip, namespace: owner.namespace, name: owner.pod, source: 'nb' });
      continue;
    }
    const pod = cluster?.pods.find((p) => podIPs(p).some((x) => canon(x) === canon(bareIp(ip))));
    pods.push(
      pod
        ? {
            logicalIp: ip,
            namespace: pod.metadata.namespace ?? null,
            name: pod.metadata.name,
            source: 'cluster',
          }
        : { logicalIp: ip, namespace: null, name: null, source: null },
    );
  }

  // In a zone whose pods egress through another zone's node, the pods are known from the policies.
  if (opts.ownerEips)
    for (const p of policyRows) {
      const ip = POLICY_SOURCE.exec(str(p, 'match'))?.[1];
      const owner = parseOwnerName(strMap(p, 'external_ids')[NAME_KEY]);
      if (!ip || !owner || seen.has(ip)) continue;
      seen.add(ip);
      pods.push({ logicalIp: ip, namespace: owner.namespace, name: owner.pod, source: 'nb' });
    }

  let egressIPObject: EgressIpObjectInfo | null = null;
  const obj = cluster?.egressIPs.find((e) => (e.spec.egressIPs ?? []).some((x) => canon(x) === want));
  if (obj) {
    const item = (obj.status?.items ?? []).find((i) => canon(i.egressIP) === want);
    egressIPObject = {
      name: obj.metadata.name,
      egressIPs: [...(obj.spec.egressIPs ?? [])],
      assignedNode: item?.node ?? null,
      source: 'cluster',
    };
  } else {
    // Without cluster objects, the NB rows still say which EgressIP owns them and where it egresses.
    const owner = [...natRows, ...policyRows]
      .map((r) => parseOwnerName(strMap(r, 'external_ids')[NAME_KEY]))
      .find((o) => o);
    const gr = routers.find((r) => r.name.startsWith('GR_'));
    if (owner)
      egressIPObject = {
        name: owner.eip,
        egressIPs: [egressIP],
        assignedNode: gr ? gr.name.slice(3) : null,
        source: 'nb',
      };
  }
  return { egressIP, routers, policies, pods, egressIPObject };
}

/** The view as text; router and NAT blocks are exactly as `show` prints them. */
export function egressIpText(v: EgressIpView): string {
  let s = `Egress IP ${v.egressIP}\n`;
  if (v.routers.length === 0) s += '  no router has an SNAT for this IP\n';
  for (const r of v.routers) s += routerHeaderText(r) + r.nat.map(natText).join('');
  const joinHops = v.routers.map((r) => r.joinIp).filter((x) => x);
  // No local router holds the SNAT (another zone's node egresses): name the policies' nexthops.
  const hops = (joinHops.length ? joinHops : [...new Set(v.policies.flatMap((p) => p.nexthops))]).map((h) =>
    h && v.nexthopNodes?.[h] ? `${h} = ${v.nexthopNodes[h]}'s transit switch port` : h,
  );
  s += `\nReroute policies on ${CLUSTER_ROUTER} (priority ${REROUTE_PRIORITY}, nexthop ${hops.length ? hops.join(', ') : 'unknown'}):\n`;
  if (v.policies.length === 0) s += '  none\n';
  s += v.policies.map((p) => Buffer.from(renderPolicyLineBytes(p), 'latin1').toString('utf8')).join('');
  s += '\nPods:\n';
  if (v.pods.length === 0) s += '  none\n';
  for (const p of v.pods)
    s += `  ${p.logicalIp.padEnd(20)} ${p.name ? `${p.namespace}/${p.name}` : '(unknown pod)'}\n`;
  if (v.egressIPObject) {
    const o = v.egressIPObject;
    s += `\nEgressIP ${o.name}: egressIPs [${o.egressIPs.join(', ')}], assigned node ${o.assignedNode ?? '(none)'}${o.source === 'nb' ? ' (from NB rows)' : ''}\n`;
  }
  return s;
}

/** One row of `egressip list`, with every value of the multi-valued columns. */
export interface EgressIpListRow {
  name: string;
  egressIPs: string[];
  assignedNodes: string[];
  assignedEgressIPs: string[];
}

/** The rows of `egressip list` (as `kubectl get egressip` shows them), sorted by name. */
export function buildEgressIpList(cluster: ClusterObjects): EgressIpListRow[] {
  return [...cluster.egressIPs]
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0))
    .map((e) => ({
      name: e.metadata.name,
      egressIPs: [...(e.spec.egressIPs ?? [])],
      assignedNodes: (e.status?.items ?? []).map((i) => i.node),
      assignedEgressIPs: (e.status?.items ?? []).map((i) => i.egressIP),
    }));
}

/**
 * `kubectl get egressip` layout: the CRD's printer columns; the API server's table converter
 * shows only the first value a `[*]` JSONPath finds; columns padded, three spaces apart.
 */
export function egressIpListText(rows: readonly EgressIpListRow[]): string {
  if (rows.length === 0) return 'No resources found\n';
  const table = [
    ['NAME', 'EGRESSIPS', 'ASSIGNED NODE', 'ASSIGNED EGRESSIPS'],
    ...rows.map((r) => [
      r.name,
      r.egressIPs[0] ?? '',
      r.assignedNodes[0] ?? '',
      r.assignedEgressIPs[0] ?? '',
    ]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  return (
    table
      .map((row) =>
        row
          .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]! + 3)))
          .join('')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
