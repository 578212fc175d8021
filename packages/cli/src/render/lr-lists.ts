// `lr-nat-list ROUTER` and `lr-policy-list ROUTER` of ovn-nbctl 23.03 (nbctl_lr_nat_list,
// nbctl_lr_policy_list), byte for byte: printf widths count bytes (see ovsdb-text/c-format.ts).

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
import { hmapOrder } from '../ovs-order/hmap-order.js';
import { smapKeyOrder } from '../ovs-order/idl-order.js';
import { ovsHashBytes } from '../ovs-order/ovs-hash.js';
import { cpad, toBytes } from '../ovsdb-text/c-format.js';
import { normalizePrefix } from './ip-normalize.js';
import { findByNameOrUuid } from './lookup.js';

const s13 = (x: string, w = 17): string => cpad(toBytes(x), w, { left: true, precision: w - 4 });

export interface NatListEntry {
  readonly type: string;
  readonly gatewayPort: string;
  readonly externalIp: string;
  readonly externalPortRange: string;
  readonly logicalIp: string;
  readonly externalMac?: string;
  readonly logicalPort?: string;
}

/** The NATs of `router` in the order lr-nat-list prints them. */
export function selectNatList(index: SnapshotIndex, router: string): NatListEntry[] {
  const lr = findByNameOrUuid(index, 'Logical_Router', router, true)!;
  const rows = [...strList(lr, 'nat')]
    .sort()
    .map((u) => index.get('NAT', u))
    .filter((n): n is NbRow => n !== undefined);
  const entries = rows.map((nat) => {
    const gw = optStr(nat, 'gateway_port');
    const gwRow = gw ? index.get('Logical_Router_Port', gw) : undefined;
    const mac = optStr(nat, 'external_mac');
    const lport = optStr(nat, 'logical_port');
    const both = mac !== undefined && lport !== undefined;
    const e: NatListEntry = {
      type: str(nat, 'type'),
      gatewayPort: gwRow ? str(gwRow, 'name') : '',
      externalIp: str(nat, 'external_ip'),
      externalPortRange: str(nat, 'external_port_range'),
      logicalIp: str(nat, 'logical_ip'),
      ...(both ? { externalMac: mac, logicalPort: lport } : {}),
    };
    return { key: natKey(e), e };
  });
  // ovn-nbctl puts the lines in an smap keyed by the first three fields and sorts it with glibc's
  // (stable) qsort, so equal keys keep smap (hmap) order.
  return hmapOrder(entries, (x) => ovsHashBytes(Buffer.from(x.key, 'latin1')))
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => compareBytes(a.key, b.key) || a.i - b.i)
    .map((x) => x.e);
}

// The smap key is a C string built from byte-truncated fields; compare it as bytes.
function natKey(e: NatListEntry): string {
  return (
    s13(e.type) + cpad(toBytes(e.gatewayPort), 22, { left: true, precision: 18 }) + toBytes(e.externalIp)
  );
}
const compareBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** lr-nat-list output as a byte string (latin1: one char per byte). */
export function renderNatListBytes(entries: readonly NatListEntry[]): string {
  if (entries.length === 0) return '';
  let out = `${s13('TYPE')}${cpad('GATEWAY_PORT', 22, { left: true, precision: 18 })}${cpad('EXTERNAL_IP', 19, { left: true, precision: 15 })}${s13('EXTERNAL_PORT')}${cpad('LOGICAL_IP', 20, { left: true, precision: 16 })}${cpad('EXTERNAL_MAC', 21, { left: true, precision: 17 })}LOGICAL_PORT\n`;
  for (const e of entries) {
    const value =
      e.externalMac !== undefined
        ? s13(e.externalPortRange) +
          cpad(toBytes(e.logicalIp), 20, { left: true, precision: 16 }) +
          cpad(toBytes(e.externalMac), 21, { left: true, precision: 17 }) +
          toBytes(e.logicalPort ?? '')
        : s13(e.externalPortRange) + toBytes(e.logicalIp);
    out += `${cpad(natKey(e), 58, { left: true, precision: 54 })}${value}\n`;
  }
  return out;
}

/** One logical router policy as `lr-policy-list` prints it. */
export interface PolicyListEntry {
  readonly uuid: string;
  readonly priority: number | bigint;
  readonly match: string;
  readonly action: string;
  readonly nexthops: readonly string[];
  readonly options: Readonly<Record<string, string>>;
}

/** The policies of `router` in lr-policy-list order: priority high first, then match bytewise. */
export function selectPolicyList(index: SnapshotIndex, router: string): PolicyListEntry[] {
  const lr = findByNameOrUuid(index, 'Logical_Router', router, true)!;
  return [...strList(lr, 'policies')]
    .sort()
    .map((u) => index.get('Logical_Router_Policy', u))
    .filter((p): p is NbRow => p !== undefined)
    .map((p) => ({
      uuid: p._uuid,
      priority: num(p, 'priority') ?? 0,
      match: str(p, 'match'),
      action: str(p, 'action'),
      nexthops: [...strList(p, 'nexthops')].sort(compareUtf8),
      options: strMap(p, 'options'),
    }))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const pa = Number(a.e.priority);
      const pb = Number(b.e.priority);
      return pa !== pb ? pb - pa : compareUtf8(a.e.match, b.e.match) || a.i - b.i;
    })
    .map((x) => x.e);
}

/** One print_routing_policy line (byte string). */
export function renderPolicyLineBytes(p: PolicyListEntry): string {
  let s = `${cpad(String(p.priority), 10)} ${cpad(toBytes(p.match), 50)} ${cpad(toBytes(p.action), 15)}`;
  p.nexthops.forEach((nh, i) => {
    const text = toBytes(normalizePrefix(nh) ?? '');
    s += i ? `, ${text}` : ` ${cpad(text, 25)}`;
  });
  const keys = smapKeyOrder(Object.keys(p.options));
  if (keys.length) s += cpad('', 15) + keys.map((k) => toBytes(`${k}=${p.options[k]}`)).join(',');
  return `${s}\n`;
}

export function renderPolicyListBytes(entries: readonly PolicyListEntry[]): string {
  return entries.length ? `Routing Policies\n${entries.map(renderPolicyLineBytes).join('')}` : '';
}

/** `ovn-nbctl lr-nat-list ROUTER`, byte for byte. */
export function natListFor(snapshot: NbSnapshot | SnapshotIndex, router: string): string {
  const index = snapshot instanceof SnapshotIndex ? snapshot : new SnapshotIndex(snapshot);
  return renderNatListBytes(selectNatList(index, router));
}

/** `ovn-nbctl lr-policy-list ROUTER`, byte for byte. */
export function policyListFor(snapshot: NbSnapshot | SnapshotIndex, router: string): string {
  const index = snapshot instanceof SnapshotIndex ? snapshot : new SnapshotIndex(snapshot);
  return renderPolicyListBytes(selectPolicyList(index, router));
}
