// ovnkit show vs ovn-nbctl show on the realistic NB fixture (bench/lib/nb-fixture.mjs) of about
// 10k, 50k and 200k rows, both against
// the same ovsdb-server in the same run. Prints a markdown table and appends a dated record to
// docs/benchmarks/cli.md. Uses the BUILT packages (run `npx tsc -b` first).
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SHOW_COLUMNS } from '@ovnkit/cli';
import { findBinary } from '@ovnkit/testkit';
import { startFixtureServer } from '../lib/fixture-server.mjs';
import { median, procCpuMs } from '../lib/measure.mjs';
import { rawSerial } from '../ovsdb-protocol/raw-client.mjs';

const root = join(import.meta.dirname, '..', '..');
// The `ovnkit` executable: the one-file bundle (scripts/bundle-cli.mjs) of dist/bin.js.
const ovnkitBin = join(root, 'packages', 'cli', 'dist', 'ovnkit.mjs');
const ovnkitModules = join(root, 'packages', 'cli', 'dist', 'bin.js');
const SIZES = (process.env.OVNKIT_BENCH_SIZES ?? '10000,50000,200000').split(',').map(Number);
const REPEATS = Number(process.env.OVNKIT_BENCH_REPEATS ?? 3);
/** Process starts (bare node, `ovnkit --version`) are cheap and noisy: take more of them. */
const START_REPEATS = 15;
// Above this size each command runs once (at 200k rows one show takes seconds).
const REPEAT_MAX = Number(process.env.OVNKIT_BENCH_REPEAT_MAX ?? 50_000);
const tmpDir = mkdtempSync(join(tmpdir(), 'ovnkit-bench-'));

/**
 * Wall time of the whole command, plus the CPU it used (GNU time, user + sys) and the CPU the
 * server spent answering it: on a shared machine wall time alone is noisy, CPU time is not.
 */
function timeRun(cmd, args, serverPid) {
  const timeFile = join(tmpDir, 'time.txt');
  const s0 = procCpuMs(serverPid);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', cmd, ...args], {
    maxBuffer: 1 << 30,
    encoding: 'buffer',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const serverMs = procCpuMs(serverPid) - s0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, serverMs, out: r.stdout };
}

/**
 * Time from starting `cmd` until its first request reaches a listening peer (a unix socket that
 * notes the first bytes, then kills the command): how soon each client puts the server to work.
 */
function firstRequestMs(cmd, args) {
  const path = join(tmpDir, 'first-request.sock');
  rmSync(path, { force: true });
  return new Promise((resolve, reject) => {
    let t0 = 0n;
    let at;
    let child;
    const peer = createServer((sock) => {
      sock.once('data', () => {
        at ??= Number(process.hrtime.bigint() - t0) / 1e6;
        child?.kill('SIGKILL');
      });
      sock.on('error', () => undefined);
    });
    peer.listen(path, () => {
      t0 = process.hrtime.bigint();
      child = spawn(cmd, [...args(`unix:${path}`)], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', () =>
        peer.close(() => (at === undefined ? reject(new Error(`${cmd}: no request`)) : resolve(at))),
      );
    });
  });
}

/**
 * Floors no client can go below: the server's time to answer the monitor_cond that `show` sends
 * (bare socket, request to last byte, nothing parsed), and a bare Node.js start (`node -e ''`).
 */
async function floors(socketPath, repeats) {
  const req = JSON.stringify({
    id: 1,
    method: 'monitor_cond',
    params: [
      'OVN_Northbound',
      null,
      Object.fromEntries(Object.entries(SHOW_COLUMNS).map(([t, columns]) => [t, { columns }])),
    ],
  });
  const server = [];
  const node = [];
  const version = [];
  const versionModules = [];
  const loading = [];
  const nbctlRequest = [];
  const ovnkitRequest = [];
  const wall = (args) => {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, args);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < repeats; i++) {
    server.push(await rawSerial(socketPath, [req]));
    nbctlRequest.push(await firstRequestMs(nbctl, (db) => [`--db=${db}`, 'show']));
    ovnkitRequest.push(await firstRequestMs(process.execPath, (db) => [ovnkitBin, '--db', db, 'show']));
  }
  // Start-up with module loading and nothing else (`ovnkit --version`, bundled and not) beside a
  // bare node start, interleaved and repeated more: the difference of a few medians of ~80 ms
  // process starts is mostly noise, so module loading is the median of paired differences.
  for (let i = 0; i < Math.max(repeats, START_REPEATS); i++) {
    const bare = wall(['-e', '']);
    const bundled = wall([ovnkitBin, '--version']);
    node.push(bare);
    version.push(bundled);
    loading.push(bundled - bare);
    versionModules.push(wall([ovnkitModules, '--version']));
  }
  return {
    serverFloor: median(server),
    nodeStart: median(node),
    version: median(version),
    versionModules: median(versionModules),
    moduleLoading: median(loading),
    nbctlRequest: median(nbctlRequest),
    ovnkitRequest: median(ovnkitRequest),
  };
}

