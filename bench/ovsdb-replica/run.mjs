// Replica benchmark: initial sync of OVN_Northbound Logical_Switch rows (100k, then 200k) into the
// @ovnkit/ovsdb replica, side by side with python-ovs's IDL and `ovn-nbctl list` (C IDL) on the
// same server; heap per replicated row; update fan-out latency; index lookup vs scan.
// Run: npx tsc -b && node --expose-gc bench/ovsdb-replica/run.mjs
import { execFile, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { connect, openSession } from '@ovnkit/ovsdb';
import { findBinary, SCHEMAS, startOvsdbServer } from '@ovnkit/testkit';
import { rawSerial } from '../ovsdb-protocol/raw-client.mjs';

if (typeof globalThis.gc !== 'function') {
  // Heap figures need a real GC before each reading.
  const r = spawnSync(process.execPath, ['--expose-gc', import.meta.filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

const execFileP = promisify(execFile);
const here = import.meta.dirname;
const root = join(here, '..', '..');
const DB = 'OVN_Northbound';
const TABLE = 'Logical_Switch';
const BATCH = 10_000;
// BENCH_SIZES=5000,10000 for a quick check of the script itself (no record is written then).
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : [100_000, 200_000];

const row = (i) => ({
  name: `ls-${i}`,
  external_ids: [
    'map',
    [
      ['k8s.ovn.org/owner-type', 'bench'],
      ['k8s.ovn.org/id', `id-${i}`],
      ['zone', `z${i % 16}`],
    ],
  ],
  other_config: ['map', [['subnet', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.0/24`]]],
});

async function load(client, from, to) {
  for (let i = from; i < to; i += BATCH) {
    const ops = [];
    for (let j = i; j < Math.min(to, i + BATCH); j++) ops.push({ op: 'insert', table: TABLE, row: row(j) });
    await client.transact(DB, ops);
  }
}

function heapUsed() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

async function ourSync(remote, rows) {
  const t0 = performance.now();
  const s = openSession({ remotes: remote, db: DB, tables: { [TABLE]: {} }, indexes: { [TABLE]: ['name'] } });
  s.onStatus((st) => {
    if (st.state === 'disconnected') console.error(`replica session disconnected: ${st.reason}`);
  });
  await s.ready;
  const ms = performance.now() - t0;
  if (s.replica.table(TABLE).size !== rows)
    throw new Error(`replica has ${s.replica.table(TABLE).size} rows, expected ${rows}`);
  return { s, ms, heapWith: heapUsed() };
}

/** Heap the replica holds: heap with the session alive minus heap once it is closed and dropped. */
async function closeAndMeasure(ours, rows) {
  await ours.s.close();
  ours.s = undefined;
  // Let the closed socket's last callbacks run so nothing else still points at the replica.
  await new Promise((r) => setTimeout(r, 500));
  ours.perRow = (ours.heapWith - heapUsed()) / rows;
}

async function pythonSync(remote, rows) {
  const { stdout } = await execFileP(
    '/usr/bin/python3',
    [join(here, 'python-idl.py'), remote, SCHEMAS.nb, TABLE, String(rows)],
    {
      maxBuffer: 1 << 20,
    },
  );
  const [secs, n, rssKb] = stdout.trim().split(' ').map(Number);
  if (n !== rows) throw new Error(`python IDL saw ${n} rows`);
  return { ms: secs * 1000, rssKb };
}

async function nbctlList(remote) {
  const t0 = performance.now();
  const { stdout } = await execFileP(findBinary('ovn-nbctl'), [`--db=${remote}`, 'list', TABLE], {
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  return { ms, bytes: stdout.length };
}

/**
 * The server's floor: a bare socket sends the same monitor_cond_since a replica sends and only
 * waits for the last byte of the reply (nothing parsed). No client can sync faster than this.
 */
function rawMonitorFloor(socketPath) {
  const req = JSON.stringify({
    id: 1,
    method: 'monitor_cond_since',
    params: [DB, ['floor', null], { [TABLE]: [{}] }, '00000000-0000-0000-0000-000000000000'],
  });
  return rawSerial(socketPath, [req]);
}

/** Another floor: the server's own dump of the table, with no replica at all. */
async function clientDump(remote) {
  const t0 = performance.now();
  await execFileP(findBinary('ovsdb-client'), ['--format=json', 'dump', remote, DB, TABLE], {
    maxBuffer: 1 << 30,
  });
  return { ms: performance.now() - t0 };
}

async function fanOut(s, writer, n) {
  const lat = [];
  for (let i = 0; i < n; i++) {
    const name = `fan-${i}`;
    const seen = new Promise((resolve) => {
      const off = s.replica.onChange((b) => {
        if (b.changes.some((c) => c.kind === 'insert' && c.new.name === name)) {
          off();
          resolve(performance.now());
        }
      });
    });
    const t0 = performance.now();
    await writer.transact(DB, [{ op: 'insert', table: TABLE, row: { name } }]);
    lat.push((await seen) - t0);
  }
  lat.sort((a, b) => a - b);
  return { p50: lat[Math.floor(n / 2)], p99: lat[Math.floor(n * 0.99)], max: lat[n - 1] };
}

function lookups(s, rows) {
  const t = s.replica.table(TABLE);
  const idx = t.index('name');
  const N = 200_000;
  let hits = 0;
  let t0 = performance.now();
  for (let i = 0; i < N; i++) if (idx.get(`ls-${(i * 7919) % rows}`)) hits++;
  const lookupUs = ((performance.now() - t0) * 1000) / N;
  if (hits !== N) throw new Error('index missed rows');
  const M = 20;
  t0 = performance.now();
  for (let i = 0; i < M; i++) {
    const want = `ls-${(i * 7919) % rows}`;
    if (t.filter((r) => r.name === want).length !== 1) throw new Error('scan missed');
  }
  const scanUs = ((performance.now() - t0) * 1000) / M;
  return { lookupUs, scanUs };
}

const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

// The harness does not keep the event loop alive while it waits for the server to exit.
const keepAlive = setInterval(() => {}, 1000);
const server = await startOvsdbServer({ schemas: ['nb'] });
const writer = await connect({ remote: server.remote });
const lines = [];
const results = [];
try {
  let loaded = 0;
  for (const rows of SIZES) {
    const t0 = performance.now();
    await load(writer, loaded, rows);
    loaded = rows;
    const loadMs = performance.now() - t0;
    // Each client syncs alone, on a fresh monitor, so none profits from another's server-side cache.
    const py = await pythonSync(server.remote, rows);
    const c = await nbctlList(server.remote);
    const dump = await clientDump(server.remote);
    const floor = await rawMonitorFloor(server.socket);
    const ours = await ourSync(server.remote, rows);
    console.error(
      `${rows} rows: load ${Math.round(loadMs)} ms, python ${Math.round(py.ms)} ms, ovn-nbctl ${Math.round(c.ms)} ms, ovsdb-client dump ${Math.round(dump.ms)} ms, raw monitor floor ${Math.round(floor)} ms, ours ${Math.round(ours.ms)} ms`,
    );
    results.push({ rows, loadMs, ours, py, c, dump, floor });
    if (rows === SIZES[SIZES.length - 1]) {
      const fan = await fanOut(ours.s, writer, 200);
      const lk = lookups(ours.s, rows);
      results.push({ fan, lk });
    }
    await closeAndMeasure(ours, rows);
  }
} finally {
  await writer.close();
  await server.stop();
  clearInterval(keepAlive);
}

const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
lines.push(
  `### ${date} UTC — ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}`,
  '',
);
lines.push(
  'Initial sync of `Logical_Switch` (name, 3-key external_ids, 1-key other_config) over a unix socket; each client replicates the whole table.',
  '',
);
lines.push(
  '| rows | @ovnkit/ovsdb replica | rows/s | heap/row | python-ovs IDL | ovn-nbctl list (C IDL) | vs nbctl | vs python |',
);
lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results.filter((x) => x.rows)) {
  lines.push(
    `| ${fmt(r.rows)} | ${fmt(r.ours.ms)} ms | ${fmt(r.rows / (r.ours.ms / 1000))} | ${fmt(r.ours.perRow)} B | ${fmt(r.py.ms)} ms | ${fmt(r.c.ms)} ms | ${fmt(r.c.ms / r.ours.ms, 1)}x | ${fmt(r.py.ms / r.ours.ms, 1)}x |`,
  );
}
const extra = results.find((x) => x.fan);
lines.push('');
lines.push(`| measurement (${fmt(SIZES[SIZES.length - 1])} rows replicated) | value |`);
lines.push('| --- | ---: |');
lines.push(
  `| fan-out: another client's insert -> replica event, p50 / p99 / max (200 commits) | ${fmt(extra.fan.p50, 2)} / ${fmt(extra.fan.p99, 2)} / ${fmt(extra.fan.max, 2)} ms |`,
);
lines.push(`| index lookup by name | ${fmt(extra.lk.lookupUs, 3)} µs |`);
lines.push(`| scan (filter) for one name | ${fmt(extra.lk.scanUs)} µs |`);
for (const r of results.filter((x) => x.rows)) {
  lines.push(`| server load of ${fmt(r.rows)} rows (10k per transact) | ${fmt(r.loadMs)} ms |`);
  lines.push(
    `| floor: \`ovsdb-client dump\` of the ${fmt(r.rows)} rows (no replica) | ${fmt(r.dump.ms)} ms |`,
  );
  lines.push(
    `| floor: raw socket, monitor_cond_since of the ${fmt(r.rows)} rows, request to last byte (nothing parsed) | ${fmt(r.floor)} ms |`,
  );
}
lines.push(
  '',
  `Load average at the end of the run: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} (shared box; all clients use the same server).`,
);
lines.push(
  '',
  'python-ovs time is in-process (IDL creation to last row); ovn-nbctl time is the whole command (start, sync, format, print).',
  '',
);
const table = lines.join('\n');
console.log(table);
if (process.env.BENCH_SIZES) process.exit(0);
const out = join(root, 'docs', 'benchmarks', 'ovsdb-replica.md');
mkdirSync(join(root, 'docs', 'benchmarks'), { recursive: true });
if (!existsSync(out)) {
  writeFileSync(
    out,
    '# @ovnkit/ovsdb replica benchmarks\n\nProduced by `node bench/ovsdb-replica/run.mjs` (after `npx tsc -b`). Newest runs last.\n\nTargets: initial sync >= 2.5x faster than `ovn-nbctl list`, >= 8x faster than python-ovs, < 1 KB heap per replicated row.\n\n',
  );
}
appendFileSync(out, `${table}\n`);
