// normalize_prefix_str of ovn-nbctl: an IPv4 or IPv6 address or CIDR, masked to its prefix and
// printed canonically (no "/32" or "/128"); anything else is not an address (undefined).
import { isIPv4, isIPv6 } from 'node:net';

function ipv4Bytes(s: string): number[] | undefined {
  if (!isIPv4(s)) return undefined;
  return s.split('.').map(Number);
}

function ipv6Words(s: string): number[] | undefined {
  if (!isIPv6(s)) return undefined;
  let text = s;
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = ipv4Bytes(v4[1]!);
    if (!b) return undefined;
    tail.push((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!);
    text = text.slice(0, -v4[1]!.length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const [head, rest] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const parse = (x: string): number[] => (x === '' ? [] : x.split(':').map((w) => Number.parseInt(w, 16)));
  const h = parse(head);
  const r = rest === undefined ? [] : parse(rest);
  const fill = 8 - tail.length - h.length - r.length;
  return rest === undefined ? [...h, ...tail] : [...h, ...new Array<number>(fill).fill(0), ...r, ...tail];
}

/** glibc inet_ntop(AF_INET6) formatting. */
export function formatIpv6(w: readonly number[]): string {
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // An IPv4-compatible or IPv4-mapped tail is printed in dotted form.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      out += `${w[6]! >> 8}.${w[6]! & 255}.${w[7]! >> 8}.${w[7]! & 255}`;
      break;
    }
    out += w[i]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

function splitPrefix(s: string): { addr: string; plen?: number } | undefined {
  const i = s.indexOf('/');
  if (i < 0) return { addr: s };
  const p = s.slice(i + 1);
  if (!/^\d{1,3}$/.test(p)) return undefined;
  return { addr: s.slice(0, i), plen: Number(p) };
}

export function normalizePrefix(s: string): string | undefined {
  const parts = splitPrefix(s);
  if (!parts) return undefined;
  const v4 = ipv4Bytes(parts.addr);
  if (v4) {
    const plen = parts.plen ?? 32;
    if (plen > 32) return undefined;
    const n = ((v4[0]! << 24) | (v4[1]! << 16) | (v4[2]! << 8) | v4[3]!) >>> 0;
    const mask = plen === 0 ? 0 : (0xffffffff << (32 - plen)) >>> 0;
    const m = (n & mask) >>> 0;
    const text = `${m >>> 24}.${(m >>> 16) & 255}.${(m >>> 8) & 255}.${m & 255}`;
    return plen === 32 ? text : `${text}/${plen}`;
  }
  const v6 = ipv6Words(parts.addr);
  if (v6) {
    const plen = parts.plen ?? 128;
    if (plen > 128) return undefined;
    const masked = v6.map((word, i) => {
      const bits = Math.max(0, Math.min(16, plen - i * 16));
      return bits === 0 ? 0 : word & ((0xffff << (16 - bits)) & 0xffff);
    });
    const text = formatIpv6(masked);
    return plen === 128 ? text : `${text}/${plen}`;
  }
  return undefined;
}
