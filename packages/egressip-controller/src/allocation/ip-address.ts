// IP parsing and printing with the exact semantics of Go's net.ParseIP / net.IP.String(),
// because status items and events must carry byte-identical strings to ovn-kubernetes.

/** A parsed address: 4 bytes for IPv4 (including IPv4-mapped IPv6), 16 bytes for IPv6. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
}

function parseIPv4Bytes(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const part of parts) {
    // Go rejects leading zeros ("010") since 1.17 because they are ambiguous (octal).
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6Bytes(s: string): number[] | undefined {
  // An embedded dotted IPv4 tail counts as the last two groups.
  let tail: number[] = [];
  let head = s;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    const v4 = parseIPv4Bytes(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    head = s.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::"; "a::1.2.3.4" leaves "a::"; "a:b:1.2.3.4" leaves "a:b:".
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const doubleColon = head.indexOf('::');
  if (doubleColon !== head.lastIndexOf('::')) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      const n = Number.parseInt(g, 16);
      groups.push(n >> 8, n & 0xff);
    }
    return groups;
  };
  let bytes: number[];
  if (doubleColon >= 0) {
    const left = parseGroups(head.slice(0, doubleColon));
    const right = parseGroups(head.slice(doubleColon + 2));
    if (!left || !right) return undefined;
    const missing = 16 - left.length - right.length - tail.length;
    // "::" must stand for at least one zero group.
    if (missing < 2) return undefined;
    bytes = [...left, ...new Array<number>(missing).fill(0), ...right, ...tail];
  } else {
    const all = parseGroups(head);
    if (!all) return undefined;
    bytes = [...all, ...tail];
  }
  return bytes.length === 16 ? bytes : undefined;
}

function isV4Mapped(b: readonly number[]): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** Go's net.ParseIP: dotted IPv4 or IPv6 text (no zone, no prefix). `undefined` when invalid. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const b = parseIPv6Bytes(text);
    if (!b) return undefined;
    if (isV4Mapped(b)) return { family: 4, bytes: Uint8Array.from(b.slice(12)) };
    return { family: 6, bytes: Uint8Array.from(b) };
  }
  const b = parseIPv4Bytes(text);
  return b ? { family: 4, bytes: Uint8Array.from(b) } : undefined;
}

/** Go's net.IP.String(): dotted quad, or RFC 5952 lower-case IPv6 (longest zero run, first on ties). */
export function formatIp(ip: IpAddress): string {
  const b = ip.bytes;
  if (ip.family === 4) return Array.from(b).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  // A single zero group is written out, never as "::".
  if (bestLen < 2) return groups.map((g) => g.toString(16)).join(':');
  const left = groups
    .slice(0, bestStart)
    .map((g) => g.toString(16))
    .join(':');
  const right = groups
    .slice(bestStart + bestLen)
    .map((g) => g.toString(16))
    .join(':');
  return `${left}::${right}`;
}

// Status items are re-read on every assignment; remembering recent answers keeps that cheap.
const canonicalCache = new Map<string, string | undefined>();
const CANONICAL_CACHE_MAX = 100_000;

/** Parse-then-print, or `undefined` when the text is not an IP. */
export function canonicalIp(text: string): string | undefined {
  if (canonicalCache.has(text)) return canonicalCache.get(text);
  const ip = parseIp(text);
  const out = ip ? formatIp(ip) : undefined;
  if (canonicalCache.size >= CANONICAL_CACHE_MAX) canonicalCache.clear();
  canonicalCache.set(text, out);
  return out;
}

/** A masked network as Go's net.ParseCIDR returns it, plus the host address that was written. */
export interface IpNetwork {
  readonly family: 4 | 6;
  readonly prefixLength: number;
  /** Network address (host bits cleared). */
  readonly network: Uint8Array;
  /** The address as written before the mask ("192.168.1.5" of "192.168.1.5/24"). */
  readonly address: IpAddress;
}

/** Go's net.ParseCIDR. `undefined` when invalid. */
export function parseCidr(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addrText = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lenText)) return undefined;
  const prefixLength = Number(lenText);
  // Go keeps a v4-mapped address written in IPv6 notation as a 128-bit network; we only need
  // plain forms here, so an IPv6-written v4-mapped CIDR is treated by its written family.
  const ip = parseIp(addrText);
  if (!ip) return undefined;
  const family: 4 | 6 = addrText.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  if (prefixLength > bits) return undefined;
  let bytes = ip.bytes;
  if (family === 6 && bytes.length === 4) {
    bytes = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...bytes]);
  }
  const network = maskBytes(bytes, prefixLength);
  return { family, prefixLength, network, address: { family: ip.family, bytes: ip.bytes } };
}

function maskBytes(bytes: Uint8Array, prefixLength: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
    const mask = bitsHere === 0 ? 0 : (0xff << (8 - bitsHere)) & 0xff;
    out[i] = (bytes[i] ?? 0) & mask;
  }
  return out;
}

/** Whether `net` contains `ip` (same family only, as Go's IPNet.Contains for plain forms). */
export function networkContains(net: IpNetwork, ip: IpAddress): boolean {
  if (net.family !== ip.family || net.network.length !== ip.bytes.length) return false;
  const masked = maskBytes(ip.bytes, net.prefixLength);
  return masked.every((v, i) => v === net.network[i]);
}

/** Go's IPNet.String() of a parsed (masked) network, e.g. "10.128.0.0/14". */
export function formatNetwork(net: IpNetwork): string {
  const family: 4 | 6 = net.network.length === 4 ? 4 : 6;
  return `${formatIp({ family, bytes: net.network })}/${net.prefixLength}`;
}

/** Go's IP.IsGlobalUnicast: not unspecified, loopback, multicast, link-local or broadcast. */
export function isGlobalUnicast(ip: IpAddress): boolean {
  const b = ip.bytes;
  if (ip.family === 4) {
    if (b.every((v) => v === 0)) return false;
    if (b.every((v) => v === 255)) return false;
    if (b[0] === 127) return false;
    if ((b[0] ?? 0) >= 224 && (b[0] ?? 0) <= 239) return false;
    if (b[0] === 169 && b[1] === 254) return false;
    return true;
  }
  if (b.every((v) => v === 0)) return false;
  if (b.slice(0, 15).every((v) => v === 0) && b[15] === 1) return false;
  if (b[0] === 0xff) return false;
  if (b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80) return false;
  return true;
}

/** The address `offset` after the network address (e.g. node-subnet base + 2 = management IP). */
export function addressAt(net: IpNetwork, offset: number): IpAddress {
  const bytes = Uint8Array.from(net.network);
  let carry = offset;
  for (let i = bytes.length - 1; i >= 0 && carry > 0; i--) {
    const sum = (bytes[i] ?? 0) + (carry & 0xff);
    bytes[i] = sum & 0xff;
    carry = (carry >>> 8) + (sum >> 8);
  }
  return { family: net.network.length === 4 ? 4 : 6, bytes };
}
