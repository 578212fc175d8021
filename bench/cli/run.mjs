// ovnkit show vs ovn-nbctl show on Northbound databases of 10k, 50k and 200k rows, both against
// the same ovsdb-server in the same run. Prints a markdown table and appends a dated record to
// docs/benchmarks/cli.md. Uses the BUILT packages (run `npx tsc -b` first).
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SHOW_COLUMNS } from '@ovnkit/cli';
import { findBinary, rawCall, startOvsdbServer } from '@ovnkit/testkit';
import { median, procCpuMs } from '../lib/measure.mjs';
import { rawSerial } from '../ovsdb-protocol/raw-client.mjs';

const root = join(import.meta.dirname, '..', '..');
const ovnkitBin = join(root, 'packages', 'cli', 'dist', 'bin.js');
const SIZES = (process.env.OVNKIT_BENCH_SIZES ?? '10000,50000,200000').split(',').map(Number);
const REPEATS = Number(process.env.OVNKIT_BENCH_REPEATS ?? 3);
const tmpDir = mkdtempSync(join(tmpdir(), 'ovnkit-bench-'));

// Each switch has 9 ports (10 rows); each router has 1 port and 8 NATs (10 rows). 4 switches per router.
function opsForUnits(start, count) {
  const ops = [];
  for (let u = start; u < start + count; u++) {
    const isRouter = u % 5 === 4;
    const n = `u${u}`;
    if (!isRouter) {
      const ports = [];
      for (let p = 0; p < 9; p++) {
        const id = `p${u}_${p}`;
        ports.push(['named-uuid', id]);
        const mac = `0a:58:0a:${((u >> 8) & 255).toString(16).padStart(2, '0')}:${(u & 255).toString(16).padStart(2, '0')}:${(p + 16).toString(16)}`;
        ops.push({
          op: 'insert',
          table: 'Logical_Switch_Port',
          'uuid-name': id,
          row: {
            name: `${n}-port${p}`,
            addresses: ['set', [`${mac} 10.${(u >> 8) & 255}.${u & 255}.${p + 2}`]],
            external_ids: ['map', [['pod', 'true']]],
          },
        });
      }
      ops.push({ op: 'insert', table: 'Logical_Switch', row: { name: `node-${n}`, ports: ['set', ports] } });
    } else {
      const nats = [];
      for (let k = 0; k < 8; k++) {
        const id = `n${u}_${k}`;
        nats.push(['named-uuid', id]);
        ops.push({
          op: 'insert',
          table: 'NAT',
          'uuid-name': id,
          row: {
            type: 'snat',
            external_ip: `192.168.${(u >> 8) & 255}.${u & 255}`,
            logical_ip: `10.${(u >> 8) & 255}.${u & 255}.${k + 2}`,
            logical_port: `k8s-${n}`,
            options: ['map', [['stateless', 'false']]],
          },
        });
      }
      ops.push({
        op: 'insert',
        table: 'Logical_Router_Port',
        'uuid-name': `r${u}`,
        row: {
          name: `rtoj-GR_${n}`,
          mac: '0a:58:64:40:00:04',
          networks: ['set', [`100.64.${(u >> 8) & 255}.${u & 255}/16`]],
        },
      });
      ops.push({
        op: 'insert',
        table: 'Logical_Router',
        row: { name: `GR_${n}`, ports: ['set', [['named-uuid', `r${u}`]]], nat: ['set', nats] },
      });
    }
  }
  return ops;
}

async function load(remote, fromUnits, toUnits) {
  const CHUNK = 1000; // units per transaction (10k rows)
  for (let u = fromUnits; u < toUnits; u += CHUNK) {
    const res = await rawCall(
      remote,
      'transact',
      ['OVN_Northbound', ...opsForUnits(u, Math.min(CHUNK, toUnits - u))],
      { timeoutMs: 120000 },
    );
    const bad = res.find((r) => r?.error);
    if (bad) throw new Error(`load failed: ${bad.error} ${bad.details ?? ''}`);
  }
}

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
 * Floors no client can go below: the server's time to answer the monitor_cond that `show` sends
 * (bare socket, request to last byte, nothing parsed), and a bare Node.js start (`node -e ''`).
 */
async function floors(socketPath) {
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
  for (let i = 0; i < REPEATS; i++) {
    server.push(await rawSerial(socketPath, [req]));
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '']);
    node.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { serverFloor: median(server), nodeStart: median(node) };
}

if (!existsSync(ovnkitBin)) {
  console.error(`bench/cli: ${ovnkitBin} missing; run 'npx tsc -b' first`);
  process.exit(2);
}
const nbctl = findBinary('ovn-nbctl');
const server = await startOvsdbServer({ schemas: ['nb'] });
const results = [];
try {
  let loadedUnits = 0;
  for (const rows of SIZES) {
    const units = rows / 10;
    const t0 = Date.now();
    await load(server.remote, loadedUnits, units);
    loadedUnits = units;
    const loadMs = Date.now() - t0;
    const a = [];
    const b = [];
    let same = true;
    let bytes = 0;
    for (let i = 0; i < REPEATS; i++) {
      const x = timeRun(nbctl, [`--db=${server.remote}`, 'show'], server.pid);
      const y = timeRun(process.execPath, [ovnkitBin, '--db', server.remote, 'show'], server.pid);
      a.push(x);
      b.push(y);
      bytes = x.out.length;
      same &&= Buffer.compare(x.out, y.out) === 0;
    }
    const med = (xs, k) => median(xs.map((x) => x[k]));
    const floor = await floors(server.socket);
    results.push({
      ...floor,
      rows,
      loadMs,
      nbctl: med(a, 'ms'),
      ovnkit: med(b, 'ms'),
      nbctlCpu: med(a, 'cpuMs'),
      ovnkitCpu: med(b, 'cpuMs'),
      nbctlServer: med(a, 'serverMs'),
      ovnkitServer: med(b, 'serverMs'),
      same,
      bytes,
    });
  }
} finally {
  // The harness waits for the server's exit on an unref'd child; keep the loop alive meanwhile.
  const keepAlive = setInterval(() => {}, 1000);
  await server.stop();
  clearInterval(keepAlive);
  rmSync(tmpDir, { recursive: true, force: true });
}

const f0 = (x) => x.toFixed(0);
const table = [
  '| NB rows | wall ovn-nbctl (ms) | wall ovnkit (ms) | wall ratio | CPU ovn-nbctl (ms) | CPU ovnkit (ms) | CPU ratio | server CPU for ovn-nbctl / ovnkit (ms) | floor: server reply to last byte (ms) | floor: bare node start (ms) | output bytes | identical |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  ...results.map(
    (r) =>
      `| ${r.rows} | ${f0(r.nbctl)} | ${f0(r.ovnkit)} | ${(r.ovnkit / r.nbctl).toFixed(2)} | ${f0(r.nbctlCpu)} | ${f0(r.ovnkitCpu)} | ${(r.ovnkitCpu / r.nbctlCpu).toFixed(2)} | ${f0(r.nbctlServer)} / ${f0(r.ovnkitServer)} | ${f0(r.serverFloor)} | ${f0(r.nodeStart)} | ${r.bytes} | ${r.same ? 'yes' : 'NO'} |`,
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
  `\n## ${new Date().toISOString()} (node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()[0].toFixed(1)}, median of ${REPEATS})\n\n${table}\n`,
);
process.exit(results.every((r) => r.same) ? 0 : 1);
