// Network namespaces and veth pairs. Each veth end is created directly inside its namespace, and
// checksum offload is turned off: TCP through veths on a userspace (netdev) OVS bridge fails otherwise.
import { run, runIn } from './exec.js';

export async function createNetns(name: string): Promise<void> {
  await run('ip', ['netns', 'add', name]);
  await run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  // No IPv6: keeps router solicitations and MLD reports out of packet counters.
  await runIn(name, 'sysctl', [
    '-qw',
    'net.ipv6.conf.all.disable_ipv6=1',
    'net.ipv6.conf.default.disable_ipv6=1',
  ]);
}

export async function deleteNetns(name: string): Promise<void> {
  await run('ip', ['netns', 'delete', name]);
}

/** Names of the existing network namespaces that start with `prefix`. */
export async function listNetns(prefix: string): Promise<string[]> {
  const out = await run('ip', ['netns', 'list']);
  return out
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(prefix));
}

export interface VethEnd {
  readonly netns: string;
  readonly name: string;
  readonly mac?: string;
}

export async function createVethPair(a: VethEnd, b: VethEnd, mtu = 1500): Promise<void> {
  const end = (e: VethEnd) => [
    'name',
    e.name,
    'netns',
    e.netns,
    'mtu',
    String(mtu),
    ...(e.mac ? ['address', e.mac] : []),
  ];
  await run('ip', ['link', 'add', ...end(a), 'type', 'veth', 'peer', ...end(b)]);
  for (const e of [a, b]) {
    await runIn(e.netns, 'ethtool', ['-K', e.name, 'tx', 'off']);
    await run('ip', ['-n', e.netns, 'link', 'set', e.name, 'up']);
  }
}

export async function createLinuxBridge(netns: string, name: string, address?: string): Promise<void> {
  await run('ip', ['-n', netns, 'link', 'add', name, 'type', 'bridge']);
  if (address) await run('ip', ['-n', netns, 'addr', 'add', address, 'dev', name]);
  await run('ip', ['-n', netns, 'link', 'set', name, 'up']);
}

export async function attachToBridge(netns: string, port: string, bridge: string): Promise<void> {
  await run('ip', ['-n', netns, 'link', 'set', port, 'master', bridge]);
}

export async function setLink(netns: string, name: string, up: boolean): Promise<void> {
  await run('ip', ['-n', netns, 'link', 'set', name, up ? 'up' : 'down']);
}
