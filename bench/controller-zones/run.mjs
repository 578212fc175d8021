// Interconnect zones at scale: 50 nodes, each its own zone with its own NB ovsdb-server (unix
// sockets), 200 EgressIPs, 10,000 pods; the first EgressIP serves 1,000 pods spread over 10
// zones. Cold start of every zone (in parallel, as one process driving all zones does), then a
// failover of that IP: from the status change to the last commit in the last zone. In-process
// timings (controller = this node process; servers = the 50 ovsdb-server processes, summed).
// Imports the BUILT packages: `npx tsc -b` first. Run: `npm run bench -- controller-zones`.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openNbConnection, topologyInit } from '@ovnkit/egressip-controller';
import { startOvsdbServer } from '@ovnkit/testkit';
import { withEgressIPOn, zonedCluster } from '../controller/cluster.mjs';
import { zonesNbSide } from '../controller/zone-side.mjs';
import { median, timedWithServers } from '../lib/measure.mjs';

const SHAPE = { nodes: 50, egressIPs: 200, pods: 10_000, bigPods: 1_000 };
const BIG_ZONES = 10;
const CONFIG = { profile: 'B' };
const ms = (t) => `${t.toFixed(0)} ms`;

const cluster = zonedCluster(SHAPE);
// eip-000's 1,000 pods live on the first 10 nodes only.
let k = 0;
for (const p of cluster.pods) {
  if (p.metadata.namespace === 'ns-000') p.spec.nodeName = cluster.nodes[k++ % BIG_ZONES].metadata.name;
}

const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
const servers = await Promise.all(cluster.nodes.map(() => startOvsdbServer({ schemas: ['nb'] })));
const time = (fn) =>
  timedWithServers(
    servers.map((s) => s.pid),
    fn,
  );
const cpu = (t) => `${t.cpu.toFixed(0)} ms / ${t.serverCpu.toFixed(0)} ms`;
const rows = [];
const conns = [];
try {
  // Each zone's NB holds its own node's topology (what ovn-kubernetes' other components create).
  await Promise.all(
    servers.map((s, i) => topologyInit({ remote: s.remote, nodes: [cluster.nodes[i]], config: CONFIG })),
  );
  const connect = await time(() => Promise.all(servers.map((s) => openNbConnection({ remote: s.remote }))));
  conns.push(...connect.value);
  rows.push(['connect 50 zone NB sessions (replicas synced)', ms(connect.ms), cpu(connect), '', '']);
  const nb = zonesNbSide(conns, cluster.nodes, CONFIG);
  const perZone = () => conns.map((c) => c.nb.writeTransactions);

  const cold = await time(() => nb.reconcile(cluster));
  rows.push([
    'cold start: all 50 zones, 200 EgressIPs, 10,000 pods',
    ms(cold.ms),
    cpu(cold),
    `${cold.value.transactions} txn, ${cold.value.operations} ops`,
    '< 10 s',
  ]);
  const again = await time(() => nb.reconcile(cluster));
  rows.push([
    'converged: full reconcile of all zones again',
    ms(again.ms),
    cpu(again),
    `${again.value.transactions} txn`,
    '0 writes',
  ]);

  // Failover of eip-000 (1,000 pods in 10 zones): the runner's per-EgressIP reconcile, fanned out.
  const moved = (node) => withEgressIPOn(cluster, 0, node);
  const runs = [];
  for (let n = 1; n <= 6; n++) {
    const before = perZone();
    const t = await time(() => nb.reconcileEgressIP('eip-000', moved(n)));
    const after = perZone();
    const zonesWritten = after.filter((w, i) => w > before[i]).length;
    runs.push({ ...t, txns: after.reduce((a, w, i) => a + w - before[i], 0), zonesWritten });
  }
  const first = runs[0];
  rows.push([
    'failover: 1 egress IP, 1,000 pods over 10 zones, status change -> last commit in the last zone (first)',
    ms(first.ms),
    cpu(first),
    `${first.txns} txn in ${first.zonesWritten} zones, ${first.value.operations} ops`,
    '< 0.5 s',
  ]);
  const warm = runs.slice(1).map((r) => r.ms);
  const med = runs.slice(1).sort((a, b) => a.ms - b.ms)[2];
  rows.push([
    'failover, warm (median of 5 more moves)',
    ms(median(warm)),
    cpu(med),
    `min ${ms(Math.min(...warm))}, max ${ms(Math.max(...warm))}`,
    '< 0.5 s',
  ]);
  globalThis.gc?.();
  const mem = process.memoryUsage();
  rows.push([
    'memory after the runs (controller process)',
    `heap ${(mem.heapUsed / 2 ** 20).toFixed(1)} MB`,
    '',
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    '',
  ]);
  await nb.close();
} finally {
  const keepAlive = setInterval(() => {}, 1000);
  await Promise.all(servers.map((s) => s.stop()));
  clearInterval(keepAlive);
}

const table = [
  '| case | wall time | CPU: controller / 50 ovsdb-servers | writes | target |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);
const docs = join(import.meta.dirname, '..', '..', 'docs', 'benchmarks');
const file = join(docs, 'controller-zones.md');
mkdirSync(docs, { recursive: true });
if (!existsSync(file)) {
  writeFileSync(
    file,
    '# EgressIP controller: interconnect zones at scale\n\nProduced by `node --expose-gc bench/controller-zones/run.mjs` (or `npm run bench -- controller-zones`): one node process driving 50 zones, each zone its own ovsdb-server (OVS 3.1, NB schema 7.0.0) on a unix socket. Times are in-process wall clock on the shared 2-core box; CPU columns are this process and the sum of the 50 servers.\n',
  );
}
appendFileSync(
  file,
  `\n## ${new Date().toISOString()} (node ${process.version}, ${SHAPE.nodes} zones, ${SHAPE.egressIPs} EgressIPs, ${SHAPE.pods} pods, eip-000 serving ${SHAPE.bigPods} pods in ${BIG_ZONES} zones; load average at start ${load})\n\n${table}\n`,
);
