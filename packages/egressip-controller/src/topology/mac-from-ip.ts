// Router port MACs as ovn-kubernetes derives them from the port's first IP.
import { parseIp } from '../render/ip.js';

/** ovn-kubernetes derives router port MACs from the port's first IP (0a:58 + IPv4 bytes). */
export function macFromIp(ip: string): string {
  const { family, value } = parseIp(ip);
  const low = family === 4 ? value : value & 0xffffffffn;
  const bytes = [0x0a, 0x58, ...[24n, 16n, 8n, 0n].map((s) => Number((low >> s) & 0xffn))];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
