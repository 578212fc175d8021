// The egress-IP view across interconnect zones: every zone NB (`--db` repeated, or
// `--zones NODE=REMOTE,...`) is read in parallel and printed as its own block under a heading
// naming the zone. A zone that cannot be read is reported in its block; the others still print.
import type { CommandContext } from '../cli/command-spec.js';
import { classifyError, UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import { paint } from '../cli/io.js';
import { withNb } from '../cli/nb-reader.js';
import { writeJson } from '../cli/output.js';
import { parseZoneList, type ZoneRemote } from '../cli/zone-remotes.js';
import { type NbSnapshot, str, strList } from '../nb/snapshot.js';
import { buildEgressIpView, type EgressIpView, egressIpOwners, egressIpText } from '../render/egress-ip.js';
import { EGRESS_TABLES, loadClusterFor } from './egressip-commands.js';

/** The zone NBs named on the command line, or undefined for the single-NB view. */
export function zonesOf(
  ctx: CommandContext,
  command: string,
): Array<{ zone?: string; remote: string }> | undefined {
  const list = ctx.options.zones;
  if (typeof list === 'string') {
    if (ctx.dbs.length > 1) throw new UsageError('give --zones or several --db, not both', command);
    return parseZoneList(list, '--zones', command) as ZoneRemote[];
  }
  return ctx.dbs.length > 1 ? ctx.dbs.map((remote) => ({ remote })) : undefined;
}

type ZoneBlock =
  | { zone: string; remote: string; view: EgressIpView }
  | { zone: string; remote: string; error: string };

/** Transit IP -> node, from the zone's `remote` transit-switch ports (`tstor-<node>`, "mac ip/16 ..."). */
function transitNexthops(snapshot: NbSnapshot): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of snapshot.Logical_Switch_Port ?? []) {
    const name = str(p, 'name');
    if (str(p, 'type') !== 'remote' || !name.startsWith('tstor-')) continue;
    for (const a of strList(p, 'addresses'))
      for (const word of a.split(' ').slice(1)) out[word.split('/')[0]!] = name.slice('tstor-'.length);
  }
  return out;
}

export async function egressIpShowZones(
  ctx: CommandContext,
  ip: string,
  zones: ReadonlyArray<{ zone?: string; remote: string }>,
): Promise<number> {
  const [cluster, reads] = await Promise.all([
    loadClusterFor(ctx, { withPods: true, required: false }),
    Promise.allSettled(
      zones.map((z) =>
        withNb(
          { ...ctx.db, db: z.remote },
          { ...EGRESS_TABLES, NB_Global: ['name'], Logical_Switch_Port: ['name', 'type', 'addresses'] },
        ),
      ),
    ),
  ]);
  // The SNAT rows of one zone name the EgressIP whose reroutes the other zones hold.
  const owners = new Set<string>();
  for (const r of reads)
    if (r.status === 'fulfilled') for (const o of egressIpOwners(r.value.snapshot, ip)) owners.add(o);
  for (const e of cluster?.egressIPs ?? [])
    if ((e.spec.egressIPs ?? []).includes(ip)) owners.add(e.metadata.name);

  const blocks: ZoneBlock[] = reads.map((r, i) => {
    const z = zones[i]!;
    if (r.status === 'rejected') {
      const zone = z.zone ?? z.remote;
      return { zone, remote: z.remote, error: classifyError(r.reason, z.remote).message };
    }
    const nbName = r.value.snapshot.NB_Global?.[0] ? str(r.value.snapshot.NB_Global[0], 'name') : '';
    const zone = z.zone ?? (nbName || z.remote);
    const view = buildEgressIpView(r.value.snapshot, ip, cluster, { ownerEips: owners });
    const remoteNodes = transitNexthops(r.value.snapshot);
    if (Object.keys(remoteNodes).length) view.nexthopNodes = remoteNodes;
    return { zone, remote: z.remote, view };
  });
  // Without cluster objects, the egress node is the one whose zone holds the SNAT.
  const egressNode = blocks
    .flatMap((b) => ('view' in b ? b.view.routers : []))
    .find((r) => r.name.startsWith('GR_'));
  for (const b of blocks)
    if (
      'view' in b &&
      b.view.egressIPObject?.source === 'nb' &&
      b.view.egressIPObject.assignedNode === null &&
      egressNode
    )
      b.view.egressIPObject.assignedNode = egressNode.name.slice(3);

  if (ctx.format === 'json') writeJson(ctx.io, { egressIP: ip, zones: blocks });
  else
    ctx.io.stdout.write(
      blocks
        .map((b) => {
          const head = paint(ctx.color, 1, `=== zone ${b.zone} (${b.remote}) ===`);
          return `${head}\n${'view' in b ? egressIpText(b.view) : `unreachable: ${b.error}\n`}`;
        })
        .join('\n'),
    );
  for (const b of blocks)
    if ('error' in b) ctx.io.stderr.write(`ovnkit: zone ${b.zone} unreachable: ${b.error}\n`);
  const views = blocks.flatMap((b) => ('view' in b ? [b.view] : []));
  if (views.length === 0) return EXIT.CANNOT_CONNECT;
  return views.some((v) => v.routers.length || v.policies.length) ? EXIT.OK : EXIT.FAILED;
}
