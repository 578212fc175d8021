// Replica benchmark on the realistic ovn-kubernetes-shaped NB (bench/lib/nb-fixture.mjs) at 10k,
// 50k and 200k rows. In the same run, against the same server, one client at a time:
//  - @ovnkit/ovsdb: a session replicating every NB table, in its own process (sync-child.mjs);
//  - `ovn-nbctl show` (the C IDL, whole process, output to /dev/null);
//  - python-ovs's IDL replicating every table (in-process time);
//  - a raw socket client (request, collect, JSON.parse) and the server's floor (request to the
//    last byte of the same monitor reply, nothing parsed).
// Peak memory per row is whole-process peak RSS minus the same tool's peak RSS on an empty NB.
// Then, on the largest size, update fan-out latency and index lookup vs scan (in-process).
// Run: npx tsc -b && node --expose-gc bench/ovsdb-replica/run.mjs
import { execFile, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { connect, openSession } from '@ovnkit/ovsdb';
import { findBinary, SCHEMAS } from '@ovnkit/testkit';
import { startFixtureServer } from '../lib/fixture-server.mjs';
import { median } from '../lib/measure.mjs';
import { monitorAllRequest, rawMonitor } from '../lib/raw-monitor.mjs';

const execFileP = promisify(execFile);
const here = import.meta.dirname;
const root = join(here, '..', '..');
const DB = 'OVN_Northbound';
// BENCH_SIZES=5000,10000 for a quick check of the script itself (no record is written then).
const SIZES = process.env.BENCH_SIZES
  ? process.env.BENCH_SIZES.split(',').map(Number)
  : [10_000, 50_000, 200_000];
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
// Above this size each client runs once (a 200k-row sync takes many seconds per client).
const REPEAT_MAX = Number(process.env.BENCH_REPEAT_MAX ?? 50_000);
const repeatsFor = (rows) => (rows <= REPEAT_MAX ? REPEATS : 1);
// python-ovs needs minutes for 200k rows; it runs up to this size.
const PYTHON_MAX = Number(process.env.BENCH_PYTHON_MAX ?? 50_000);
const devNull = openSync('/dev/null', 'w');

/** Ours, whole process: `{ ms, rows, heapBytes, maxRssKb }`; `show`: only show's tables and columns. */
async function oursChild(remote, which = 'all') {
  const { stdout } = await execFileP(
    process.execPath,
    ['--expose-gc', join(here, 'sync-child.mjs'), remote, SCHEMAS.nb, which],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout);
}

async function python(remote, rows) {
  const { stdout } = await execFileP(
    '/usr/bin/python3',
    [join(here, 'python-idl.py'), remote, SCHEMAS.nb, String(rows)],
    {
      maxBuffer: 1 << 20,
    },
  );
  const [secs, n, maxRssKb] = stdout.trim().split(' ').map(Number);
  if (n !== rows) throw new Error(`python IDL saw ${n} rows, expected ${rows}`);
  return { ms: secs * 1000, maxRssKb };
}

/** `ovn-nbctl show`, output to /dev/null: wall ms and peak RSS (GNU time). */
function nbctlShow(remote) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', findBinary('ovn-nbctl'), `--db=${remote}`, 'show'], {
    stdio: ['ignore', devNull, 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`ovn-nbctl show failed: ${r.stderr}`);
  return { ms, maxRssKb: Number(r.stderr.trim().split('\n').pop()) };
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
    await writer.transact(DB, [{ op: 'insert', table: 'Address_Set', row: { name } }]);
    lat.push((await seen) - t0);
  }
  lat.sort((a, b) => a - b);
  return { p50: lat[Math.floor(n / 2)], p99: lat[Math.floor(n * 0.99)], max: lat[n - 1] };
}

function lookups(s) {
  const t = s.replica.table('Logical_Switch_Port');
  const names = [...t].map((r) => r.name);
  const idx = t.index('name');
  const N = 200_000;
  let hits = 0;
  let t0 = performance.now();
  for (let i = 0; i < N; i++) if (idx.get(names[(i * 7919) % names.length])) hits++;
  const lookupUs = ((performance.now() - t0) * 1000) / N;
  if (hits !== N) throw new Error('index missed rows');
  const M = 20;
  t0 = performance.now();
  for (let i = 0; i < M; i++) {
    const want = names[(i * 7919) % names.length];
    if (t.filter((r) => r.name === want).length !== 1) throw new Error('scan missed');
  }
  return { lookupUs, scanUs: ((performance.now() - t0) * 1000) / M, rows: names.length };
}

