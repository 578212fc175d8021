// `ovnkit topology init`: the base topology ovn-kubernetes' other components create, for one NB
// (single zone), one interconnect zone (`--zone NODE`, with its SB), or several zones at once
// (`--zone-db NODE=NB --zone-sb NODE=SB`, written in parallel).
import { loadFromKubernetes, loadManifests } from '../cli/cluster-source.js';
import type { CommandContext, CommandSpec } from '../cli/command-spec.js';
import { InputDataError, UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import { openNb } from '../cli/nb-reader.js';
import { writeJson } from '../cli/output.js';
import { parseZonePairs, type ZoneRemote } from '../cli/zone-remotes.js';
import { clusterNetwork, networkOptions } from './other-commands.js';

const CMD = 'topology init';

interface ZoneTarget {
  readonly zone?: string;
  readonly nb: string;
  readonly sb?: string;
}

/** The NBs to write: one (`--db`, optionally a zone) or one per `--zone-db`. */
function targets(ctx: CommandContext): ZoneTarget[] {
  const o = ctx.options;
  const list = (name: string) => (Array.isArray(o[name]) ? (o[name] as string[]) : []);
  const zoneDbs = parseZonePairs(list('zone-db'), '--zone-db', CMD);
  const zoneSbs = new Map(parseZonePairs(list('zone-sb'), '--zone-sb', CMD).map((z) => [z.zone, z.remote]));
  const zone = typeof o.zone === 'string' ? o.zone : undefined;
  const sb = typeof o['sb-db'] === 'string' ? o['sb-db'] : undefined;
  if (zone !== undefined && zoneDbs.length > 0)
    throw new UsageError('give --zone or --zone-db, not both', CMD);
  if (zoneSbs.size > 0 && zoneDbs.length === 0) throw new UsageError('--zone-sb goes with --zone-db', CMD);
  if (sb !== undefined && zone === undefined) throw new UsageError('--sb-db goes with --zone', CMD);
  for (const z of zoneSbs.keys())
    if (!zoneDbs.some((d: ZoneRemote) => d.zone === z))
      throw new UsageError(`--zone-sb ${z}: no --zone-db for that zone`, CMD);
  if (zoneDbs.length > 0)
    return zoneDbs.map((d) => ({
      zone: d.zone,
      nb: d.remote,
      ...(zoneSbs.has(d.zone) ? { sb: zoneSbs.get(d.zone)! } : {}),
    }));
  return [{ ...(zone !== undefined ? { zone } : {}), nb: ctx.db.db, ...(sb !== undefined ? { sb } : {}) }];
}

/** `NODE=IP` pairs for tunnel endpoints that are not the node's InternalIP. */
function encapIps(ctx: CommandContext): Map<string, string> | undefined {
  const v = ctx.options['encap-ip'];
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return new Map(parseZonePairs(v, '--encap-ip', CMD).map((p) => [p.zone, p.remote]));
}

type InitResult = Awaited<ReturnType<typeof import('@ovnkit/egressip-controller')['topologyInit']>>;

function summary(t: ZoneTarget, r: InitResult): string {
  const nb = r.operations
    ? `${r.operations} operations in ${r.transactions} transaction`
    : 'already complete, nothing written';
  const remote = r.topology.remoteChassis.map((c) => c.node);
  const sb = remote.length
    ? `; SB: remote chassis ${remote.join(', ')} (${r.sbOperations ? `${r.sbOperations} operations` : 'already in place'})`
    : '';
  return `${t.zone !== undefined ? `zone ${t.zone}: ` : ''}topology: ${nb}${sb}\n`;
}

export const topologyInitCommand: CommandSpec = {
  path: ['topology', 'init'],
  summary: 'create the base OVN topology (switches, routers, join, gateways; transit switch per zone)',
  usage:
    'ovnkit [--db DB] topology init (--manifests DIR | --kube [--kubeconfig FILE]) [--zone NODE --sb-db SB | --zone-db NODE=NB... --zone-sb NODE=SB...] [--disable-snat-multiple-gws] [--encap-ip NODE=IP...] [--cluster-subnet CIDR/HP] [--join-subnet CIDR]',
  description:
    'Additive and idempotent (@ovnkit/egressip-controller topologyInit): a second run writes nothing.\n' +
    'With --zone NODE it builds one interconnect zone as ovn-kubernetes does: only the nodes whose\n' +
    'k8s.ovn.org/zone-name is NODE get switches and routers; the transit_switch gets a router port for them and a\n' +
    'remote port per other node (tunnel key = node id), the cluster router routes to the other nodes through\n' +
    "their transit IPs, and the zone's SB (--sb-db) gets the other nodes as remote chassis, their ports bound\n" +
    "to them (once the zone's ovn-northd has created the bindings). --zone-db/--zone-sb do that for several\n" +
    'zones at once, in parallel. --disable-snat-multiple-gws writes a node-IP SNAT per local pod instead of the\n' +
    "cluster-wide SNAT. Remote chassis tunnel to the node's InternalIP unless --encap-ip NODE=IP says otherwise.",
  options: {
    manifests: { type: 'string', value: 'DIR', help: 'Node (and Pod) objects from manifests' },
    kube: { type: 'boolean', help: 'Node (and Pod) objects from the Kubernetes API' },
    kubeconfig: { type: 'string', value: 'FILE', help: 'kubeconfig for --kube' },
    zone: { type: 'string', value: 'NODE', help: 'build this interconnect zone in the --db NB' },
    'sb-db': { type: 'string', value: 'SB', help: "with --zone: the zone's Southbound (remote chassis)" },
    'zone-db': {
      type: 'string',
      multiple: true,
      value: 'NODE=NB',
      help: 'a zone and its NB; repeat for several zones',
    },
    'zone-sb': { type: 'string', multiple: true, value: 'NODE=SB', help: "a zone's Southbound; repeat" },
    'disable-snat-multiple-gws': {
      type: 'boolean',
      help: 'per-pod node-IP SNAT instead of the cluster-wide SNAT (OpenShift)',
    },
    'encap-ip': {
      type: 'string',
      multiple: true,
      value: 'NODE=IP',
      help: "a node's tunnel endpoint when it is not its InternalIP; repeat",
    },
    ...networkOptions,
  },
  positionals: { min: 0, max: 0 },
  examples: [
    'ovnkit --db tcp:127.0.0.1:6641 topology init --manifests examples/simpsons',
    'ovnkit --db unix:/run/ovn/ovnnb_db.sock topology init --kube --zone ovn-worker --sb-db unix:/run/ovn/ovnsb_db.sock',
    'ovnkit topology init --manifests DIR --zone-db ovn-worker=unix:nb1.sock --zone-sb ovn-worker=unix:sb1.sock --zone-db ovn-worker2=unix:nb2.sock --zone-sb ovn-worker2=unix:sb2.sock --disable-snat-multiple-gws',
  ],
  async run(ctx) {
    const o = ctx.options;
    const kube = o.kube === true || typeof o.kubeconfig === 'string';
    if (kube === (typeof o.manifests === 'string'))
      throw new UsageError('give exactly one of --manifests DIR or --kube', CMD);
    const zones = targets(ctx);
    const encap = encapIps(ctx);
    const perPodSnat = o['disable-snat-multiple-gws'] === true;
    const cluster = kube
      ? await loadFromKubernetes({
          withPods: perPodSnat,
          withNodes: true,
          ...(typeof o.kubeconfig === 'string' ? { kubeconfig: o.kubeconfig } : {}),
        })
      : await loadManifests(o.manifests as string);
    if (cluster.nodes.length === 0)
      throw new InputDataError('no Node objects found: topology init needs the nodes (kind: Node)');
    const network = clusterNetwork(ctx);
    const mod = await import('@ovnkit/egressip-controller');
    type Opts = Parameters<typeof mod.topologyInit>[0];

    const initZone = async (t: ZoneTarget): Promise<InitResult> => {
      const nb = await openNb({ ...ctx.db, db: t.nb });
      const sb =
        t.sb !== undefined
          ? await openNb({ ...ctx.db, db: t.sb }).catch(async (err) => {
              await nb.close();
              throw err;
            })
          : undefined;
      try {
        return await mod.topologyInit({
          nb: mod.nbTransactorFromClient(nb),
          ...(sb ? { sb } : {}),
          nodes: cluster.nodes as Opts['nodes'],
          ...(t.zone !== undefined ? { zone: t.zone } : {}),
          ...(perPodSnat ? { perPodSnat, pods: cluster.pods as Opts['pods'] } : {}),
          ...(encap ? { encapIps: encap } : {}),
          ...(network ? { config: network } : {}),
        });
      } finally {
        await Promise.all([nb.close(), sb?.close()]);
      }
    };

    if (zones.length === 1) {
      const t = zones[0]!;
      const r = await initZone(t);
      if (ctx.format === 'json') writeJson(ctx.io, jsonOf(t, r));
      else ctx.io.stdout.write(summary(t, r));
      return EXIT.OK;
    }
    // Several zones: each is independent; one failing does not stop the others.
    const settled = await Promise.allSettled(zones.map(initZone));
    const json: unknown[] = [];
    settled.forEach((s, i) => {
      const t = zones[i]!;
      if (s.status === 'fulfilled') {
        json.push(jsonOf(t, s.value));
        if (ctx.format !== 'json') ctx.io.stdout.write(summary(t, s.value));
      } else {
        const message = s.reason instanceof Error ? s.reason.message : String(s.reason);
        json.push({ zone: t.zone, nb: t.nb, error: message });
        ctx.io.stderr.write(`ovnkit: zone ${t.zone} (${t.nb}): ${message}\n`);
      }
    });
    if (ctx.format === 'json') writeJson(ctx.io, json);
    return settled.every((s) => s.status === 'fulfilled') ? EXIT.OK : EXIT.FAILED;
  },
};

function jsonOf(t: ZoneTarget, r: InitResult) {
  return {
    ...(t.zone !== undefined ? { zone: t.zone } : {}),
    transactions: r.transactions,
    operations: r.operations,
    sbTransactions: r.sbTransactions,
    sbOperations: r.sbOperations,
    topology: r.topology,
  };
}
