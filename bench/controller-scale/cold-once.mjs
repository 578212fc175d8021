// One cold start (and optionally a failover) at one size, for profiling with --cpu-prof:
// BENCH_SCALE=pods:nodes:eips node --cpu-prof bench/controller-scale/cold-once.mjs
// Knobs: MAX, INFLIGHT, MAXTXN (reconciler bounds), PERF (perf on the server), COLD_PROF /
// FAILOVER_PROF (CPU profile of that phase only), RESTART=0 (cold start only), FAILOVER=n.

import { spawn } from 'node:child_process';
import { NbReconciler, openNbConnection, topologyInit } from '@ovnkit/egressip-controller';
import { startOvsdbServer } from '@ovnkit/testkit';
import { makeCluster, withEgressIPOn } from '../controller/cluster.mjs';
import { profileUntilStop, timedWithServer as timed } from '../lib/measure.mjs';

const [pods, nodes, egressIPs] = (process.env.BENCH_SCALE ?? '10000:50:200').split(':').map(Number);
const shape = { pods, nodes, egressIPs, bigPods: pods / 10 };
// The NB session's socket does not keep the process alive on its own.
const keepAlive = setInterval(() => {}, 1000);
const server = await startOvsdbServer({ schemas: ['nb'] });
try {
  const cluster = makeCluster(shape);
  let conn = await openNbConnection({ remote: server.remote });
  await topologyInit({ nb: conn.nb, nodes: cluster.nodes });
  // MAX= batch bound, INFLIGHT= window, MAXTXN= bound on one EgressIP's transaction (failovers too).
  const knobs = {
    ...(process.env.MAX ? { maxChangesPerBatch: Number(process.env.MAX) } : {}),
    ...(process.env.INFLIGHT ? { transactionsInFlight: Number(process.env.INFLIGHT) } : {}),
    ...(process.env.MAXTXN ? { maxChangesPerTransaction: Number(process.env.MAXTXN) } : {}),
  };
  let r = new NbReconciler({ nb: conn.nb, snapshot: () => conn.snapshot(), ...knobs });
  // PERF=file: record the server with perf during the cold start.
  const perf = process.env.PERF
    ? spawn('perf', ['record', '-g', '-o', process.env.PERF, '-p', String(server.pid)], { stdio: 'inherit' })
    : undefined;
  if (perf) await new Promise((res) => setTimeout(res, 500));
  // COLD_PROF=file.cpuprofile: a CPU profile of the cold start only.
  const stopColdProfile = await profileUntilStop(process.env.COLD_PROF);
  const cold = await timed(server.pid, () => r.reconcile(cluster));
  await stopColdProfile();
  if (perf) {
    perf.kill('SIGINT');
    await new Promise((res) => perf.on('exit', res));
  }
  console.log(
    `cold ${cold.ms.toFixed(0)} ms, CPU ${cold.cpu.toFixed(0)} / ${cold.serverCpu} ms, ${cold.value.transactions} txns`,
  );
  // As the scale bench does before its failovers: a restart (new session, full reconcile, no writes).
  // RESTART=0 stops after the cold start.
  await conn.close();
  if (process.env.RESTART === '0') {
    await server.stop();
    clearInterval(keepAlive);
    process.exit(0);
  }
  const restart = await timed(server.pid, async () => {
    conn = await openNbConnection({ remote: server.remote });
    r = new NbReconciler({ nb: conn.nb, snapshot: () => conn.snapshot(), ...knobs });
    await r.syncStale(cluster);
    return r.reconcile(cluster);
  });
  console.log(`restart ${restart.ms.toFixed(0)} ms, CPU ${restart.cpu.toFixed(0)} / ${restart.serverCpu} ms`);
  // FAILOVER=n: n moves of eip-000; FAILOVER_PROF=file.cpuprofile: profile only those.
  const stopProfile = await profileUntilStop(process.env.FAILOVER_PROF);
  for (let k = 1; k <= Number(process.env.FAILOVER ?? 0); k++) {
    const moved = withEgressIPOn(cluster, 0, k);
    const f = await timed(server.pid, () => r.reconcile(moved, { egressIP: 'eip-000' }));
    console.log(
      `failover ${f.ms.toFixed(0)} ms, CPU ${f.cpu.toFixed(0)} / ${f.serverCpu} ms, ${f.value.operations} ops, ${f.value.transactions} txns`,
    );
  }
  await stopProfile();
  await conn.close();
} finally {
  await server.stop();
}
clearInterval(keepAlive);
