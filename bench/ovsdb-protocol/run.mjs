// OVSDB protocol benchmark (@ovnkit/ovsdb client/rpc layers), against a real ovsdb-server:
//  1. framing + decoding of a 100k-row monitor_cond reply (raw bytes captured once), fed in
//     64 KiB chunks, vs a bare JSON.parse of the same bytes (target: within 1.5x);
//  2. serial single-op transact round trips/s;
//  3. pipelined single-op transacts/s vs a minimal raw client (target: >= 90%);
//  plus python-ovs (ovs.jsonrpc) doing 2 and 3, and `ovsdb-client transact` doing 2.
// Uses the BUILT packages: `npx tsc -b && node bench/ovsdb-protocol/run.mjs`.
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { connect, JsonSplitter } from '@ovnkit/ovsdb';
import { findBinary, startOvsdbServer } from '@ovnkit/testkit';
import { startFixtureServer } from '../lib/fixture-server.mjs';
import { lsRow } from '../lib/logical-switch-row.mjs';
import { natRows, natTransactions } from './nat-txns.mjs';
import { rawPipelined, rawSerial } from './raw-client.mjs';

const execFileP = promisify(execFile);
const here = import.meta.dirname;
const root = join(here, '..', '..');
const DB = 'OVN_Northbound';
const ROWS = 100_000;
const CHUNK = 64 * 1024;
const SERIAL = 2000;
const PIPELINED = 10_000;
const CLI_SERIAL = 20;

const insertOp = (name) => ({ op: 'insert', table: 'Address_Set', row: { name } });

/** The raw bytes of one monitor_cond reply for the whole Logical_Switch table. */
function captureMonitorReply(socket) {
  return new Promise((resolve, reject) => {
    const sock = netConnect(socket);
    const chunks = [];
    const splitter = new JsonSplitter();
    sock.on('connect', () =>
      sock.write(
        JSON.stringify({ method: 'monitor_cond', params: [DB, 'cap', { Logical_Switch: {} }], id: 1 }),
      ),
    );
    sock.on('data', (c) => {
      chunks.push(c);
      splitter.push(c, (msg) => {
        if (msg.id === 1) {
          sock.destroy();
          resolve(Buffer.concat(chunks));
        }
      });
    });
    sock.on('error', reject);
  });
}

function timeSplitter(bytes) {
  const t0 = performance.now();
  const s = new JsonSplitter();
  let rows = 0;
  for (let off = 0; off < bytes.length; off += CHUNK) {
    // Fresh Buffer views, as a socket would hand them over.
    s.push(bytes.subarray(off, off + CHUNK), (m) => {
      rows += Object.keys(m.result.Logical_Switch).length;
    });
  }
  s.end();
  return { ms: performance.now() - t0, rows };
}

function timeJsonParse(bytes) {
  const t0 = performance.now();
  const m = JSON.parse(bytes.toString('utf8'));
  const rows = Object.keys(m.result.Logical_Switch).length;
  return { ms: performance.now() - t0, rows };
}

/** Wall ms and this process's CPU µs per transaction while `fn` runs. */
async function measure(n, fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuUs: (cpu.user + cpu.system) / n };
}

async function oursSerial(client, prefix) {
  for (let i = 0; i < SERIAL; i++) await client.transact(DB, [insertOp(`${prefix}-${i}`)]);
}

function oursPipelined(client, prefix) {
  return Promise.all(
    Array.from({ length: PIPELINED }, (_, i) => client.transact(DB, [insertOp(`${prefix}-${i}`)])),
  );
}

const rawRequests = (prefix, n) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ method: 'transact', params: [DB, insertOp(`${prefix}-${i}`)], id: i }),
  );

async function cliSerial(remote) {
  const bin = findBinary('ovsdb-client');
  const t0 = performance.now();
  for (let i = 0; i < CLI_SERIAL; i++) {
    await execFileP(bin, ['transact', remote, JSON.stringify([DB, insertOp(`cli-${i}`)])]);
  }
  return performance.now() - t0;
}

