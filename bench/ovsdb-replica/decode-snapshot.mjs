// In-process: decodes one 100k-row update2 snapshot (Logical_Switch-shaped: a 2-uuid ports set,
// a 3-key and a 1-key string map, name) into a Replica; prints the median of BENCH_RUNS (7) runs.
// Usage: node --expose-gc bench/ovsdb-replica/decode-snapshot.mjs [path to an @ovnkit/ovsdb dist/index.js]
// (default: this tree's build), so two builds can be run interleaved on the same machine.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { lsRow } from '../lib/logical-switch-row.mjs';
import { peakRssMb } from '../lib/measure.mjs';

const target = process.argv[2] ?? new URL('../../packages/ovsdb/dist/index.js', import.meta.url).pathname;
const lib = await import(pathToFileURL(target).href);
// The installed OVN's NB schema (OVN 23.03, schema 7.0.0), as the other benches use.
const schemaPath = process.env.OVN_NB_SCHEMA ?? '/usr/share/ovn/ovn-nb.ovsschema';
const schema = lib.parseSchema(JSON.parse(readFileSync(schemaPath, 'utf8')));
const N = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const hex = (i, w) => i.toString(16).padStart(w, '0');
const uuid = (i) => `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`;

// Built once and parsed per run, as the session gets it: JSON.parse gives flat strings, while
// strings built here by concatenation would be ropes, which cost extra on first comparison.
function snapshotText() {
  const rows = {};
  for (let i = 0; i < N; i++) {
    const ports = [
      'set',
      [
        ['uuid', uuid(i + N)],
        ['uuid', uuid(i + 2 * N)],
      ],
    ];
    rows[uuid(i)] = { initial: { ...lsRow(i), ports } };
  }
  return JSON.stringify({ Logical_Switch: rows });
}
const text = snapshotText();

const columns = ['name', 'ports', 'external_ids', 'other_config', 'acls', 'qos_rules', 'load_balancer'];
const times = [];
// CPU ms of this process (main thread and V8's helper threads) per run: steadier than wall time
// on a shared machine.
const cpuTimes = [];
for (let r = 0; r < RUNS; r++) {
  const updates = JSON.parse(text);
  const replica = new lib.Replica({
    tables: lib.tableCodecsFromSchema(schema, { Logical_Switch: { columns } }),
  });
  globalThis.gc?.();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  replica.applySnapshot({ format: 'update2', updates }, { kind: 'full' });
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpuTimes.push((c.user + c.system) / 1000);
  if (replica.table('Logical_Switch').size !== N) throw new Error('rows missing from the replica');
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const { heapUsed, rss } = process.memoryUsage();
console.log(
  JSON.stringify({
    build: target,
    rows: N,
    medianMs: Math.round(times[RUNS >> 1]),
    minMs: Math.round(times[0]),
    medianCpuMs: Math.round(cpuTimes[RUNS >> 1]),
    minCpuMs: Math.round(cpuTimes[0]),
    heapUsedMB: Math.round(heapUsed / 2 ** 20),
    rssMB: Math.round(rss / 2 ** 20),
    peakRssMB: Math.round(peakRssMb()),
  }),
);