const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
const request = monitorAllRequest(SCHEMAS.nb, DB);

// Baselines: each tool's peak RSS against an empty NB.
const empty = await startFixtureServer(0);
const base = {};
try {
  const o = [];
  const oShow = [];
  for (let i = 0; i < 3; i++) {
    o.push((await oursChild(empty.server.remote)).maxRssKb);
    oShow.push((await oursChild(empty.server.remote, 'show')).maxRssKb);
  }
  base.ours = median(o);
  base.oursShow = median(oShow);
  base.nbctl = median([0, 1, 2].map(() => nbctlShow(empty.server.remote).maxRssKb));
  base.py = (await python(empty.server.remote, 0)).maxRssKb;
} finally {
  await empty.stop();
}

const results = [];
let extra;
const loadAtStart = loadNow();
for (const target of SIZES) {
  const fx = await startFixtureServer(target);
  const { server, fixture } = fx;
  const rows = fixture.rows;
  try {
    const runs = { ours: [], oursShow: [], nbctl: [], raw: [], py: [] };
    // Alternate the clients, one at a time, so load spikes spread over all of them.
    for (let i = 0; i < repeatsFor(rows); i++) {
      const o = await oursChild(server.remote);
      if (o.rows !== rows) throw new Error(`replica has ${o.rows} rows, the fixture ${rows}`);
      runs.ours.push(o);
      runs.oursShow.push(await oursChild(server.remote, 'show'));
      runs.nbctl.push(nbctlShow(server.remote));
      runs.raw.push(await rawMonitor(server.socket, request));
    }
    if (rows <= PYTHON_MAX) runs.py.push(await python(server.remote, rows));
    const med = (xs, k) => median(xs.map((x) => x[k]));
    const r = {
      rows,
      fixture,
      writeMs: fx.writeMs,
      startMs: fx.startMs,
      ours: med(runs.ours, 'ms'),
      oursMonitor: med(runs.ours, 'monitorMs'),
      oursHeap: med(runs.ours, 'heapBytes') / rows,
      oursRss: ((med(runs.ours, 'maxRssKb') - base.ours) * 1024) / rows,
      oursShow: med(runs.oursShow, 'ms'),
      oursShowRss: ((med(runs.oursShow, 'maxRssKb') - base.oursShow) * 1024) / rows,
      nbctl: med(runs.nbctl, 'ms'),
      nbctlRss: ((med(runs.nbctl, 'maxRssKb') - base.nbctl) * 1024) / rows,
      floor: med(runs.raw, 'lastByteMs'),
      raw: med(runs.raw, 'parsedMs'),
      mb: runs.raw[0].bytes / 1e6,
      py: runs.py[0]?.ms,
      pyRss: runs.py[0] ? ((runs.py[0].maxRssKb - base.py) * 1024) / rows : undefined,
      load: loadNow(),
    };
    results.push(r);
    console.error(
      `${rows} rows: ours ${fmt(r.ours)} ms (monitor request to ready ${fmt(r.oursMonitor)} ms; show's columns ${fmt(r.oursShow)} ms), ovn-nbctl show ${fmt(r.nbctl)} ms, raw ${fmt(r.raw)} ms, floor ${fmt(r.floor)} ms, python ${r.py ? fmt(r.py) : '-'} ms (load ${r.load})`,
    );
    if (target === SIZES[SIZES.length - 1]) {
      // In-process extras on the largest database: fan-out latency and lookups.
      const s = openSession({
        remote: server.remote,
        db: DB,
        tables: { Address_Set: {}, Logical_Switch_Port: {} },
        indexes: { Logical_Switch_Port: ['name'] },
      });
      await s.ready;
      const writer = await connect({ remote: server.remote });
      try {
        extra = { fan: await fanOut(s, writer, 200), lk: lookups(s) };
      } finally {
        await writer.close();
        await s.close();
      }
    }
  } finally {
    await fx.stop();
  }
}

