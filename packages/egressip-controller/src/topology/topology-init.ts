// topologyInit: creates (or completes) the base topology for the given nodes in one transaction.
// Additive and idempotent: existing rows are matched by name (routes and NATs by their fields),
// only differing columns are updated, nothing is deleted; a second run writes nothing.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { connect, type OvsdbClient } from '@ovnkit/ovsdb';
import { insertOp, mutateOp, updateOp, type WireOperation } from '../nb/operations.js';
import { nbTransactorFromClient } from '../nb/ovsdb-transactor.js';
import { readNbSnapshot } from '../nb/read-snapshot.js';
import type { NbSnapshot } from '../nb/snapshot.js';
import { checkResults, type NbTransactor } from '../nb/transactor.js';
import { type NamedRef, namedRef, type SchemaJson, uuidSet } from '../nb/wire.js';
import { changedColumns } from '../reconcile/compare.js';
import { type ClusterNetworkConfig, resolveClusterConfig } from '../render/config.js';
import { bindRemotePorts, ensureRemoteChassis } from './remote-chassis.js';
import {
  renderTopology,
  type Topology,
  TopologyInputError,
  type TopologyOptions,
  type TopoRouter,
  type TopoSwitch,
} from './topology-rows.js';
import { lostZoneNameRace, zoneNameOps } from './zone-name.js';

/** Options of {@link topologyInit}. */
export interface TopologyInitOptions {
  /** The NB to write to: a transactor (e.g. NbConnection.nb) ... */
  readonly nb?: NbTransactor;
  /** ... or an NB remote (`unix:/path`, `tcp:host:port`, ...) to connect to for this call. */
  readonly remote?: string | readonly string[];
  readonly nodes: readonly V1Node[];
  readonly config?: Partial<ClusterNetworkConfig>;
  /** Build one interconnect zone (`--zone NODE`): its nodes local, the others remote. */
  readonly zone?: string;
  /** Per-pod node-IP SNAT instead of the cluster-wide SNAT (`--disable-snat-multiple-gws`). */
  readonly perPodSnat?: boolean;
  /** Pods for the per-pod SNAT (only their local, eligible ones get a row). */
  readonly pods?: readonly V1Pod[];
  /** Tunnel endpoints of remote nodes by node name, when not their InternalIP. */
  readonly encapIps?: ReadonlyMap<string, string>;
  /** Interconnect: the zone's SB, as a client or a remote, for the remote chassis. */
  readonly sb?: OvsdbClient;
  readonly sbRemote?: string | readonly string[];
  /** How long to wait for ovn-northd to create the remote ports' bindings (default 30 s). */
  readonly bindTimeoutMs?: number;
}

/** What {@link topologyInit} wrote, and the topology it ensured. */
export interface TopologyInitResult {
  /** NB write transactions; 0 when the topology was already complete. */
  readonly transactions: number;
  readonly operations: number;
  /** SB write transactions and operations (remote chassis and port bindings). */
  readonly sbTransactions: number;
  readonly sbOperations: number;
  readonly topology: Topology;
}

/**
 * Builds (or completes) the base topology for `nodes`. Throws InvalidNodeAnnotationError /
 * TopologyInputError / InvalidClusterConfigError before touching the NB when an input is bad,
 * and the client's error (e.g. ConnectError, an OvsdbServerError) when the NB refuses.
 */
