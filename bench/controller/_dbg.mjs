import { NbReconciler, openNbConnection, topologyInit } from '@ovnkit/egressip-controller';
import { startOvsdbServer } from '@ovnkit/testkit';
import { egressIP, makeCluster } from '/work/main/bench/controller/cluster.mjs';
const server = await startOvsdbServer({ schemas: ['nb'] });
const cluster = makeCluster({ nodes: 50, egressIPs: 200, pods: 10000, bigPods: 1000 });
const conn = await openNbConnection({ remote: server.remote });
await topologyInit({ nb: conn.nb, nodes: cluster.nodes });
const r = new NbReconciler({ nb: conn.nb, snapshot: () => conn.snapshot() });
await r.reconcile(cluster);
for (const node of [1, 2, 3]) {
  const moved = { ...cluster, egressIPs: cluster.egressIPs.map((e, i) => (i === 0 ? egressIP(0, node, cluster.nodes) : e)) };
  let t = performance.now(); const c0 = process.cpuUsage();
  const p = await r.plan(moved, { egressIP: 'eip-000' });
  const tp = performance.now() - t; const cp = process.cpuUsage(c0);
  t = performance.now();
  await r.reconcile(moved, { egressIP: 'eip-000' });
  const tr = performance.now() - t; const cr = process.cpuUsage(c0);
  console.error(`plan ${tp.toFixed(0)}ms cpu ${(cp.user+cp.system)/1000|0}ms; full reconcile ${tr.toFixed(0)}ms cpu-total ${(cr.user+cr.system)/1000|0}ms`, p.units.length);
}
const keep = setInterval(() => {}, 1000);
await conn.close(); await server.stop(); clearInterval(keep);