const lines = [];
const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
lines.push(
  `### ${date} UTC — ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, load average at start ${loadAtStart}`,
  '',
);
lines.push(
  'Initial sync of the realistic NB fixture (`bench/lib/nb-fixture.mjs`, every table replicated by ovnkit, python-ovs and the raw client; `ovn-nbctl show` monitors the tables and columns `show` prints). Medians of ' +
    `${REPEATS} runs up to ${REPEAT_MAX.toLocaleString('en-US')} rows, one run above (python-ovs: 1). Times: ovnkit = openSession to ready, inside its own process (and, like with like with the floor, from sending the data monitor request to ready); ovn-nbctl = whole process (start, sync of show's columns, format, print to /dev/null: compared with ovnkit on the same columns only; bench/cli compares the whole \`show\` commands); python-ovs = IDL creation to the last row; raw = request to JSON.parse done; floor = request to the reply's last byte. Memory: whole-process peak RSS minus the same tool's peak RSS on an empty NB, per row.`,
  '',
);
lines.push(
  "| rows | reply | ovnkit sync | ovnkit monitor request to ready | ovnkit sync, show's columns | ovn-nbctl show | ovnkit show's columns / nbctl | floor | ovnkit / floor (sync / monitor) | raw socket + JSON.parse | python-ovs IDL | peak RSS/row ovnkit (all / show's columns) | peak RSS/row ovn-nbctl | peak RSS/row python-ovs | ovnkit heap/row | load (1/5/15) |",
);
lines.push(
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
);
for (const r of results) {
  lines.push(
    `| ${fmt(r.rows)} | ${fmt(r.mb, 1)} MB | ${fmt(r.ours)} ms | ${fmt(r.oursMonitor)} ms | ${fmt(r.oursShow)} ms | ${fmt(r.nbctl)} ms | ${fmt(r.oursShow / r.nbctl, 2)}x | ${fmt(r.floor)} ms | ${fmt(r.ours / r.floor, 2)}x / ${fmt(r.oursMonitor / r.floor, 2)}x | ${fmt(r.raw)} ms | ${r.py ? `${fmt(r.py)} ms` : 'not run'} | ${fmt(r.oursRss)} / ${fmt(r.oursShowRss)} B | ${fmt(r.nbctlRss)} B | ${r.pyRss ? `${fmt(r.pyRss)} B` : '-'} | ${fmt(r.oursHeap)} B | ${r.load} |`,
  );
}
lines.push(
  '',
  '| fixture rows | pods | nodes | namespaces | services | EgressIP pods | db file write | server start (load) |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
);
for (const r of results) {
  const f = r.fixture;
  lines.push(
    `| ${fmt(r.rows)} | ${fmt(f.pods)} | ${fmt(f.nodes)} | ${fmt(f.namespaces)} | ${fmt(f.services)} | ${fmt(f.egressPods)} | ${fmt(r.writeMs)} ms | ${fmt(r.startMs)} ms |`,
  );
}
lines.push('');
lines.push(
  `| measurement (${fmt(results.at(-1).rows)}-row fixture; Address_Set and Logical_Switch_Port replicated, in-process) | value |`,
);
lines.push('| --- | ---: |');
lines.push(
  `| fan-out: another client's insert -> replica event, p50 / p99 / max (200 commits) | ${fmt(extra.fan.p50, 2)} / ${fmt(extra.fan.p99, 2)} / ${fmt(extra.fan.max, 2)} ms |`,
);
lines.push(`| index lookup by name (${fmt(extra.lk.rows)} ports) | ${fmt(extra.lk.lookupUs, 3)} µs |`);
lines.push(`| scan (filter) for one name | ${fmt(extra.lk.scanUs)} µs |`);
lines.push('', `Load average at the end: ${loadNow()} (2-core box shared with other work).`, '');
const table = lines.join('\n');
console.log(table);
if (process.env.BENCH_SIZES) process.exit(0);
const out = join(root, 'docs', 'benchmarks', 'ovsdb-replica.md');
mkdirSync(join(root, 'docs', 'benchmarks'), { recursive: true });
if (!existsSync(out))
  writeFileSync(
    out,
    '# @ovnkit/ovsdb replica benchmarks\n\nProduced by `node bench/ovsdb-replica/run.mjs`. Newest runs last.\n\n',
  );
appendFileSync(out, `${table}\n`);
