// EgressIP views: `egressip show IP` (NB rows behind one egress IP) and `egressip list`
// (the EgressIP objects as `kubectl get egressip` prints them).

import { type ClusterObjects, loadFromKubernetes, loadManifests } from '../cli/cluster-source.js';
import type { CommandContext, CommandSpec } from '../cli/command-spec.js';
import { UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import { paint } from '../cli/io.js';
import type { TableSelection } from '../cli/nb-reader.js';
import { writeJson } from '../cli/output.js';
import { ZONES_OPTION } from '../cli/zone-remotes.js';
import { buildEgressIpList, egressIpListText } from '../render/egress-ip.js';
import { egressIpShow } from './nb-commands.js';

/** What the egress-IP view reads from the NB. */
export const EGRESS_TABLES: TableSelection = {
  Logical_Router: ['name', 'external_ids', 'nat', 'policies', 'ports'],
  Logical_Router_Port: ['name', 'networks'],
  Logical_Router_Policy: 'all',
  NAT: 'all',
};

const sourceOptions = {
  manifests: {
    type: 'string',
    value: 'DIR',
    help: 'read EgressIP and Pod objects from YAML/JSON manifests (a directory or a file)',
  },
  'status-file': {
    type: 'string',
    value: 'FILE',
    help: 'read EgressIP objects (with status) from this YAML/JSON file',
  },
  kube: { type: 'boolean', help: 'read from the Kubernetes API (kubeconfig as kubectl finds it)' },
  kubeconfig: { type: 'string', value: 'FILE', help: 'kubeconfig to use with --kube' },
} as const;

/** Loads cluster objects from the source the options name; undefined when none is named and none is required. */
export async function loadClusterFor(
  ctx: CommandContext,
  opts: { withPods: boolean; required: boolean },
): Promise<ClusterObjects | undefined> {
  const o = ctx.options;
  const given = [
    typeof o.manifests === 'string',
    typeof o['status-file'] === 'string',
    o.kube === true || typeof o.kubeconfig === 'string',
  ].filter(Boolean).length;
  if (given > 1)
    throw new UsageError(
      'give only one of --manifests, --status-file, --kube',
      ctx.positionals.length ? 'egressip' : undefined,
    );
  if (typeof o.manifests === 'string') return loadManifests(o.manifests);
  if (typeof o['status-file'] === 'string') return loadManifests(o['status-file']);
  if (o.kube === true || typeof o.kubeconfig === 'string' || opts.required) {
    return loadFromKubernetes({
      withPods: opts.withPods,
      ...(typeof o.kubeconfig === 'string' ? { kubeconfig: o.kubeconfig } : {}),
    });
  }
  return undefined;
}

export const egressIpShowCommand: CommandSpec = {
  path: ['egressip', 'show'],
  summary: 'show the gateway router, NAT, reroute policies and pods behind an egress IP',
  usage: 'ovnkit egressip show IP [--manifests DIR|--status-file FILE|--kube] [--zones NODE=NB,...]',
  description:
    'Finds every router holding an SNAT for IP (printed as `show` prints it), the priority-100 reroute policies on\n' +
    "ovn_cluster_router whose nexthop is that router's join IP (rtoj-<router>), and the pod of each logical IP\n" +
    "(from the controller's external_ids k8s.ovn.org/name, or from the given cluster objects). Exit code 1 when the\n" +
    'NB holds nothing for IP. Interconnect: with one NB per zone (--db repeated, or --zones NODE=NB,...) every zone\n' +
    'is read in parallel and printed under a heading naming it (NB_Global name, or the NODE given); a zone whose\n' +
    "reroutes lead to another zone's node lists them too. An unreachable zone is reported in its block.",
  options: { ...sourceOptions, ...ZONES_OPTION },
  positionals: { min: 1, max: 1 },
  examples: [
    'ovnkit egressip show 192.168.126.100',
    'ovnkit egressip show 192.168.126.100 --manifests examples/simpsons',
    'ovnkit egressip show fd00::100 --format json',
    'ovnkit --db unix:nb1.sock --db unix:nb2.sock egressip show 192.168.126.100',
  ],
  run: (ctx) => egressIpShow(ctx, ctx.positionals[0]!),
};

export const egressIpListCommand: CommandSpec = {
  path: ['egressip', 'list'],
  summary: 'list EgressIP objects and their assignment, as kubectl get egressip',
  usage: 'ovnkit egressip list [--manifests DIR|--status-file FILE|--kube]',
  description:
    'Columns NAME, EGRESSIPS, ASSIGNED NODE, ASSIGNED EGRESSIPS (first value of each, as kubectl shows the\nCRD printer columns). Without a source option, reads the Kubernetes API. --format json gives every value.',
  options: sourceOptions,
  positionals: { min: 0, max: 0 },
  examples: [
    'ovnkit egressip list --manifests examples/simpsons',
    'ovnkit egressip list --status-file status.yaml --format json',
    'ovnkit egressip list --kube',
  ],
  async run(ctx) {
    const cluster = (await loadClusterFor(ctx, { withPods: false, required: true }))!;
    const rows = buildEgressIpList(cluster);
    if (ctx.format === 'json') {
      writeJson(ctx.io, rows);
      return EXIT.OK;
    }
    if (rows.length === 0) {
      ctx.io.stderr.write('No resources found\n');
      return EXIT.OK;
    }
    const [head, ...rest] = egressIpListText(rows).split('\n');
    ctx.io.stdout.write(`${paint(ctx.color, 1, head!)}\n${rest.join('\n')}`);
    return EXIT.OK;
  },
};
