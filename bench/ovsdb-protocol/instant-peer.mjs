// Client CPU per transaction without the server's cost: the same NAT transactions as nat-txns.mjs
// against a peer (a child process) that answers each request at once, so only the client's own
// work is measured (process.cpuUsage of this process). ovsdb-server takes 170-400 µs per NAT
// transaction and decides the wall time of nat-txns; this shows what the client adds.
//
// `node bench/ovsdb-protocol/instant-peer.mjs [--serial] [--base <other build's dist/index.js>]`:
// pipelined at depth 64 (or serial), 20,000 transactions per run, 5 runs per client interleaved
// (ours, raw, and the other build with --base), median and min µs CPU/txn.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ovsdb from '@ovnkit/ovsdb';
import { natOperations } from './nat-ops.mjs';
import { rawSerialLatencies, rawWindowed } from './raw-client.mjs';

const DB = 'OVN_Northbound';
const N = 20_000;
const RUNS = 5;
const DEPTH = 64;

// The peer: frames requests with @ovnkit/ovsdb's splitter and answers each with a transact
// reply shaped like ovsdb-server's, in one write per chunk read.
if (process.argv[2] === '--peer') {
  const server = createServer((sock) => {
    const splitter = new ovsdb.JsonSplitter();
    sock.on('data', (chunk) => {
      let out = '';
      splitter.push(chunk, (m) => {
        const id = m.id;
        out += `{"id":${id},"result":[{"uuid":["uuid","0b6f2c41-7a2e-4c5d-9e3b-${String(id).padStart(12, '0')}"]},{"count":1}],"error":null}`;
      });
      if (out) sock.write(out);
    });
    sock.on('error', () => undefined);
  });
  server.listen(process.argv[3], () => process.send('ready'));
} else {
  const args = process.argv.slice(2);
  const at = args.indexOf('--base');
  const base = at >= 0 ? await import(pathToFileURL(args[at + 1]).href) : undefined;
  const serial = args.includes('--serial');
  const dir = mkdtempSync(join(tmpdir(), 'ovnkit-instant-'));
  const path = join(dir, 'peer.sock');
  const peer = fork(new URL(import.meta.url).pathname, ['--peer', path]);
  try {
    await new Promise((resolve, reject) => {
      peer.once('message', resolve);
      peer.once('exit', () => reject(new Error('the peer exited')));
    });
    let seq = 0;
    const natOps = () => natOperations(seq++, 'GR_node-00001');
    const cpuPerTxn = async (fn) => {
      const c0 = process.cpuUsage();
      await fn();
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / N;
    };
    const library = (lib) => async () => {
      const client = await lib.connect({ remote: `unix:${path}` });
      try {
        return await cpuPerTxn(async () => {
          if (serial) {
            for (let i = 0; i < N; i++) await client.transact(DB, natOps());
            return;
          }
          let next = 0;
          const worker = async () => {
            while (next < N) {
              next++;
              await client.transact(DB, natOps());
            }
          };
          await Promise.all(Array.from({ length: DEPTH }, worker));
        });
      } finally {
        await client.close();
      }
    };
    const request = (id) => JSON.stringify({ id, method: 'transact', params: [DB, ...natOps()] });
    const clients = {
      ours: library(ovsdb),
      raw: () =>
        cpuPerTxn(() =>
          serial ? rawSerialLatencies(path, N, request) : rawWindowed(path, N, DEPTH, request),
        ),
      ...(base ? { base: library(base) } : {}),
    };
    const names = Object.keys(clients);
    const results = Object.fromEntries(names.map((n) => [n, []]));
    for (const n of names) await clients[n](); // JIT warm-up
    // Each round starts with the next client, so none always runs first.
    for (let r = 0; r < RUNS; r++)
      for (let k = 0; k < names.length; k++) {
        const n = names[(k + r) % names.length];
        results[n].push(await clients[n]());
      }
    for (const n of names) {
      const xs = results[n].sort((a, b) => a - b);
      console.log(
        `${serial ? 'serial' : `pipelined at depth ${DEPTH}`}, ${n}: ${xs[RUNS >> 1].toFixed(2)} µs CPU/txn (median of ${RUNS}; min ${xs[0].toFixed(2)})`,
      );
    }
  } finally {
    peer.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