export async function topologyInit(opts: TopologyInitOptions): Promise<TopologyInitResult> {
  const config = resolveClusterConfig(opts.config);
  const renderOpts: TopologyOptions = {
    ...(opts.zone !== undefined ? { zone: opts.zone } : {}),
    ...(opts.perPodSnat ? { perPodSnat: true, pods: opts.pods ?? [] } : {}),
    ...(opts.encapIps ? { encapIps: opts.encapIps } : {}),
  };
  const topology = renderTopology(opts.nodes, config, renderOpts);
  if (topology.remoteChassis.length > 0 && !opts.sb && opts.sbRemote === undefined)
    throw new TopologyInputError(
      `zone ${opts.zone}: the remote chassis (${topology.remoteChassis.map((c) => c.node).join(', ')}) go into the zone's SB: give \`sb\` or \`sbRemote\``,
    );
  const opened: OvsdbClient[] = [];
  try {
    let nb = opts.nb;
    if (!nb) {
      if (opts.remote === undefined) throw new TopologyInputError('topologyInit needs `nb` or `remote`');
      const c = await connect({ remote: opts.remote });
      opened.push(c);
      nb = nbTransactorFromClient(c);
    }
    let sb = opts.sb;
    if (!sb && opts.sbRemote !== undefined && topology.remoteChassis.length > 0) {
      sb = await connect({ remote: opts.sbRemote });
      opened.push(sb);
    }
    // The chassis first, so that ovn-northd finds them when it sees the remote ports'
    // requested-chassis; the bindings last, once northd has created them.
    const remotes = sb ? topology.remoteChassis : [];
    const chassisOps = sb && remotes.length ? await ensureRemoteChassis(sb, remotes) : 0;
    const nbResult = await applyTopology(nb, topology);
    const bindOps =
      sb && remotes.length ? await bindRemotePorts(sb, remotes, opts.bindTimeoutMs ?? 30_000) : 0;
    return {
      ...nbResult,
      sbTransactions: (chassisOps ? 1 : 0) + (bindOps ? 1 : 0),
      sbOperations: chassisOps + bindOps,
      topology,
    };
  } finally {
    await Promise.all(opened.map((c) => c.close()));
  }
}

/** Attempts at the NB transaction when NB_Global changes under it (see zone-name.ts). */
const ZONE_NAME_ATTEMPTS = 3;

async function applyTopology(
  nb: NbTransactor,
  topology: Topology,
): Promise<{ transactions: number; operations: number }> {
  const schema = await nb.schema();
  for (let attempt = 1; ; attempt++) {
    const snapshot = await readNbSnapshot(nb, schema);
    const ops = diffTopology(schema, topology, snapshot);
    const zoneAt = ops.length;
    if (topology.zone !== undefined) ops.push(...(await zoneNameOps(nb, topology.zone)));
    if (ops.length === 0) return { transactions: 0, operations: 0 };
    try {
      checkResults(ops, await nb.transact(ops));
      return { transactions: 1, operations: ops.length };
    } catch (err) {
      // NB_Global appeared (ovn-northd starting) or went since we read it; nothing was written.
      if (attempt < ZONE_NAME_ATTEMPTS && lostZoneNameRace(err, zoneAt)) continue;
      throw err;
    }
  }
}

/** Maps merge: our keys win, keys set by others stay. */
const merged = (
  cur: Readonly<Record<string, string>> | undefined,
  want: Readonly<Record<string, string>>,
) => ({ ...(cur ?? {}), ...want });

class TxnBuilder {
  readonly ops: WireOperation[] = [];
  #n = 0;
  constructor(readonly schema: SchemaJson) {}
  insert(table: string, row: object): NamedRef {
    const ref = namedRef(`t${this.#n++}`);
    this.ops.push(insertOp(this.schema, table, row, ref));
    return ref;
  }
  update(table: string, uuid: string, columns: Record<string, unknown>): void {
    if (Object.keys(columns).length > 0) this.ops.push(updateOp(this.schema, table, uuid, columns));
  }
  link(table: string, uuid: string, column: string, refs: ReadonlyArray<string | NamedRef>): void {
    if (refs.length > 0) this.ops.push(mutateOp(table, uuid, [[column, 'insert', uuidSet(refs)]]));
  }
}

export function diffTopology(schema: SchemaJson, topology: Topology, snapshot: NbSnapshot): WireOperation[] {
  const b = new TxnBuilder(schema);
  const lsps = new Map(snapshot.Logical_Switch_Port.map((p) => [p.name, p]));
  const lrps = new Map(snapshot.Logical_Router_Port.map((p) => [p.name, p]));
  const switches = new Map(snapshot.Logical_Switch.map((s) => [s.name, s]));
  const routers = new Map(snapshot.Logical_Router.map((r) => [r.name, r]));
  const routes = new Map(snapshot.Logical_Router_Static_Route.map((r) => [r._uuid, r]));
  const nats = new Map(snapshot.NAT.map((n) => [n._uuid, n]));

  for (const sw of topology.switches) ensureSwitch(b, sw, switches.get(sw.name), lsps);
  for (const r of topology.routers) ensureRouter(b, r, routers.get(r.name), lrps, routes, nats);
  return b.ops;
}