const started = performance.now();
const loadAtStart = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const server = await startOvsdbServer({ schemas: ['nb'] });
const results = [];
try {
  // Load the table.
  const loader = await connect({ remote: server.remote });
  for (let i = 0; i < ROWS; i += 10_000) {
    await loader.transact(
      DB,
      Array.from({ length: 10_000 }, (_, j) => ({
        op: 'insert',
        table: 'Logical_Switch',
        row: lsRow(i + j),
      })),
    );
  }
  await loader.close();

  console.error(`loaded ${ROWS} rows at ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // 1. Framing + decoding.
  const bytes = await captureMonitorReply(server.socket);
  const ours = [];
  const bare = [];
  for (let r = 0; r < 2; r++) {
    const a = timeSplitter(bytes);
    const b = timeJsonParse(bytes);
    if (a.rows !== ROWS || b.rows !== ROWS)
      throw new Error(`decoded ${a.rows}/${b.rows} rows, expected ${ROWS}`);
    ours.push(a.ms);
    bare.push(b.ms);
  }
  // The bigint path: the same message with one 20-digit integer in it.
  const withBig = Buffer.concat([
    bytes.subarray(0, bytes.length - 1),
    Buffer.from(',"big":12345678901234567890}'),
  ]);
  const slow = [];
  slow.push(timeSplitter(withBig).ms);
  const mb = bytes.length / 1e6;
  const oursMs = Math.min(...ours);
  const bareMs = Math.min(...bare);
  results.push(
    [
      'monitor_cond reply, 100k rows',
      `${mb.toFixed(1)} MB`,
      'JSON.parse(buf.toString())',
      `${bareMs.toFixed(0)} ms`,
      `${(ROWS / bareMs).toFixed(0)}k rows/s`,
      '',
    ],
    [
      '',
      '',
      'JsonSplitter, 64 KiB chunks',
      `${oursMs.toFixed(0)} ms`,
      `${(ROWS / oursMs).toFixed(0)}k rows/s`,
      `${(oursMs / bareMs).toFixed(2)}x JSON.parse (target <= 1.5x)`,
    ],
    [
      '',
      '',
      'JsonSplitter, bigint path',
      `${slow[0].toFixed(0)} ms`,
      `${(ROWS / slow[0]).toFixed(0)}k rows/s`,
      `${(slow[0] / bareMs).toFixed(2)}x JSON.parse`,
    ],
  );

  console.error(`framing done at ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // 2 + 3. Transacts. Pipelined runs alternate ours/raw three times and keep the best of each, to
  // damp the noise of a shared machine.
  const client = await connect({ remote: server.remote });
  await oursSerial(client, 'warm'); // JIT warm-up, not reported
  const oS = await measure(SERIAL, () => oursSerial(client, 'ours-s'));
  const rS = await measure(SERIAL, () => rawSerial(server.socket, rawRequests('raw-s', SERIAL)));
  const oP = [];
  const rP = [];
  for (let r = 0; r < 3; r++) {
    oP.push(await measure(PIPELINED, () => oursPipelined(client, `ours-p${r}`)));
    const reqs = rawRequests(`raw-p${r}`, PIPELINED);
    rP.push(await measure(PIPELINED, () => rawPipelined(server.socket, reqs)));
  }
  // The same with a call-site capture per request (ConnectOptions.captureCallSites: true; the
  // default takes the caller's frames from the async stack trace only when an error is reported).
  const lean = await connect({ remote: server.remote, captureCallSites: true });
  const oL = [];
  for (let r = 0; r < 2; r++) oL.push(await measure(PIPELINED, () => oursPipelined(lean, `lean-p${r}`)));
  await lean.close();
  await client.close();
  console.error(`transacts done at ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const { stdout } = await execFileP(
    '/usr/bin/python3',
    [join(here, 'python-rpc.py'), server.remote, String(SERIAL), 'py'],
    { maxBuffer: 1 << 20 },
  );
  const [pySerialS, pyPipeS] = stdout.trim().split(' ').map(Number);
  const cliMs = await cliSerial(server.remote);
  const perSec = (n, ms) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
  const best = (xs) => xs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const bo = best(oP);
  const br = best(rP);
  const cpu = (m) => `${m.cpuUs.toFixed(0)} µs CPU/txn`;
  results.push(
    [
      'serial 1-op transact',
      `${SERIAL} txns`,
      '@ovnkit/ovsdb',
      `${oS.ms.toFixed(0)} ms`,
      perSec(SERIAL, oS.ms),
      `${((rS.ms / oS.ms) * 100).toFixed(0)}% of raw; ${cpu(oS)}`,
    ],
    ['', '', 'raw socket', `${rS.ms.toFixed(0)} ms`, perSec(SERIAL, rS.ms), cpu(rS)],
    [
      '',
      '',
      'python-ovs jsonrpc',
      `${(pySerialS * 1000).toFixed(0)} ms`,
      perSec(SERIAL, pySerialS * 1000),
      '',
    ],
    [
      '',
      `${CLI_SERIAL} txns`,
      '`ovsdb-client transact` (process per txn)',
      `${cliMs.toFixed(0)} ms`,
      perSec(CLI_SERIAL, cliMs),
      '',
    ],
    [
      'pipelined 1-op transact',
      `${PIPELINED} txns`,
      '@ovnkit/ovsdb',
      `${bo.ms.toFixed(0)} ms`,
      perSec(PIPELINED, bo.ms),
      `${((br.ms / bo.ms) * 100).toFixed(0)}% of raw (target >= 95%); ${cpu(bo)}`,
    ],
    [
      '',
      '',
      '@ovnkit/ovsdb, captureCallSites: true',
      `${best(oL).ms.toFixed(0)} ms`,
      perSec(PIPELINED, best(oL).ms),
      `${((br.ms / best(oL).ms) * 100).toFixed(0)}% of raw; ${cpu(best(oL))}`,
    ],
    ['', '', 'raw socket', `${br.ms.toFixed(0)} ms`, perSec(PIPELINED, br.ms), cpu(br)],
    [
      '',
      `${SERIAL} txns`,
      'python-ovs jsonrpc',
      `${(pyPipeS * 1000).toFixed(0)} ms`,
      perSec(SERIAL, pyPipeS * 1000),
      '',
    ],
  );
} finally {
  // The harness unrefs the server process; keep the loop alive until it has exited.
  const keepAlive = setInterval(() => undefined, 1000);
  await server.stop();
  clearInterval(keepAlive);
}

// ovn-kubernetes-shaped transactions on the realistic NB fixture (bench/ovsdb-protocol/nat-txns.mjs).
const fx = await startFixtureServer(10_000);
try {
  results.push(...natRows(await natTransactions(fx.server.socket, { serverPid: fx.server.pid })));
} finally {
  await fx.stop();
}

const table = [
  '| benchmark | size | client | time | rate | note |',
  '| --- | ---: | --- | ---: | ---: | --- |',
  ...results.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);
console.log(`\n(total ${((performance.now() - started) / 1000).toFixed(1)} s)`);

const file = join(root, 'docs', 'benchmarks', 'ovsdb-protocol.md');
if (!existsSync(file)) {
  mkdirSync(join(root, 'docs', 'benchmarks'), { recursive: true });
  writeFileSync(
    file,
    '# @ovnkit/ovsdb protocol benchmarks\n\nProduced by `node bench/ovsdb-protocol/run.mjs` against one ovsdb-server (OVN_Northbound, unix socket). ' +
      'Framing: the better of 2 runs (1 for the bigint path) over the captured bytes of one monitor_cond reply (Logical_Switch rows with a name, a 3-entry external_ids and a 1-entry other_config). ' +
      'Transacts: single-op inserts into Address_Set; "raw socket" formats requests up front and only counts replies; the pipelined rows are the best of three alternating runs.\n',
  );
}
const load = `${loadAtStart} at start, ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')} at the end`;
appendFileSync(
  file,
  `\n## ${new Date().toISOString()} (node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'cpu'}, load average ${load})\n\n${table}\n`,
);
