// `ovn-nbctl show [SWITCH|ROUTER]` of OVN 23.03 (utilities/ovn-nbctl.c nbctl_show, print_ls,
// print_lr), reproduced byte for byte. The rows are first gathered into a ShowModel (also the
// `--format json` output), then printed. Order rules:
//   - switches, then routers, each table in IDL iteration order (see ovs-order/idl-order.ts);
//   - ports and NATs in the order of the reference set, i.e. sorted by UUID;
//   - addresses and networks sorted bytewise (OVSDB keeps string sets sorted);
//   - gateway chassis in UUID order: print_lr sorts them by priority and name, but nbctl_pre_show
//     monitors only chassis_name, so both read as defaults and the (stable) sort keeps set order.

import { compareUtf8 } from '@ovnkit/ovsdb';
import {
  type NbRow,
  type NbSnapshot,
  num,
  optStr,
  SnapshotIndex,
  str,
  strList,
  strMap,
} from '../nb/snapshot.js';
import { idlOrderRows } from '../ovs-order/idl-order.js';
import { findByNameOrUuid } from './lookup.js';

export { SHOW_COLUMNS } from './show-columns.js';

/** A switch port of `show`: type, addresses, router port. */
export interface ShowSwitchPort {
  name: string;
  alias: string | null;
  type: string;
  parent: string | null;
  tag: number | null;
  /** null when ovn-nbctl hides them (none, or a lone "router"). */
  addresses: string[] | null;
  routerPort: string | null;
}
/** A switch of `show` and its ports. */
export interface ShowSwitch {
  uuid: string;
  name: string;
  alias: string | null;
  ports: ShowSwitchPort[];
}
/** A router port of `show`: MAC, networks, gateway chassis. */
export interface ShowRouterPort {
  name: string;
  mac: string;
  networks: string[];
  routeTable: string | null;
  gatewayChassis: string[];
}
/** A NAT of a router as `show` prints it. */
export interface ShowNat {
  uuid: string;
  externalIp: string;
  externalPortRange: string;
  logicalIp: string;
  type: string;
}
/** A router of `show`: its ports and NATs. */
export interface ShowRouter {
  uuid: string;
  name: string;
  alias: string | null;
  ports: ShowRouterPort[];
  nat: ShowNat[];
}
/** The switches and routers of `show`, in ovn-nbctl's print order. */
export interface ShowModel {
  switches: ShowSwitch[];
  routers: ShowRouter[];
}

const sortedUuids = (uuids: readonly string[]): string[] =>
  uuids.length < 2 ? (uuids as string[]) : [...uuids].sort();
const sortedStrings = (xs: readonly string[]): string[] =>
  xs.length < 2 ? (xs as string[]) : [...xs].sort(compareUtf8);
const aliasOf = (r: NbRow, key: string): string | null => strMap(r, 'external_ids')[key] || null;

export function switchModel(index: SnapshotIndex, ls: NbRow): ShowSwitch {
  const ports: ShowSwitchPort[] = [];
  for (const uuid of sortedUuids(strList(ls, 'ports'))) {
    const lsp = index.get('Logical_Switch_Port', uuid);
    if (!lsp) continue; // the IDL drops references to rows it does not have
    const addresses = strList(lsp, 'addresses');
    const tag = num(lsp, 'tag');
    ports.push({
      name: str(lsp, 'name'),
      alias: aliasOf(lsp, 'neutron:port_name'),
      type: str(lsp, 'type'),
      parent: optStr(lsp, 'parent_name') ?? null,
      tag: tag === undefined ? null : Number(tag),
      // A lone "router" address is clutter, so ovn-nbctl leaves it out.
      addresses:
        addresses.length && !(addresses.length === 1 && addresses[0] === 'router')
          ? sortedStrings(addresses)
          : null,
      routerPort: strMap(lsp, 'options')['router-port'] ?? null,
    });
  }
  return { uuid: ls._uuid, name: str(ls, 'name'), alias: aliasOf(ls, 'neutron:network_name'), ports };
}

export function natModel(nat: NbRow): ShowNat {
  return {
    uuid: nat._uuid,
    externalIp: str(nat, 'external_ip'),
    externalPortRange: str(nat, 'external_port_range'),
    logicalIp: str(nat, 'logical_ip'),
    type: str(nat, 'type'),
  };
}

