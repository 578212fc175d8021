// ovn-nbctl compatible read commands: show, lr-nat-list, lr-policy-list, list, find.

import { type NativeAtom as Atom, type ColumnType, datumPairs, maxOf, type NativeValue } from '@ovnkit/ovsdb';
import type { CommandContext, CommandSpec } from '../cli/command-spec.js';
import { UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import { type NbRead, type TableSelection, withNb } from '../cli/nb-reader.js';
import { writeJson } from '../cli/output.js';
import { ZONES_OPTION } from '../cli/zone-remotes.js';
import { SnapshotIndex } from '../nb/snapshot.js';
import { fromBytes } from '../ovsdb-text/c-format.js';
import {
  type ListResult,
  renderListResult,
  resolveTable,
  selectFind,
  selectList,
} from '../render/db-list.js';
import { buildEgressIpView, egressIpText } from '../render/egress-ip.js';
import {
  renderNatListBytes,
  renderPolicyListBytes,
  selectNatList,
  selectPolicyList,
} from '../render/lr-lists.js';
import { buildShowModel, SHOW_COLUMNS, showText } from '../render/show.js';
import { EGRESS_TABLES, loadClusterFor } from './egressip-commands.js';
import { egressIpShowZones, zonesOf } from './egressip-zones.js';

const NB_TABLE_NAMES = [
  'ACL',
  'Address_Set',
  'BFD',
  'Connection',
  'Copp',
  'DHCP_Options',
  'DNS',
  'Forwarding_Group',
  'Gateway_Chassis',
  'HA_Chassis',
  'HA_Chassis_Group',
  'Load_Balancer',
  'Load_Balancer_Group',
  'Load_Balancer_Health_Check',
  'Logical_Router',
  'Logical_Router_Policy',
  'Logical_Router_Port',
  'Logical_Router_Static_Route',
  'Logical_Switch',
  'Logical_Switch_Port',
  'Meter',
  'Meter_Band',
  'NAT',
  'NB_Global',
  'Port_Group',
  'QoS',
  'SSL',
  'Static_MAC_Binding',
];

export const showCommand: CommandSpec = {
  path: ['show'],
  summary: 'print an overview of the Northbound database, exactly as ovn-nbctl show',
  usage:
    'ovnkit show [SWITCH|ROUTER] [--egress-ip IP [--manifests DIR|--status-file FILE|--kube] [--zones NODE=NB,...]]',
  description:
    'With no argument prints every logical switch and router; with SWITCH or ROUTER (name or UUID) only that one.\n' +
    'The text is byte-identical to ovn-nbctl show of OVN 23.03. With --egress-ip, prints the egress-IP view instead\n' +
    '(same as `ovnkit egressip show IP`); with several zone NBs (--db repeated or --zones) one block per zone.',
  options: {
    'egress-ip': {
      type: 'string',
      value: 'IP',
      help: 'show the routers, policies and pods behind this egress IP',
    },
    manifests: {
      type: 'string',
      value: 'DIR',
      help: 'with --egress-ip: read EgressIP and Pod objects from YAML/JSON manifests',
    },
    'status-file': {
      type: 'string',
      value: 'FILE',
      help: 'with --egress-ip: read EgressIP objects (with status) from this file',
    },
    kube: {
      type: 'boolean',
      help: 'with --egress-ip: read EgressIP and Pod objects from the Kubernetes API',
    },
    kubeconfig: { type: 'string', value: 'FILE', help: 'kubeconfig for --kube (default: as kubectl)' },
    ...ZONES_OPTION,
  },
  positionals: { min: 0, max: 1 },
  examples: [
    'ovnkit show',
    'ovnkit --db tcp:127.0.0.1:6641 show ovn_cluster_router',
    'ovnkit show --format json',
    'ovnkit show --egress-ip 192.168.126.100 --manifests ./manifests',
    'ovnkit show --egress-ip 192.168.126.100 --zones ovn-worker=unix:nb1.sock,ovn-worker2=unix:nb2.sock',
  ],
  async run(ctx) {
    const eip = ctx.options['egress-ip'];
    if (typeof eip === 'string') {
      if (ctx.positionals.length) throw new UsageError('--egress-ip takes no SWITCH|ROUTER argument', 'show');
      return egressIpShow(ctx, eip);
    }
    const { snapshot } = await withNb(ctx.db, SHOW_COLUMNS as unknown as TableSelection, ctx.io.early);
    const model = buildShowModel(snapshot, ctx.positionals[0]);
    if (ctx.format === 'json') writeJson(ctx.io, model);
    else ctx.io.stdout.write(showText(model));
    return EXIT.OK;
  },
};

export async function egressIpShow(ctx: CommandContext, ip: string): Promise<number> {
  const zones = zonesOf(ctx, ctx.positionals.length ? 'egressip show' : 'show');
  if (zones) return egressIpShowZones(ctx, ip, zones);
  const [{ snapshot }, cluster] = await Promise.all([
    withNb(ctx.db, EGRESS_TABLES),
    loadClusterFor(ctx, { withPods: true, required: false }),
  ]);
  const view = buildEgressIpView(snapshot, ip, cluster);
  if (ctx.format === 'json') writeJson(ctx.io, view);
  else ctx.io.stdout.write(egressIpText(view));
  return view.routers.length || view.policies.length ? EXIT.OK : EXIT.FAILED;
}

export const natListCommand: CommandSpec = {
  path: ['lr-nat-list'],
  summary: 'print the NATs of a router, exactly as ovn-nbctl lr-nat-list',
  usage: 'ovnkit lr-nat-list ROUTER',
  options: {},
  positionals: { min: 1, max: 1 },
  examples: ['ovnkit lr-nat-list GR_worker-0', 'ovnkit lr-nat-list GR_worker-0 --format json'],
  async run(ctx) {
    const { snapshot } = await withNb(ctx.db, {
      Logical_Router: ['name', 'nat'],
      NAT: [
        'type',
        'external_ip',
        'external_port_range',
        'logical_ip',
        'external_mac',
        'logical_port',
        'gateway_port',
      ],
      Logical_Router_Port: ['name'],
    });
    const entries = selectNatList(new SnapshotIndex(snapshot), ctx.positionals[0]!);
    if (ctx.format === 'json') writeJson(ctx.io, entries);
    else ctx.io.stdout.write(fromBytes(renderNatListBytes(entries)));
    return EXIT.OK;
  },
};

export const policyListCommand: CommandSpec = {
  path: ['lr-policy-list'],
  summary: 'print the routing policies of a router, exactly as ovn-nbctl lr-policy-list',
  usage: 'ovnkit lr-policy-list ROUTER',
  options: {},
  positionals: { min: 1, max: 1 },
  examples: [
    'ovnkit lr-policy-list ovn_cluster_router',
    'ovnkit lr-policy-list ovn_cluster_router --format json',
  ],
  async run(ctx) {
    const { snapshot } = await withNb(ctx.db, {
      Logical_Router: ['name', 'policies'],
      Logical_Router_Policy: ['priority', 'match', 'nexthops', 'action', 'options'],
    });
    const entries = selectPolicyList(new SnapshotIndex(snapshot), ctx.positionals[0]!);
    if (ctx.format === 'json') writeJson(ctx.io, entries);
    else ctx.io.stdout.write(fromBytes(renderPolicyListBytes(entries)));
    return EXIT.OK;
  },
};

function jsonValue(v: NativeValue, type: ColumnType): unknown {
  const pairs = datumPairs(v, type);
  const atom = (a: Atom): unknown => (typeof a === 'bigint' ? a.toString() : a);
  if (type.value)
    return type.key.type === 'string'
      ? Object.fromEntries(pairs.map(([k, x]) => [String(k), atom(x!)]))
      : pairs.map(([k, x]) => [atom(k), atom(x!)]);
  if (maxOf(type) > 1) return pairs.map(([k]) => atom(k));
  return pairs.length ? atom(pairs[0]![0]) : null;
}

function writeList(ctx: CommandContext, res: ListResult): number {
  if (ctx.format === 'json') {
    writeJson(
      ctx.io,
      res.rows.map((r) =>
        Object.fromEntries(
          res.columns.map((c) => [c, c === '_uuid' ? r._uuid : jsonValue(r[c], res.table.columns[c]!)]),
        ),
      ),
    );
  } else {
    ctx.io.stdout.write(renderListResult(res, ctx.options.bare === true));
  }
  return EXIT.OK;
}

const listOptions = {
  columns: { type: 'string', value: 'COLUMN[,COLUMN...]', help: 'show only these columns (_uuid allowed)' },
  bare: { type: 'boolean', help: 'print values only, without column names' },
} as const;

function readTable(ctx: CommandContext): Promise<NbRead> {
  // The table name may be abbreviated, so resolve it against the server's schema, as db-ctl does.
  return withNb(ctx.db, (schema) => ({ [resolveTable(schema, ctx.positionals[0]!).name]: 'all' }));
}

export const listCommand: CommandSpec = {
  path: ['list'],
  summary: 'list records of a table, exactly as ovn-nbctl list',
  usage: 'ovnkit list TABLE [RECORD...] [--columns=COLUMNS] [--bare] [--if-exists]',
  options: { ...listOptions, 'if-exists': { type: 'boolean', help: 'skip RECORDs that do not exist' } },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  examples: [
    'ovnkit list NAT',
    'ovnkit list Logical_Router ovn_cluster_router --columns=name,policies',
    'ovnkit --format json list Address_Set',
  ],
  completes: NB_TABLE_NAMES,
  async run(ctx) {
    const { schema, snapshot } = await readTable(ctx);
    const opts = {
      ...(typeof ctx.options.columns === 'string' ? { columns: ctx.options.columns } : {}),
      ifExists: ctx.options['if-exists'] === true,
    };
    return writeList(ctx, selectList(schema, snapshot, ctx.positionals[0]!, ctx.positionals.slice(1), opts));
  },
};

export const findCommand: CommandSpec = {
  path: ['find'],
  summary: 'list records of a table that match conditions, exactly as ovn-nbctl find',
  usage:
    'ovnkit find TABLE [COLUMN[:KEY]{=,!=,<,>,<=,>=,{=},{!=},{<},{>},{<=},{>=},{in},{not-in}}VALUE...] [--columns=COLUMNS] [--bare]',
  options: listOptions,
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  examples: [
    'ovnkit find NAT type=snat',
    'ovnkit find Logical_Router_Policy priority=100 --columns=match,nexthops',
    'ovnkit find NAT external_ids:k8s.ovn.org/owner-type=EgressIP --bare --columns=logical_ip',
  ],
  completes: NB_TABLE_NAMES,
  async run(ctx) {
    const { schema, snapshot } = await readTable(ctx);
    const opts = typeof ctx.options.columns === 'string' ? { columns: ctx.options.columns } : {};
    return writeList(ctx, selectFind(schema, snapshot, ctx.positionals[0]!, ctx.positionals.slice(1), opts));
  },
};
