// Where an egress IP lives right now, read back from the NB: the nodes whose gateway router
// has a snat with that external IP.
import { until } from '@ovnkit/testkit';
import type { Lab } from '../lab.js';

export async function nodesHostingEgressIp(lab: Lab, ip: string): Promise<string[]> {
  const hosts: string[] = [];
  for (const n of lab.spec.nodes) {
    // The gateway router lives in the NB of the node's zone.
    const out = await lab.nbctl([['lr-nat-list', `GR_${n.name}`]], { zone: lab.zoneOf(n.name).name });
    // Columns: TYPE GATEWAY_PORT? EXTERNAL_IP ... LOGICAL_IP ...; a snat row mentions the IP as a word.
    if (out.split('\n').some((l) => l.startsWith('snat') && l.split(/\s+/).includes(ip))) hosts.push(n.name);
  }
  return hosts;
}

/** Polls the NB until the nodes hosting `ip` satisfy `done` (the controller works asynchronously). */
export async function egressHostsSettled(
  lab: Lab,
  ip: string,
  done: (hosts: string[]) => boolean,
  deadlineMs = 60_000,
): Promise<string[]> {
  return until(`the NB rows of ${ip} to settle`, deadlineMs, async () => {
    const hosts = await nodesHostingEgressIp(lab, ip);
    return done(hosts) ? hosts : undefined;
  });
}
