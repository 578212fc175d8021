// Controller scale curves (single zone): cold start, converged restart and failover at 10k / 50k /
// 100k pods on 50 / 250 / 500 nodes with 200 / 1,000 / 2,000 EgressIPs (the first EgressIP serves
// a tenth of the pods), each size on a fresh ovsdb-server; time and heap per pod, plus an SVG
// chart of the per-pod figures (docs/benchmarks/controller-scale.svg).
// Run: npx tsc -b && node --expose-gc bench/controller-scale/run.mjs
// BENCH_SCALE=2000:10:40,5000:25:100 for a quick check of the script (no record written then).
// BENCH_SINGLE=0 runs the zone curves only (no record written then).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { NbReconciler, openNbConnection, topologyInit } from '@ovnkit/egressip-controller';
import { startOvsdbServer } from '@ovnkit/testkit';
import { makeCluster, withEgressIPOn } from '../controller/cluster.mjs';
import { median, peakRssMb, timedWithServer as timed } from '../lib/measure.mjs';
import { scaleChartSvg } from './chart.mjs';
import { zoneSize } from './zones.mjs';

if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', import.meta.filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

const SIZES = (process.env.BENCH_SCALE ?? '10000:50:200,50000:250:1000,100000:500:2000')
  .split(',')
  .map((s) => {
    const [pods, nodes, egressIPs] = s.split(':').map(Number);
    return { pods, nodes, egressIPs, bigPods: pods / 10 };
  });
// After one macrotask turn: objects a reconcile held through a WeakRef stay alive until the
// microtasks of the turn that made them have run, and are then unreachable.
const heapBytes = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

async function oneSize(shape) {
  const server = await startOvsdbServer({ schemas: ['nb'] });
  const pid = server.pid;
  try {
    const cluster = makeCluster(shape);
    const heapBefore = await heapBytes();
    let conn = await openNbConnection({ remote: server.remote });
    await topologyInit({ nb: conn.nb, nodes: cluster.nodes });
    let r = new NbReconciler({ nb: conn.nb, snapshot: () => conn.snapshot() });
    const cold = await timed(pid, () => r.reconcile(cluster));
    // The controller's heap: its NB replica and reconciler state (the cluster objects, which a real
    // controller gets from its informers, were built before the baseline).
    const heap = (await heapBytes()) - heapBefore;
    const rssMb = peakRssMb(); // peak so far in this process (sizes run smallest first)
    await conn.close();
    const restart = await timed(pid, async () => {
      conn = await openNbConnection({ remote: server.remote });
      r = new NbReconciler({ nb: conn.nb, snapshot: () => conn.snapshot() });
      await r.syncStale(cluster);
      await r.reconcile(cluster);
    });
    if (conn.nb.writeTransactions !== 0)
      throw new Error(`restart wrote ${conn.nb.writeTransactions} transactions`);
    // After the restart: the new session and reconciler (the closed ones are unreachable by now).
    const restartHeap = (await heapBytes()) - heapBefore;
    // Failover: eip-000 (a tenth of the pods) moves node; first move, then the median of 3 more.
    const moved = (node) => withEgressIPOn(cluster, 0, node);
    const first = await timed(pid, () => r.reconcile(moved(1), { egressIP: 'eip-000' }));
    const warm = [];
    for (let k = 2; k < 5; k++)
      warm.push(await timed(pid, () => r.reconcile(moved(k), { egressIP: 'eip-000' })));
    await conn.close();
    return {
      shape,
      cold,
      coldOps: cold.value.operations,
      heap,
      rssMb,
      restart,
      restartHeap,
      first,
      warm: median(warm.map((w) => w.ms)),
      load: loadNow(),
    };
  } finally {
    const keepAlive = setInterval(() => {}, 1000);
    await server.stop();
    clearInterval(keepAlive);
  }
}

const loadAtStart = loadNow();
const results = [];
const SINGLE = process.env.BENCH_SINGLE === '0' ? [] : SIZES;
for (const shape of SINGLE) {
  const res = await oneSize(shape);
  results.push(res);
  console.error(
    `${shape.pods} pods: cold ${res.cold.ms.toFixed(0)} ms, restart ${res.restart.ms.toFixed(0)} ms, failover ${res.first.ms.toFixed(0)} / warm ${res.warm.toFixed(0)} ms, heap ${(res.heap / shape.pods).toFixed(0)} B/pod, after restart ${(res.restartHeap / shape.pods).toFixed(0)} B/pod, peak RSS ${res.rssMb.toFixed(0)} MB (load ${res.load})`,
  );
}

// Interconnect: the same sizes with one zone (and one NB server) per node. BENCH_ZONES=0 skips,
// BENCH_ZONE_SCALE=pods:nodes:eips,... picks other sizes.
const ZONE_SIZES =
  process.env.BENCH_ZONES === '0'
    ? []
    : process.env.BENCH_ZONE_SCALE
      ? process.env.BENCH_ZONE_SCALE.split(',').map((s) => {
          const [pods, nodes, egressIPs] = s.split(':').map(Number);
          return { pods, nodes, egressIPs, bigPods: pods / 10 };
        })
      : SIZES;
const zoneResults = [];
for (const shape of ZONE_SIZES) {
  const res = await zoneSize(shape, heapBytes);
  res.load = loadNow();
  zoneResults.push(res);
  console.error(
    `${shape.pods} pods in ${res.zones} zones: cold ${res.cold.ms.toFixed(0)} ms, restart ${res.restart.ms.toFixed(0)} ms, failover ${res.first.ms.toFixed(0)} / warm ${res.warm.toFixed(0)} ms, heap ${(res.heap / shape.pods).toFixed(0)} B/pod, after restart ${(res.restartHeap / shape.pods).toFixed(0)} B/pod, peak RSS ${res.rssMb.toFixed(0)} MB, server RSS ${res.serverRssMb.toFixed(1)} MB each (load ${res.load})`,
  );
}

