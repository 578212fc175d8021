// Just enough IPv4 arithmetic for the lab: parse, offset within a subnet, ovn-kubernetes MACs.

export class AddressError extends Error {
  override name = 'AddressError';
}

/** An IPv4 address as a 32-bit unsigned number; throws AddressError naming the bad text. */
export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw new AddressError(`not an IPv4 address: '${text}'`);
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new AddressError(`not an IPv4 address: '${text}'`);
    n = n * 256 + Number(p);
  }
  return n;
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export interface Ipv4Cidr {
  readonly address: string;
  readonly prefixLength: number;
}

/** `a.b.c.d/len`, keeping the address as written (it may be a host address inside the subnet). */
export function parseCidr(text: string): Ipv4Cidr {
  const [address, len, extra] = text.split('/');
  const prefixLength = Number(len);
  if (address === undefined || extra !== undefined || !/^\d{1,2}$/.test(len ?? '') || prefixLength > 32) {
    throw new AddressError(`not an IPv4 CIDR: '${text}'`);
  }
  parseIpv4(address);
  return { address, prefixLength };
}

/** The network address of a CIDR plus `offset` (offset 1 is the first host). */
export function hostInSubnet(cidr: Ipv4Cidr, offset: number): string {
  const size = 2 ** (32 - cidr.prefixLength);
  const network = parseIpv4(cidr.address) - (parseIpv4(cidr.address) % size);
  if (offset < 0 || offset >= size)
    throw new AddressError(`offset ${offset} is outside ${cidr.address}/${cidr.prefixLength}`);
  return formatIpv4(network + offset);
}

export function subnetContains(cidr: Ipv4Cidr, ip: string): boolean {
  const size = 2 ** (32 - cidr.prefixLength);
  const base = parseIpv4(cidr.address) - (parseIpv4(cidr.address) % size);
  const n = parseIpv4(ip);
  return n >= base && n < base + size;
}

/** ovn-kubernetes' MAC for an IPv4 address: 0a:58 followed by the four address bytes. */
export function macForIpv4(ip: string): string {
  const n = parseIpv4(ip);
  const bytes = [24, 16, 8, 0].map((s) => (Math.floor(n / 2 ** s) % 256).toString(16).padStart(2, '0'));
  return `0a:58:${bytes.join(':')}`;
}