export function routerModel(
  index: SnapshotIndex,
  lr: NbRow,
  natFilter?: (nat: NbRow) => boolean,
): ShowRouter {
  const ports: ShowRouterPort[] = [];
  for (const uuid of sortedUuids(strList(lr, 'ports'))) {
    const lrp = index.get('Logical_Router_Port', uuid);
    if (!lrp) continue;
    ports.push({
      name: str(lrp, 'name'),
      mac: str(lrp, 'mac'),
      networks: sortedStrings(strList(lrp, 'networks')),
      routeTable: strMap(lrp, 'options').route_table ?? null,
      gatewayChassis: sortedUuids(strList(lrp, 'gateway_chassis'))
        .map((u) => index.get('Gateway_Chassis', u))
        .filter((g): g is NbRow => g !== undefined)
        .map((g) => str(g, 'chassis_name')),
    });
  }
  const nat = sortedUuids(strList(lr, 'nat'))
    .map((u) => index.get('NAT', u))
    .filter((n): n is NbRow => n !== undefined && (!natFilter || natFilter(n)))
    .map(natModel);
  return { uuid: lr._uuid, name: str(lr, 'name'), alias: aliasOf(lr, 'neutron:router_name'), ports, nat };
}

const aka = (alias: string | null): string => (alias ? ` (aka ${alias})` : '');
const quotedList = (xs: readonly string[]): string =>
  xs.length === 1 ? `["${xs[0]}"]` : `["${xs.join('", "')}"]`;

// Text is built as a list of pieces joined once: big databases give megabytes of output.
function pushSwitch(out: string[], ls: ShowSwitch): void {
  out.push('switch ', ls.uuid, ' (', ls.name, ')', aka(ls.alias), '\n');
  for (const p of ls.ports) {
    out.push('    port ', p.name, aka(p.alias), '\n');
    if (p.type) out.push('        type: ', p.type, '\n');
    if (p.parent !== null) out.push('        parent: ', p.parent, '\n');
    if (p.tag !== null) out.push('        tag: ', String(p.tag), '\n');
    if (p.addresses) out.push('        addresses: ', quotedList(p.addresses), '\n');
    if (p.routerPort !== null) out.push('        router-port: ', p.routerPort, '\n');
  }
}

export function switchText(ls: ShowSwitch): string {
  const out: string[] = [];
  pushSwitch(out, ls);
  return out.join('');
}

export function natText(n: ShowNat): string {
  let s = `    nat ${n.uuid}\n        external ip: "${n.externalIp}"\n`;
  if (n.externalPortRange) s += `        external port(s): "${n.externalPortRange}"\n`;
  return `${s}        logical ip: "${n.logicalIp}"\n        type: "${n.type}"\n`;
}

export function routerHeaderText(lr: Pick<ShowRouter, 'uuid' | 'name' | 'alias'>): string {
  return `router ${lr.uuid} (${lr.name})${aka(lr.alias)}\n`;
}

export function routerText(lr: ShowRouter): string {
  let s = routerHeaderText(lr);
  for (const p of lr.ports) {
    s += `    port ${p.name}\n        mac: "${p.mac}"\n`;
    if (p.networks.length) s += `        networks: ${quotedList(p.networks)}\n`;
    if (p.routeTable !== null) s += `        route-table: ${p.routeTable}\n`;
    if (p.gatewayChassis.length) s += `        gateway chassis: [${p.gatewayChassis.join(' ')}]\n`;
  }
  return s + lr.nat.map(natText).join('');
}

/** What `show [target]` prints. Throws AmbiguousNameError like ovn-nbctl. */
export function buildShowModel(snapshot: NbSnapshot | SnapshotIndex, target?: string): ShowModel {
  const index = snapshot instanceof SnapshotIndex ? snapshot : new SnapshotIndex(snapshot);
  let switches: NbRow[];
  let routers: NbRow[];
  if (target === undefined) {
    switches = idlOrderRows(index.rows('Logical_Switch'));
    routers = idlOrderRows(index.rows('Logical_Router'));
  } else {
    // The switch lookup runs (and may fail) before the router lookup, as in nbctl_show.
    const ls = findByNameOrUuid(index, 'Logical_Switch', target, false);
    const lr = findByNameOrUuid(index, 'Logical_Router', target, false);
    switches = ls ? [ls] : [];
    routers = lr ? [lr] : [];
  }
  return {
    switches: switches.map((ls) => switchModel(index, ls)),
    routers: routers.map((lr) => routerModel(index, lr)),
  };
}

/** `ovn-nbctl show` text of a model built by `buildShowModel`. */
export function showText(model: ShowModel): string {
  const out: string[] = [];
  for (const ls of model.switches) pushSwitch(out, ls);
  for (const lr of model.routers) out.push(routerText(lr));
  return out.join('');
}

/** The full text of `ovn-nbctl show [target]`. */
export function renderShow(snapshot: NbSnapshot | SnapshotIndex, target?: string): string {
  return showText(buildShowModel(snapshot, target));
}