const f0 = (x) => Math.round(x).toLocaleString('en-US');
const us = (ms, pods) => ((ms * 1000) / pods).toFixed(1);
const lines = [
  '| pods / nodes / EgressIPs | cold start (ms) | cold start µs/pod | CPU controller / server (ms) | NB ops | converged restart (ms) | restart µs/pod | failover of eip-000 (pods served): first / warm median (ms) | controller heap | heap B/pod | heap B/pod after restart | peak RSS (MB) | load (1/5/15) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...results.map((r) => {
    const p = r.shape.pods;
    return `| ${f0(p)} / ${r.shape.nodes} / ${f0(r.shape.egressIPs)} | ${f0(r.cold.ms)} | ${us(r.cold.ms, p)} | ${f0(r.cold.cpu)} / ${f0(r.cold.serverCpu)} | ${f0(r.coldOps)} | ${f0(r.restart.ms)} | ${us(r.restart.ms, p)} | ${f0(r.first.ms)} / ${f0(r.warm)} (${f0(r.shape.bigPods)}) | ${(r.heap / 2 ** 20).toFixed(1)} MB | ${f0(r.heap / p)} | ${f0(r.restartHeap / p)} | ${f0(r.rssMb)} | ${r.load} |`;
  }),
];
const spread = (k) => {
  const xs = results.map(k);
  return Math.max(...xs) / Math.min(...xs);
};
lines.push(
  '',
  `Cost per pod, largest / smallest across sizes (target: within 1.20x): cold start ${spread((r) => r.cold.ms / r.shape.pods).toFixed(2)}x, restart ${spread((r) => r.restart.ms / r.shape.pods).toFixed(2)}x, heap ${spread((r) => r.heap / r.shape.pods).toFixed(2)}x, heap after restart ${spread((r) => r.restartHeap / r.shape.pods).toFixed(2)}x.`,
);
if (zoneResults.length > 0) {
  lines.push(
    '',
    'With zones (interconnect: every node its own zone and NB ovsdb-server; one process drives all zones; CPU server = the sum over all servers; failover = eip-000, whose pods are spread over every zone):',
    '',
    '| pods / zones (= nodes) / EgressIPs | servers started (ms) | NB server RSS empty / after cold start (MB each) | cold start (ms) | cold start µs/pod | CPU controller / servers (ms) | NB ops | converged restart (ms) | restart µs/pod | failover of eip-000 (pods served): first / warm median (ms) | controller heap | heap B/pod | heap B/pod after restart | peak RSS (MB) | load (1/5/15) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...zoneResults.map((r) => {
      const p = r.shape.pods;
      return `| ${f0(p)} / ${r.zones} / ${f0(r.shape.egressIPs)} | ${f0(r.startMs)} | ${r.serverRssEmptyMb.toFixed(1)} / ${r.serverRssMb.toFixed(1)} | ${f0(r.cold.ms)} | ${us(r.cold.ms, p)} | ${f0(r.cold.cpu)} / ${f0(r.cold.serverCpu)} | ${f0(r.coldOps)} | ${f0(r.restart.ms)} | ${us(r.restart.ms, p)} | ${f0(r.first.ms)} / ${f0(r.warm)} (${f0(r.shape.bigPods)}) | ${(r.heap / 2 ** 20).toFixed(1)} MB | ${f0(r.heap / p)} | ${f0(r.restartHeap / p)} | ${f0(r.rssMb)} | ${r.load} |`;
    }),
  );
  const zspread = (k) => {
    const xs = zoneResults.map(k);
    return Math.max(...xs) / Math.min(...xs);
  };
  lines.push(
    '',
    `With zones, cost per pod largest / smallest: cold start ${zspread((r) => r.cold.ms / r.shape.pods).toFixed(2)}x, restart ${zspread((r) => r.restart.ms / r.shape.pods).toFixed(2)}x, heap ${zspread((r) => r.heap / r.shape.pods).toFixed(2)}x, heap after restart ${zspread((r) => r.restartHeap / r.shape.pods).toFixed(2)}x.`,
  );
}
const table = lines.join('\n');
console.log(table);
if (process.env.BENCH_SCALE || process.env.BENCH_SINGLE === '0') process.exit(0);
const docs = join(import.meta.dirname, '..', '..', 'docs', 'benchmarks');
mkdirSync(docs, { recursive: true });
const file = join(docs, 'controller-scale.md');
if (!existsSync(file)) {
  writeFileSync(
    file,
    '# EgressIP controller scale curves\n\nProduced by `node bench/controller-scale/run.mjs` (in-process controller NB side against a real ovsdb-server on a unix socket, single zone, a fresh server per size). Cold start = one full reconcile after topology init; restart = new connection with a full replica sync, stale-row sync and reconcile (must write nothing); failover = eip-000, serving a tenth of the pods, moves to another node (per-EgressIP reconcile, committed). Heap = heap held after the cold start over the heap before the NB connection (after GC); heap after restart = the same after the converged restart (after the cold start session was closed). Chart: `controller-scale.svg`. Targets: cost per pod flat within 20%, cold start of 100k pods < 15 s, failover of one IP serving 10k pods < 1 s, heap < 1 KB/pod.\n',
  );
}
appendFileSync(
  file,
  `\n## ${new Date().toISOString()} (node ${process.version}, load average at start ${loadAtStart})\n\n${table}\n`,
);
writeFileSync(join(docs, 'controller-scale.svg'), scaleChartSvg(results, zoneResults));
