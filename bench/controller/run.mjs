// EgressIP NB benchmarks against a real ovsdb-server (unix socket): cold start of 200 EgressIPs
// selecting 10,000 pods on 50 nodes, converged restart (must write nothing), failover of one
// egress IP serving 1,000 pods, and the controller heap. Imports the BUILT packages.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { NbReconciler, openNbConnection, topologyInit } from '@ovnkit/egressip-controller';
import { startOvsdbServer } from '@ovnkit/testkit';
import { peakRssMb, timedWithServer } from '../lib/measure.mjs';
import { makeCluster, withEgressIPOn } from './cluster.mjs';

const SHAPE = { nodes: 50, egressIPs: 200, pods: 10_000, bigPods: 1_000 };
const ms = (t) => `${t.toFixed(0)} ms`;
const heapMb = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
let serverPid = 0;
// Wall time plus the CPU our process and ovsdb-server spent: on the shared 2-core box the wall
// time depends on what the other engineers run, the CPU time much less.
const time = (fn) => timedWithServer(serverPid, fn);
const cpu = (t) => `${t.cpu.toFixed(0)} ms / ${t.serverCpu.toFixed(0)} ms`;

const server = await startOvsdbServer({ schemas: ['nb'] });
serverPid = server.pid;
const rows = [];
const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
try {
  const heap0 = heapMb();
  const cluster = makeCluster(SHAPE);
  const heapFixture = heapMb();
  // The controller's NB connection: a session whose replica is the snapshot source.
  let conn = await openNbConnection({ remote: server.remote });
  let nb = conn.nb;

  const topo = await time(() => topologyInit({ nb, nodes: cluster.nodes }));
  rows.push([
    'topology init, 50 nodes',
    ms(topo.ms),
    cpu(topo),
    `${topo.value.transactions} txn, ${topo.value.operations} ops`,
    '',
  ]);

  let r = new NbReconciler({ nb, snapshot: () => conn.snapshot() });
  const cold = await time(() => r.reconcile(cluster));
  const c = cold.value.changes;
  rows.push([
    'cold start: 200 EgressIPs, 10,000 pods',
    ms(cold.ms),
    cpu(cold),
    `${cold.value.transactions} txn, ${cold.value.operations} ops (${c.insert} inserts)`,
    '< 10 s',
  ]);
  const heapAfterCold = heapMb();

  // Restart: a new connection (full replica sync included in the time), startup sync, reconcile.
  await conn.close();
  const restart = await time(async () => {
    conn = await openNbConnection({ remote: server.remote });
    nb = conn.nb;
    r = new NbReconciler({ nb, snapshot: () => conn.snapshot() });
    const s = await r.syncStale(cluster);
    const f = await r.reconcile(cluster);
    return s.transactions + f.transactions;
  });
  rows.push([
    'converged restart (connect + sync + reconcile)',
    ms(restart.ms),
    cpu(restart),
    `${nb.writeTransactions} write txn (${restart.value} planned)`,
    '< 3 s, 0 writes',
  ]);
  if (nb.writeTransactions !== 0) throw new Error(`restart wrote ${nb.writeTransactions} transactions`);

  // Failover: the status of eip-000 (1,000 pods) moves to another node; the runner reconciles
  // that EgressIP's key. Timed from the status change to the resolved (committed) transaction.
  const moved = (node) => withEgressIPOn(cluster, 0, node);
  let before = nb.writeTransactions;
  const fail = await time(() => r.reconcile(moved(1), { egressIP: 'eip-000' }));
  const f = fail.value.changes;
  rows.push([
    'failover: 1 egress IP serving 1,000 pods (per-EgressIP reconcile, first)',
    ms(fail.ms),
    cpu(fail),
    `${nb.writeTransactions - before} txn, ${fail.value.operations} ops (${f.insert} ins, ${f.update} upd, ${f.delete} del)`,
    '< 0.5 s',
  ]);
  // Five more moves of the same IP (node 3, 4, ... ): the code is warm, as in a running controller.
  const warm = [];
  for (let k = 3; k < 8; k++) warm.push(await time(() => r.reconcile(moved(k), { egressIP: 'eip-000' })));
  warm.sort((x, y) => x.ms - y.ms);
  const med = warm[2];
  rows.push([
    'failover, warm (median of 5 more moves)',
    ms(med.ms),
    cpu(med),
    `min ${ms(warm[0].ms)}, max ${ms(warm[4].ms)}`,
    '< 0.5 s',
  ]);
  before = nb.writeTransactions;
  const failFull = await time(() => r.reconcile(moved(9)));
  rows.push([
    'failover with a full reconcile (all 200 EgressIPs compared)',
    ms(failFull.ms),
    cpu(failFull),
    `${nb.writeTransactions - before} txn, ${failFull.value.operations} ops`,
    '',
  ]);
  const steady = await time(() => r.reconcile(moved(9)));
  rows.push([
    'steady-state full reconcile (no change)',
    ms(steady.ms),
    cpu(steady),
    `${steady.value.transactions} txn`,
    '',
  ]);
  rows.push(['heap: fixture (10k pods, 50 nodes)', `${(heapFixture - heap0).toFixed(1)} MB`, '', '', '']);
  rows.push([
    'heap: after cold start (fixture + replica)',
    `${heapAfterCold.toFixed(1)} MB`,
    '',
    `${(heapAfterCold - heapFixture).toFixed(1)} MB over fixture`,
    '',
  ]);
  rows.push([
    'peak RSS of the process (fixture, replica, all runs)',
    `${peakRssMb().toFixed(0)} MB`,
    '',
    '',
    '',
  ]);
  await conn.close();
} finally {
  // testkit's stop() awaits the child's exit without holding the event loop open (the child is
  // unref'd); outside Jest nothing else would, so keep one timer alive until it is done.
  const keepAlive = setInterval(() => {}, 1000);
  await server.stop();
  clearInterval(keepAlive);
}

const table = [
  '| case | wall time | CPU: controller / ovsdb-server | writes | target |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);
const docs = join(import.meta.dirname, '..', '..', 'docs', 'benchmarks');
const file = join(docs, 'controller.md');
mkdirSync(docs, { recursive: true });
if (!existsSync(file)) {
  writeFileSync(
    file,
    '# EgressIP controller (NB side) benchmarks\n\nProduced by `node --expose-gc bench/controller/run.mjs` (or `npm run bench -- controller`) against a real ovsdb-server (OVS 3.1, NB schema 7.0.0) on a unix socket. Times are wall clock on the shared 2-core box.\n',
  );
}
appendFileSync(
  file,
  `\n## ${new Date().toISOString()} (node ${process.version}, ${SHAPE.nodes} nodes, ${SHAPE.egressIPs} EgressIPs, ${SHAPE.pods} pods; load average at start ${load})\n\n${table}\n`,
);