if (!existsSync(ovnkitBin)) {
  console.error(`bench/cli: ${ovnkitBin} missing; run 'npx tsc -b' first`);
  process.exit(2);
}
const nbctl = findBinary('ovn-nbctl');
const results = [];
try {
  for (const target of SIZES) {
    const fx = await startFixtureServer(target);
    const { server } = fx;
    try {
      const rows = fx.fixture.rows;
      const a = [];
      const b = [];
      let same = true;
      let bytes = 0;
      for (let i = 0; i < (rows <= REPEAT_MAX ? REPEATS : 1); i++) {
        const x = timeRun(nbctl, [`--db=${server.remote}`, 'show'], server.pid);
        const y = timeRun(process.execPath, [ovnkitBin, '--db', server.remote, 'show'], server.pid);
        a.push(x);
        b.push(y);
        bytes = x.out.length;
        same &&= Buffer.compare(x.out, y.out) === 0;
      }
      const med = (xs, k) => median(xs.map((x) => x[k]));
      const floor = await floors(server.socket, rows <= REPEAT_MAX ? REPEATS : 1);
      results.push({
        ...floor,
        rows,
        nbctl: med(a, 'ms'),
        ovnkit: med(b, 'ms'),
        nbctlCpu: med(a, 'cpuMs'),
        ovnkitCpu: med(b, 'cpuMs'),
        nbctlServer: med(a, 'serverMs'),
        ovnkitServer: med(b, 'serverMs'),
        same,
        bytes,
        load: loadavg()
          .map((l) => l.toFixed(1))
          .join(' / '),
      });
    } finally {
      await fx.stop();
    }
  }
} finally {
  rmSync(tmpDir, { recursive: true, force: true });
}

const f0 = (x) => x.toFixed(0);
const table = [
  '| NB rows | wall ovn-nbctl (ms) | wall ovnkit (ms) | wall ratio | CPU ovn-nbctl (ms) | CPU ovnkit (ms) | CPU ratio | server CPU for ovn-nbctl / ovnkit (ms) | floor: server reply to last byte (ms) | floor: bare node start (ms) | start + module loading: `ovnkit --version`, bundled / unbundled (ms) | module loading alone: median of paired (bundled --version minus bare node) (ms) | first request reaches the server, from start: ovn-nbctl / ovnkit show (ms) | output bytes | identical | load (1/5/15) |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | --- |',
  ...results.map(
    (r) =>
      `| ${r.rows} | ${f0(r.nbctl)} | ${f0(r.ovnkit)} | ${(r.ovnkit / r.nbctl).toFixed(2)} | ${f0(r.nbctlCpu)} | ${f0(r.ovnkitCpu)} | ${(r.ovnkitCpu / r.nbctlCpu).toFixed(2)} | ${f0(r.nbctlServer)} / ${f0(r.ovnkitServer)} | ${f0(r.serverFloor)} | ${f0(r.nodeStart)} | ${f0(r.version)} / ${f0(r.versionModules)} | ${f0(r.moduleLoading)} | ${f0(r.nbctlRequest)} / ${f0(r.ovnkitRequest)} | ${r.bytes} | ${r.same ? 'yes' : 'NO'} | ${r.load} |`,
  ),
].join('\n');
console.log(table);
const file = join(root, 'docs', 'benchmarks', 'cli.md');
mkdirSync(dirname(file), { recursive: true });
if (!existsSync(file)) {
  writeFileSync(
    file,
    '# ovnkit CLI benchmarks\n\nProduced by `node bench/cli/run.mjs`: `ovnkit show` vs `ovn-nbctl show`, both against the same ovsdb-server, ' +
      'rows 80% switches with 9 ports, 20% routers with 1 port and 8 NATs. Wall = whole process; CPU = user + sys of the ' +
      'command (GNU time); server CPU = what ovsdb-server spent meanwhile. Medians.\n',
  );
}
appendFileSync(
  file,
  `\n## ${new Date().toISOString()} (node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0].toFixed(1)}, median of ${REPEATS} (1 above ${REPEAT_MAX} rows); realistic NB fixture, bench/lib/nb-fixture.mjs)\n\n${table}\n`,
);
process.exit(results.every((r) => r.same) ? 0 : 1);
