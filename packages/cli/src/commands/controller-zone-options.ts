// `ovnkit controller` flags for interconnect zones and the deployment shapes (ovn-kubernetes'
// `--zone`, cluster-manager vs zone controller, `--disable-snat-multiple-gws`, IP modes),
// mapped onto the library's ControllerConfig / ClusterNetworkConfig fields.
import type { ControllerConfig } from '@ovnkit/egressip-controller';
import type { CommandContext } from '../cli/command-spec.js';
import { UsageError } from '../cli/errors.js';

export const ROLES = ['all', 'cluster-manager', 'zone'] as const;

export const zoneOptions = {
  role: {
    type: 'string',
    value: 'ROLE',
    help: 'all (default: assign, status, NB) | cluster-manager (assign and status only) | zone (NB rows of --zone only, status read)',
  },
  zone: {
    type: 'string',
    value: 'NODE',
    help: 'the interconnect zone --db serves (one NB per node; zone name = node name); default: one zone for all nodes',
  },
  'zone-db': {
    type: 'string',
    multiple: true,
    value: 'NODE=REMOTE',
    help: 'drive several zones from one process, assigning once; repeat per zone (instead of --db/--zone)',
  },
  'disable-snat-multiple-gws': {
    type: 'boolean',
    help: "per-pod node-IP SNATs: removed while an egress IP on the pod's own node serves it, restored after",
  },
  'ipv4-mode': {
    type: 'boolean',
    help: 'IPv4 rows on (with --ipv6-mode: the families are exactly those given)',
  },
  'ipv6-mode': { type: 'boolean', help: 'IPv6 rows on (default: the families of the cluster subnets)' },
  'no-feature-rows': {
    type: 'boolean',
    help: 'leave the feature-level rows (102 allow policies, node-ips set, QoS, catch-all route) to someone else',
  },
} as const;

const fail = (msg: string) => new UsageError(msg, 'controller');

/** The zone settings the flags give, and the network fields they add. */
export function zoneSettings(ctx: CommandContext): {
  readonly config: Pick<ControllerConfig, 'role' | 'zone' | 'zoneDbs'>;
  readonly network: Record<string, unknown>;
  /** false when the flags make the single `--db` remote irrelevant. */
  readonly usesDb: boolean;
} {
  const o = ctx.options;
  const role = o.role;
  if (role !== undefined && !(ROLES as readonly unknown[]).includes(role))
    throw fail(`--role: "${String(role)}" is not one of ${ROLES.join(', ')}`);
  const zone = typeof o.zone === 'string' ? o.zone : undefined;
  if (zone === '') throw fail('--zone: empty zone name');
  const zoneDbs = (Array.isArray(o['zone-db']) ? (o['zone-db'] as string[]) : []).map((v) => {
    const i = v.indexOf('=');
    if (i <= 0 || i === v.length - 1) throw fail(`--zone-db: "${v}" is not NODE=REMOTE`);
    return { zone: v.slice(0, i), remote: v.slice(i + 1) };
  });
  const seen = new Set<string>();
  for (const z of zoneDbs) {
    if (seen.has(z.zone)) throw fail(`--zone-db: zone ${z.zone} given twice`);
    seen.add(z.zone);
  }
  if (zoneDbs.length > 0 && zone !== undefined) throw fail('give --zone (with --db) or --zone-db, not both');
  if (role === 'cluster-manager' && (zone !== undefined || zoneDbs.length > 0))
    throw fail('--role cluster-manager writes no NB: drop --zone/--zone-db');
  if (role === 'zone' && zone === undefined && zoneDbs.length === 0)
    throw fail('--role zone needs --zone NODE (or --zone-db)');
  const network: Record<string, unknown> = {};
  if (o['disable-snat-multiple-gws'] === true) network.disableSnatMultipleGws = true;
  if (o['ipv4-mode'] === true || o['ipv6-mode'] === true) {
    network.ipv4Mode = o['ipv4-mode'] === true;
    network.ipv6Mode = o['ipv6-mode'] === true;
  }
  if (o['no-feature-rows'] === true) network.featureRows = false;
  return {
    config: {
      ...(role !== undefined ? { role: role as (typeof ROLES)[number] } : {}),
      ...(zone !== undefined ? { zone } : {}),
      ...(zoneDbs.length > 0 ? { zoneDbs } : {}),
    },
    network,
    usesDb: role !== 'cluster-manager' && zoneDbs.length === 0,
  };
}
