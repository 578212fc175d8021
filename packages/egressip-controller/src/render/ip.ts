// IP and CIDR helpers producing the exact strings ovn-kubernetes writes (Go net.IP.String():
// dotted quad for IPv4, RFC 5952 lower-case compressed IPv6; CIDRs parsed and masked).
import { isIPv4, isIPv6 } from 'node:net';

/** An IP family. */
export type IpFamily = 4 | 6;

/** A CIDR parsed into its masked network address. */
export interface Cidr {
  readonly family: IpFamily;
  /** Network address, as bigint (host bits cleared). */
  readonly network: bigint;
  readonly prefix: number;
  /** Canonical text, e.g. `10.128.0.0/14`, `fd98::/64`. */
  readonly text: string;
}

/** An address or CIDR in an annotation or status does not parse. */
export class InvalidAddressError extends Error {
  override readonly name = 'InvalidAddressError';
  constructor(
    readonly value: string,
    readonly what: string,
  ) {
    super(`invalid ${what}: ${JSON.stringify(value)}`);
  }
}

const bits = (f: IpFamily): number => (f === 4 ? 32 : 128);

/** Family of an address text, or undefined when it is not an IP address. */
export function ipFamily(ip: string): IpFamily | undefined {
  if (isIPv4(ip)) return 4;
  if (isIPv6(ip)) return 6;
  return undefined;
}

/** Parses an IP address into (family, bigint). Throws InvalidAddressError. */
export function parseIp(ip: string, what = 'IP address'): { family: IpFamily; value: bigint } {
  const family = ipFamily(ip);
  if (family === 4) {
    const v = ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
    return { family, value: v };
  }
  if (family === 6) return { family, value: parseIpv6(ip) };
  throw new InvalidAddressError(ip, what);
}

function parseIpv6(ip: string): bigint {
  let text = ip.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const o = v4[1]!.split('.').map(Number);
    text =
      text.slice(0, v4.index) +
      `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/** Canonical text of an address (Go net.IP.String()). */
export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on ties.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Canonical form of an IP address text. Throws InvalidAddressError. */
export function canonicalIp(ip: string, what?: string): string {
  const { family, value } = parseIp(ip, what);
  return formatIp(family, value);
}

/** Parses `addr/prefix` and masks it (Go net.ParseCIDR + IPNet.String()). Throws InvalidAddressError. */
export function parseCidr(text: string, what = 'CIDR'): Cidr {
  const slash = text.indexOf('/');
  if (slash < 0) throw new InvalidAddressError(text, what);
  const addr = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const family = ipFamily(addr);
  const prefix = Number(prefixText);
  if (!family || !/^\d{1,3}$/.test(prefixText) || prefix > bits(family))
    throw new InvalidAddressError(text, what);
  const { value } = parseIp(addr, what);
  const network = value & mask(family, prefix);
  return { family, network, prefix, text: `${formatIp(family, network)}/${prefix}` };
}

/** The address part of `addr/prefix`, canonical; the text itself when it has no prefix. */
export function addressOf(ifaddr: string, what?: string): string {
  const slash = ifaddr.indexOf('/');
  return canonicalIp(slash < 0 ? ifaddr : ifaddr.slice(0, slash), what);
}

function mask(family: IpFamily, prefix: number): bigint {
  const total = bits(family);
  return ((1n << BigInt(total)) - 1n) ^ ((1n << BigInt(total - prefix)) - 1n);
}

/** Whether `ip` lies inside `cidr` (same family only). */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  const family = ipFamily(ip);
  if (family !== cidr.family) return false;
  return (parseIp(ip).value & mask(family, cidr.prefix)) === cidr.network;
}

/** The address `offset` above the network address of `cidr` (e.g. subnet base + 2). */
export function offsetAddress(cidr: Cidr, offset: number): string {
  return formatIp(cidr.family, cidr.network + BigInt(offset));
}

/** Address of an interface address (`1.2.3.4/24`) as a masked CIDR plus the host address. */
export function parseIfaddr(text: string, what = 'interface address'): { ip: string; cidr: Cidr } {
  const cidr = parseCidr(text, what);
  return { ip: addressOf(text, what), cidr };
}

/** Sorts address texts numerically, IPv4 before IPv6 (stable output for sets). */
export function compareIps(a: string, b: string): number {
  const pa = parseIp(a);
  const pb = parseIp(b);
  if (pa.family !== pb.family) return pa.family - pb.family;
  return pa.value < pb.value ? -1 : pa.value > pb.value ? 1 : 0;
}
