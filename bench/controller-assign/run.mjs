// EgressIP node assignment benchmarks (the cluster-manager half), against the BUILT package:
// - pure allocateCluster at the OpenShift scale-test shapes (24 nodes / 2,400 EgressIPs and
//   120 nodes / 12,000 EgressIPs, one IP each), cold and re-run on its own output;
// - the runner end to end in manifest mode (no NB): runOnce over 1,000 EgressIPs written to a
//   status file, then a node failover noticed through the file watcher.
// Prints a markdown table and appends a dated record to docs/benchmarks/controller-assign.md.

import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocateCluster, createController, createManifestSource } from '@ovnkit/egressip-controller';
import { peakRssMb } from '../lib/measure.mjs';

const heapMb = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const ms = (t) => `${t.toFixed(0)} ms`;

function node(i, labelled = true) {
  const ip = `10.${Math.floor(i / 250)}.${i % 250}.10`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `worker-${i}`,
      labels: labelled ? { 'k8s.ovn.org/egress-assignable': '' } : {},
      annotations: {
        'k8s.ovn.org/node-primary-ifaddr': JSON.stringify({
          ipv4: '172.16.0.0/12'.replace('0.0/12', `${i % 250}.${10 + Math.floor(i / 250)}/12`),
        }),
        'k8s.ovn.org/host-cidrs': JSON.stringify([`172.16.${i % 250}.${10 + Math.floor(i / 250)}/12`]),
        'k8s.ovn.org/node-subnets': JSON.stringify({ default: [`${ip.replace(/\.10$/, '.0')}/24`] }),
      },
    },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function egressIP(i) {
  return {
    apiVersion: 'k8s.ovn.org/v1',
    kind: 'EgressIP',
    metadata: { name: `eip-${i}` },
    spec: {
      egressIPs: [`172.${20 + Math.floor(i / 65000)}.${Math.floor((i % 65000) / 250)}.${(i % 250) + 1}`],
      namespaceSelector: { matchLabels: { eip: `eip-${i}` } },
    },
  };
}

const rows = [];
function benchPure(nodes, eips) {
  const ns = Array.from({ length: nodes }, (_, i) => node(i));
  const es = Array.from({ length: eips }, (_, i) => egressIP(i));
  const t0 = performance.now();
  const first = allocateCluster(es, ns);
  const cold = performance.now() - t0;
  let assigned = 0;
  const perNode = new Map();
  for (const items of first.status.values()) {
    assigned += items.length;
    for (const it of items) perNode.set(it.node, (perNode.get(it.node) ?? 0) + 1);
  }
  const counts = [...perNode.values()];
  const withStatus = es.map((e) => ({ ...e, status: { items: first.status.get(e.metadata.name) } }));
  const t1 = performance.now();
  const again = allocateCluster(withStatus, ns);
  const warm = performance.now() - t1;
  rows.push([
    `allocateCluster cold, ${nodes} nodes / ${eips} EgressIPs`,
    ms(cold),
    `${assigned} assigned, ${first.passes} passes, per node ${Math.min(...counts)}..${Math.max(...counts)}`,
  ]);
  rows.push([`allocateCluster converged re-run (no change)`, ms(warm), `${again.passes} pass`]);
}

benchPure(24, 2400);
benchPure(120, 12000);

// Runner end to end, manifest mode.
const dir = mkdtempSync(join(tmpdir(), 'ovnkit-bench-assign-'));
try {
  const N = 24;
  const E = 1000;
  mkdirSync(join(dir, 'cluster'));
  for (let i = 0; i < N; i++) writeFileSync(join(dir, 'cluster', `node-${i}.json`), JSON.stringify(node(i)));
  writeFileSync(
    join(dir, 'cluster', 'egressips.json'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: Array.from({ length: E }, (_, i) => egressIP(i)),
    }),
  );
  const statusFile = join(dir, 'status.json');
  const heap0 = heapMb();
  const t0 = performance.now();
  const summary = await createController({
    source: createManifestSource({ dir: join(dir, 'cluster'), statusFile, watch: false }),
  }).runOnce();
  const once = performance.now() - t0;
  rows.push([
    `runner runOnce, manifests, ${N} nodes / ${E} EgressIPs (no NB)`,
    ms(once),
    `${summary.statusWrites} status writes, ${summary.failures.length} failures`,
  ]);

  // Failover: unlabel one node in the files; time until every IP it held has moved.
  const source = createManifestSource({ dir: join(dir, 'cluster'), statusFile, debounceMs: 20 });
  const c = createController({ source });
  await c.start();
  await c.idle();
  const onNode0 = c.view.egressIPs().filter((e) => e.status?.items?.[0]?.node === 'worker-0').length;
  const t1 = performance.now();
  writeFileSync(join(dir, 'cluster', 'node-0.json'), JSON.stringify(node(0, false)));
  for (;;) {
    await new Promise((r) => setTimeout(r, 5));
    const left = c.view.egressIPs().filter((e) => e.status?.items?.[0]?.node === 'worker-0').length;
    const unassigned = c.view.egressIPs().filter((e) => (e.status?.items?.length ?? 0) === 0).length;
    if (left === 0 && unassigned === 0) break;
    if (performance.now() - t1 > 60_000) throw new Error('failover did not converge in 60 s');
  }
  const failover = performance.now() - t1;
  await c.idle();
  const heap1 = heapMb();
  await c.stop();
  rows.push([
    `failover: node unlabelled in the files, ${onNode0} IPs moved`,
    ms(failover),
    'file change -> all statuses rewritten (20 ms debounce included)',
  ]);
  rows.push([
    'heap after runner (1,000 EgressIPs, 24 nodes)',
    `${(heap1 - heap0).toFixed(1)} MB over start`,
    '',
  ]);
  rows.push(['peak RSS of the process', `${peakRssMb().toFixed(0)} MB`, '']);
  JSON.parse(readFileSync(statusFile, 'utf8'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const table = [
  '| case | time | notes |',
  '| --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);
const out = join(import.meta.dirname, '../../docs/benchmarks/controller-assign.md');
if (!existsSync(out)) {
  writeFileSync(
    out,
    '# EgressIP node assignment benchmarks\n\nProduced by `node --expose-gc bench/controller-assign/run.mjs` (or `npm run bench -- controller-assign`) against the built packages. Times are wall clock on the shared 2-core box.\n',
  );
}
appendFileSync(out, `\n## ${new Date().toISOString()} (node ${process.version})\n\n${table}\n`);
