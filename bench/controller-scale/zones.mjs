// One size of the controller scale curves in interconnect mode: every node its own zone with its
// own NB ovsdb-server (unix socket), one process driving all zones (multiZoneNbSide), as the
// single-zone curve but N servers. Cold start, converged restart (all sessions reopened, no
// writes allowed) and failover of eip-000 (a tenth of the pods, spread over every zone).
import { readFileSync } from 'node:fs';
import { openNbConnection, topologyInit } from '@ovnkit/egressip-controller';
import { startOvsdbServer } from '@ovnkit/testkit';
import { withEgressIPOn, zonedCluster } from '../controller/cluster.mjs';
import { zonesNbSide } from '../controller/zone-side.mjs';
import { median, peakRssMb, profileUntilStop, timedWithServers } from '../lib/measure.mjs';

const CONFIG = { profile: 'B' };
const rssMbOf = (pid) =>
  Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

export async function zoneSize(shape, heapBytes) {
  const cluster = zonedCluster(shape);
  const tStart = performance.now();
  const servers = await Promise.all(cluster.nodes.map(() => startOvsdbServer({ schemas: ['nb'] })));
  const startMs = performance.now() - tStart;
  const timed = (fn) =>
    timedWithServers(
      servers.map((s) => s.pid),
      fn,
    );
  let conns = [];
  const open = async () => {
    conns = await Promise.all(servers.map((s) => openNbConnection({ remote: s.remote })));
    return zonesNbSide(conns, cluster.nodes, CONFIG);
  };
  try {
    // Each zone's NB holds its own node's topology (what ovn-kubernetes' other components create).
    await Promise.all(
      servers.map((s, i) => topologyInit({ remote: s.remote, nodes: [cluster.nodes[i]], config: CONFIG })),
    );
    const serverRssEmptyMb = servers.reduce((a, s) => a + rssMbOf(s.pid), 0) / servers.length;
    const heapBefore = await heapBytes();
    let nb = await open();
    // COLD_PROF= / RESTART_PROF=file.cpuprofile: a CPU profile of that phase only.
    const stopCold = await profileUntilStop(process.env.COLD_PROF);
    const cold = await timed(() => nb.reconcile(cluster));
    await stopCold();
    const heap = (await heapBytes()) - heapBefore;
    const rssMb = peakRssMb();
    const serverRssMb = servers.reduce((a, s) => a + rssMbOf(s.pid), 0) / servers.length;
    await nb.close();
    const stopRestart = await profileUntilStop(process.env.RESTART_PROF);
    const restart = await timed(async () => {
      nb = await open();
      await nb.syncStale(cluster);
      return nb.reconcile(cluster);
    });
    await stopRestart();
    const writes = conns.reduce((a, c) => a + c.nb.writeTransactions, 0);
    if (writes !== 0) throw new Error(`restart wrote ${writes} transactions`);
    const restartHeap = (await heapBytes()) - heapBefore;
    const moved = (node) => withEgressIPOn(cluster, 0, node);
    // FAILOVER_PROF=file.cpuprofile: a CPU profile of the failovers only.
    const stopProfile = await profileUntilStop(process.env.FAILOVER_PROF);
    const first = await timed(() => nb.reconcileEgressIP('eip-000', moved(1)));
    const warm = [];
    for (let k = 2; k < 5; k++) warm.push(await timed(() => nb.reconcileEgressIP('eip-000', moved(k))));
    await stopProfile();
    // FAILOVER_LOG=1: each failover's wall and CPU times.
    if (process.env.FAILOVER_LOG)
      for (const f of [first, ...warm])
        console.log(`zone failover ${f.ms.toFixed(0)} ms, CPU ${f.cpu.toFixed(0)} / ${f.serverCpu} ms`);
    await nb.close();
    return {
      shape,
      zones: servers.length,
      startMs,
      cold,
      coldOps: cold.value.operations,
      heap,
      restartHeap,
      rssMb,
      serverRssEmptyMb,
      serverRssMb,
      restart,
      first,
      warm: median(warm.map((w) => w.ms)),
    };
  } finally {
    const keepAlive = setInterval(() => {}, 1000);
    await Promise.all(servers.map((s) => s.stop()));
    clearInterval(keepAlive);
  }
}