function ensureSwitch(
  b: TxnBuilder,
  sw: TopoSwitch,
  cur: NbSnapshot['Logical_Switch'][number] | undefined,
  lsps: Map<string, NbSnapshot['Logical_Switch_Port'][number]>,
): void {
  const newRefs: Array<string | NamedRef> = [];
  for (const p of sw.ports) {
    const have = lsps.get(p.name);
    if (!have) {
      newRefs.push(b.insert('Logical_Switch_Port', p));
      continue;
    }
    b.update(
      'Logical_Switch_Port',
      have._uuid,
      changedColumns(
        ['type', 'addresses', 'options', 'external_ids'],
        {
          ...p,
          options: merged(have.options, p.options),
          external_ids: merged(have.external_ids, p.external_ids ?? {}),
        },
        have,
      ),
    );
    if (!cur?.ports.includes(have._uuid)) newRefs.push(have._uuid);
  }
  if (!cur) {
    b.insert('Logical_Switch', { name: sw.name, other_config: sw.other_config, ports: newRefs });
    return;
  }
  b.update(
    'Logical_Switch',
    cur._uuid,
    changedColumns(['other_config'], { other_config: merged(cur.other_config, sw.other_config) }, cur),
  );
  b.link('Logical_Switch', cur._uuid, 'ports', newRefs);
}

function ensureRouter(
  b: TxnBuilder,
  r: TopoRouter,
  cur: NbSnapshot['Logical_Router'][number] | undefined,
  lrps: Map<string, NbSnapshot['Logical_Router_Port'][number]>,
  routes: Map<string, NbSnapshot['Logical_Router_Static_Route'][number]>,
  nats: Map<string, NbSnapshot['NAT'][number]>,
): void {
  const portRefs: Array<string | NamedRef> = [];
  for (const p of r.ports) {
    const have = lrps.get(p.name);
    if (!have) {
      portRefs.push(b.insert('Logical_Router_Port', p));
      continue;
    }
    b.update(
      'Logical_Router_Port',
      have._uuid,
      changedColumns(
        ['mac', 'networks', 'options'],
        { ...p, options: merged(have.options, p.options ?? {}) },
        have,
      ),
    );
    if (!cur?.ports.includes(have._uuid)) portRefs.push(have._uuid);
  }
  const ownRoutes = (cur?.static_routes ?? []).map((u) => routes.get(u)).filter((x) => x !== undefined);
  const routeRefs: NamedRef[] = [];
  for (const rt of r.routes) {
    const exists = ownRoutes.some(
      (o) =>
        o.ip_prefix === rt.ip_prefix &&
        o.nexthop === rt.nexthop &&
        (o.policy ?? 'dst-ip') === (rt.policy ?? 'dst-ip'),
    );
    if (!exists) routeRefs.push(b.insert('Logical_Router_Static_Route', rt));
  }
  const ownNats = (cur?.nat ?? []).map((u) => nats.get(u)).filter((x) => x !== undefined);
  const natRefs: NamedRef[] = [];
  for (const n of r.nats) {
    const exists = ownNats.some(
      (o) => o.type === n.type && o.external_ip === n.external_ip && o.logical_ip === n.logical_ip,
    );
    if (!exists) natRefs.push(b.insert('NAT', n));
  }
  if (!cur) {
    b.insert('Logical_Router', {
      name: r.name,
      options: r.options,
      external_ids: r.external_ids,
      ports: portRefs,
      static_routes: routeRefs,
      nat: natRefs,
    });
    return;
  }
  b.update(
    'Logical_Router',
    cur._uuid,
    changedColumns(
      ['options', 'external_ids'],
      { options: merged(cur.options, r.options), external_ids: merged(cur.external_ids, r.external_ids) },
      cur,
    ),
  );
  b.link('Logical_Router', cur._uuid, 'ports', portRefs);
  b.link('Logical_Router', cur._uuid, 'static_routes', routeRefs);
  b.link('Logical_Router', cur._uuid, 'nat', natRefs);
}
