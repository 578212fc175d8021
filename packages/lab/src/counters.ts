// Evidence that does not depend on the server's log: OpenFlow packet counters on each node's
// br-ex. One counting flow per source address (same action as the bridge's default NORMAL flow)
// tells which node a packet with that source left through.
import type { Chassis } from './chassis.js';

const COOKIE = '0x6f766e6b';

export async function installSourceCounters(chassis: Chassis, sources: readonly string[]): Promise<void> {
  for (const ip of sources) {
    await chassis.ofctl('add-flow', 'br-ex', `cookie=${COOKIE},priority=100,ip,nw_src=${ip},actions=NORMAL`);
  }
}

/** Packets seen per source address on this chassis' br-ex, after the datapath flows were revalidated. */
export async function readSourceCounters(chassis: Chassis): Promise<Map<string, number>> {
  // Datapath flow statistics reach the OpenFlow table only when the revalidators have run.
  await chassis.appctl('revalidator/wait');
  const out = await chassis.ofctl('dump-flows', 'br-ex', `cookie=${COOKIE}/-1`);
  const counts = new Map<string, number>();
  for (const line of out.split('\n')) {
    const src = /nw_src=([\d.]+)/.exec(line)?.[1];
    const packets = /n_packets=(\d+)/.exec(line)?.[1];
    if (src && packets) counts.set(src, Number(packets));
  }
  return counts;
}
