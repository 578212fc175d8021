// `ovn-nbctl show [SWITCH|ROUTER]` of OVN 23.03 (utilities/ovn-nbctl.c nbctl_show, print_ls,
// print_lr), reproduced byte for byte. Order rules:
//   - switches, then routers, each table in IDL iteration order (see ovs-order/idl-order.ts);
//   - ports and NATs in the order of the reference set, i.e. sorted by UUID;
//   - addresses and networks sorted bytewise (OVSDB keeps string sets sorted);
//   - gateway chassis in UUID order: print_lr sorts them by priority and name, but nbctl_pre_show
//     monitors only chassis_name, so both read as defaults and the (stable) sort keeps set order.
import { compareUtf8, idlOrderRows } from '../ovs-order/idl-order.js';
import { type NbRow, type NbSnapshot, num, optStr, SnapshotIndex, str, strList, strMap } from '../nb/snapshot.js';
import { findByNameOrUuid } from './lookup.js';

/** Tables and columns `show` reads (what nbctl_pre_show monitors). */
export const SHOW_COLUMNS = {
  Logical_Switch: ['name', 'external_ids', 'ports'],
  Logical_Switch_Port: ['name', 'external_ids', 'type', 'parent_name', 'tag', 'addresses', 'options'],
  Logical_Router: ['name', 'external_ids', 'ports', 'nat'],
  Logical_Router_Port: ['name', 'mac', 'networks', 'options', 'gateway_chassis'],
  Gateway_Chassis: ['chassis_name'],
  NAT: ['external_ip', 'external_port_range', 'logical_ip', 'type'],
} as const;

const sortedUuids = (uuids: readonly string[]): string[] => [...uuids].sort();
const sortedStrings = (xs: readonly string[]): string[] => [...xs].sort(compareUtf8);

function alias(externalIds: Readonly<Record<string, string>>, key: string): string {
  const a = externalIds[key];
  return a ? ` (aka ${a})` : '';
}

function quotedList(xs: readonly string[]): string {
  return `[${sortedStrings(xs).map((x) => `"${x}"`).join(', ')}]`;
}

/** One switch block, as print_ls writes it. */
export function renderSwitch(index: SnapshotIndex, ls: NbRow): string {
  let s = `switch ${ls._uuid} (${str(ls, 'name')})${alias(strMap(ls, 'external_ids'), 'neutron:network_name')}\n`;
  for (const uuid of sortedUuids(strList(ls, 'ports'))) {
    const lsp = index.get('Logical_Switch_Port', uuid);
    if (!lsp) continue; // the IDL drops references to rows it does not have
    s += `    port ${str(lsp, 'name')}${alias(strMap(lsp, 'external_ids'), 'neutron:port_name')}\n`;
    const type = str(lsp, 'type');
    if (type) s += `        type: ${type}\n`;
    const parent = optStr(lsp, 'parent_name');
    if (parent !== undefined) s += `        parent: ${parent}\n`;
    const tag = num(lsp, 'tag');
    if (tag !== undefined) s += `        tag: ${tag}\n`;
    const addresses = strList(lsp, 'addresses');
    // A lone "router" address is clutter, so ovn-nbctl leaves it out.
    if (addresses.length && !(addresses.length === 1 && addresses[0] === 'router')) {
      s += `        addresses: ${quotedList(addresses)}\n`;
    }
    const routerPort = strMap(lsp, 'options')['router-port'];
    if (routerPort !== undefined) s += `        router-port: ${routerPort}\n`;
  }
  return s;
}

function gatewayChassisNames(index: SnapshotIndex, uuids: readonly string[]): string[] {
  return sortedUuids(uuids)
    .map((u) => index.get('Gateway_Chassis', u))
    .filter((g): g is NbRow => g !== undefined)
    .map((g) => str(g, 'chassis_name'));
}

/** The NAT lines of a router block (also used by the egress-IP view). */
export function renderNat(nat: NbRow): string {
  let s = `    nat ${nat._uuid}\n        external ip: "${str(nat, 'external_ip')}"\n`;
  const range = str(nat, 'external_port_range');
  if (range) s += `        external port(s): "${range}"\n`;
  return `${s}        logical ip: "${str(nat, 'logical_ip')}"\n        type: "${str(nat, 'type')}"\n`;
}

export function renderRouterHeader(lr: NbRow): string {
  return `router ${lr._uuid} (${str(lr, 'name')})${alias(strMap(lr, 'external_ids'), 'neutron:router_name')}\n`;
}

/** One router block, as print_lr writes it. */
export function renderRouter(index: SnapshotIndex, lr: NbRow): string {
  let s = renderRouterHeader(lr);
  for (const uuid of sortedUuids(strList(lr, 'ports'))) {
    const lrp = index.get('Logical_Router_Port', uuid);
    if (!lrp) continue;
    s += `    port ${str(lrp, 'name')}\n        mac: "${str(lrp, 'mac')}"\n`;
    const networks = strList(lrp, 'networks');
    if (networks.length) s += `        networks: ${quotedList(networks)}\n`;
    const routeTable = strMap(lrp, 'options').route_table;
    if (routeTable !== undefined) s += `        route-table: ${routeTable}\n`;
    const gcs = strList(lrp, 'gateway_chassis');
    if (gcs.length) s += `        gateway chassis: [${gatewayChassisNames(index, gcs).join(' ')}]\n`;
  }
  for (const uuid of sortedUuids(strList(lr, 'nat'))) {
    const nat = index.get('NAT', uuid);
    if (nat) s += renderNat(nat);
  }
  return s;
}

/** The switches and routers `show [target]` prints, in print order. */
export function selectShown(index: SnapshotIndex, target?: string): { switches: NbRow[]; routers: NbRow[] } {
  if (target === undefined) {
    return { switches: idlOrderRows(index.rows('Logical_Switch')), routers: idlOrderRows(index.rows('Logical_Router')) };
  }
  // The switch lookup runs (and may fail) before the router lookup, as in nbctl_show.
  const ls = findByNameOrUuid(index, 'Logical_Switch', target, false);
  const lr = findByNameOrUuid(index, 'Logical_Router', target, false);
  return { switches: ls ? [ls] : [], routers: lr ? [lr] : [] };
}

/** The full text of `ovn-nbctl show [target]`. Throws AmbiguousNameError like ovn-nbctl. */
export function renderShow(snapshot: NbSnapshot | SnapshotIndex, target?: string): string {
  const index = snapshot instanceof SnapshotIndex ? snapshot : new SnapshotIndex(snapshot);
  const { switches, routers } = selectShown(index, target);
  const parts: string[] = [];
  for (const ls of switches) parts.push(renderSwitch(index, ls));
  for (const lr of routers) parts.push(renderRouter(index, lr));
  return parts.join('');
}
