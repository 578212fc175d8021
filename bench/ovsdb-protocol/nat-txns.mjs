// Transactions as ovn-kubernetes makes them, on the realistic NB fixture: each inserts one NAT and
// adds it to an egress gateway router's `nat` set (which already holds hundreds of refs, and grows).
// @ovnkit/ovsdb with default options against a raw socket client, in the same run, on the same
// server, like with like: both build each transaction's operations and format its request when
// they send it, and two setups are measured:
//  - no monitor: connect() + client.transact vs a raw socket that only counts replies (the floor);
//  - replica (what a controller runs: ovn-kubernetes always keeps a cache): openSession() on NAT
//    and Logical_Router with the EgressIP controller's columns + session.transact, vs a raw
//    client that monitors the same (raw-replica-client.mjs) and applies every update3.
// For each: serial (one at a time, p50/p99 latency, rounds alternating between the clients so the
// growing set costs both the same) and pipelined at depth 64 (rounds alternating the same way). With
// the server's pid, each row also gives the server's CPU per transaction for that client's runs.
//
// `node bench/ovsdb-protocol/nat-txns.mjs [--no-monitor] [--base <other build's dist/index.js>]`:
// --no-monitor runs only the first setup; --base adds a third client, @ovnkit/ovsdb from another
// build, run interleaved with the two others on the same server (an A/B of two builds).
import { performance } from 'node:perf_hooks';
import { SNAPSHOT_COLUMNS } from '@ovnkit/egressip-controller';
import * as ovsdb from '@ovnkit/ovsdb';
import { SCHEMAS } from '@ovnkit/testkit';
import { median, procCpuMs } from '../lib/measure.mjs';
import { natOperations } from './nat-ops.mjs';
import { rawSerialLatencies, rawWindowed } from './raw-client.mjs';
import { openRawReplicaClient } from './raw-replica-client.mjs';

const DB = 'OVN_Northbound';
// Each client grows its own router's nat set (both egress gateway routers start with the same
// number of NATs), so neither pays for the other's inserts: the set size, and with it the
// server's cost per transaction, stays the same for both.
const ROUTERS = { ours: 'GR_node-00001', raw: 'GR_node-00002', base: 'GR_node-00003' };
export const NAT_SERIAL = 10_000;
export const NAT_PIPELINED = 10_000;
export const NAT_DEPTH = 64;
const ROUNDS = 5;

let seq = 0;
const natOps = (router) => natOperations(seq++, router);
const natRequest = (id) => JSON.stringify({ id, method: 'transact', params: [DB, ...natOps(ROUTERS.raw)] });

const percentile = (xs, q) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const cpuUsSince = (c0) => {
  const c = process.cpuUsage(c0);
  return c.user + c.system;
};

/** Serial latencies (ms, each from building the operations to the settled reply) of `n` calls. */
async function serial(transact, n, router) {
  const lat = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await transact(natOps(router));
    lat.push(performance.now() - t0);
  }
  return lat;
}

/** Wall ms for `n` calls with at most `depth` in flight (operations built as each call is made). */
async function windowed(transact, n, depth, router) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await transact(natOps(router));
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: depth }, worker));
  return performance.now() - t0;
}

/** A client's serial and windowed runs over its `transact`, each growing `router`'s nat set. */
const runs = (transact, router, close) => ({
  serial: (n) => serial(transact, n, router),
  windowed: (n, depth) => windowed(transact, n, depth, router),
  close,
});

/**
 * Runs the serial rounds and the pipelined runs of the clients alternately. Each of `clients`
 * (ours, raw, and maybe base) is `{ open() -> { serial(n) -> latencies, windowed(n, depth) -> ms,
 * close() } }`: each client is open only during its own runs, so the CPU measured is its own (a
 * monitoring client that stays open would also be applying the other client's updates).
 * `serverPid`, if given, adds the server's CPU µs per transaction during each client's runs.
 */
async function compare(clients, serverPid) {
  const names = Object.keys(clients);
  const serverUs = () => (serverPid ? procCpuMs(serverPid) * 1000 : 0);
  const run = async (name, fn) => {
    const c = await clients[name].open();
    try {
      const s0 = serverUs();
      const c0 = process.cpuUsage();
      const value = await fn(c);
      return { value, cpuUs: cpuUsSince(c0), serverUs: serverUs() - s0 };
    } finally {
      await c.close();
    }
  };
  for (const name of names) await run(name, (c) => c.serial(500)); // JIT warm-up
  const per = NAT_SERIAL / ROUNDS;
  const lat = {};
  const cpu = {};
  const server = {};
  const pipe = {};
  for (const name of names) {
    lat[name] = [];
    cpu[name] = 0;
    server[name] = 0;
    pipe[name] = [];
  }
  // Each round starts with the next client: the server's cost per transaction depends a little
  // on who ran just before (its allocator's state), so no client always goes first.
  const inTurn = (r) => names.map((_, k) => names[(k + r) % names.length]);
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of inTurn(r)) {
      const { value, cpuUs, serverUs } = await run(name, (c) => c.serial(per));
      lat[name].push(...value);
      cpu[name] += cpuUs / NAT_SERIAL;
      server[name] += serverUs / NAT_SERIAL;
    }
  }
  // Pipelined: ROUNDS runs of NAT_PIPELINED / ROUNDS each, in turn as above, summed. (The best of
  // two 10k runs compared only the first: the second always ran at a set 10k larger, so a slow
  // spell of other load in one run decided the ratio.)
  const perPipe = NAT_PIPELINED / ROUNDS;
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of inTurn(r)) {
      const { value, cpuUs, serverUs } = await run(name, (c) => c.windowed(perPipe, NAT_DEPTH));
      pipe[name].push({ ms: value, cpuUs: cpuUs / NAT_PIPELINED, serverUs: serverUs / NAT_PIPELINED });
    }
  }
  const summary = (name) => ({
    p50: median(lat[name]),
    p99: percentile(lat[name], 0.99),
    total: lat[name].reduce((a, b) => a + b, 0),
    cpuUs: cpu[name],
    serverUs: server[name],
  });
  const sum = (xs) => ({
    ms: xs.reduce((a, x) => a + x.ms, 0),
    cpuUs: xs.reduce((a, x) => a + x.cpuUs, 0),
    serverUs: xs.reduce((a, x) => a + x.serverUs, 0),
  });
  const serial = {};
  const pipelined = {};
  for (const name of names) {
    serial[name] = summary(name);
    pipelined[name] = sum(pipe[name]);
  }
  return { serial, pipelined };
}

/** The columns the EgressIP controller (as ovn-kubernetes') replicates of the two tables written. */
export const NAT_MONITOR = {
  NAT: SNAPSHOT_COLUMNS.NAT,
  Logical_Router: SNAPSHOT_COLUMNS.Logical_Router,
};

/**
 * Two like-for-like comparisons on the server at `socket`, each `{ serial: { ours, raw },
 * pipelined: { ours, raw } }`; both clients format every request when they send it:
 *  - `protocol`: no monitor. ours: connect() + client.transact; raw: raw-client.mjs (replies only
 *    counted, nothing decoded: the floor);
 *  - `replica`: what a controller runs: both monitor NAT and Logical_Router (the controller's
 *    columns) and apply the update each transaction causes (a new NAT, a nat set diff) before
 *    its reply. ours: openSession() + session.transact; raw: raw-replica-client.mjs (frames,
 *    JSON.parses, applies the update3 to Maps).
 */
// Options: `serverPid` (server CPU columns), `noMonitor` (the first setup only), `base` (another
// build's @ovnkit/ovsdb module, run as a third client "base" beside ours and raw).
export async function natTransactions(socket, { serverPid, noMonitor = false, base } = {}) {
  const remote = `unix:${socket}`;
  const protocolClient = (lib, router) => ({
    async open() {
      const client = await lib.connect({ remote });
      return runs(
        (ops) => client.transact(DB, ops),
        router,
        () => client.close(),
      );
    },
  });
  const protocol = await compare(
    {
      ours: protocolClient(ovsdb, ROUTERS.ours),
      raw: {
        open: async () => ({
          serial: (n) => rawSerialLatencies(socket, n, natRequest),
          windowed: (n, depth) => rawWindowed(socket, n, depth, natRequest),
          close: () => undefined,
        }),
      },
      ...(base ? { base: protocolClient(base, ROUTERS.base) } : {}),
    },
    serverPid,
  );
  if (noMonitor) return { protocol };
  const tables = Object.fromEntries(Object.entries(NAT_MONITOR).map(([t, columns]) => [t, { columns }]));
  const openSession = async (lib) => {
    const session = lib.openSession({ remote, db: DB, tables });
    await session.whenReady(60_000);
    return session;
  };
  const openOurs = () => openSession(ovsdb);
  const sessionClient = (lib, router) => ({
    async open() {
      const session = await openSession(lib);
      return runs(
        (ops) => session.transact(ops),
        router,
        () => session.close(),
      );
    },
  });
  const replica = await compare(
    {
      ours: sessionClient(ovsdb, ROUTERS.ours),
      raw: {
        async open() {
          const c = await openRawReplicaClient(socket, SCHEMAS.nb, DB, NAT_MONITOR);
          return runs(c.transact, ROUTERS.raw, () => c.close());
        },
      },
      ...(base ? { base: sessionClient(base, ROUTERS.base) } : {}),
    },
    serverPid,
  );
  const setSize = (x) => x.size ?? x.length;
  // The two replicas, synced from the same state, hold the same NATs and nat sets.
  const session = await openOurs();
  const raw = await openRawReplicaClient(socket, SCHEMAS.nb, DB, NAT_MONITOR);
  try {
    const natCount = (name) => [...raw.rows.Logical_Router.values()].find((r) => r.name === name).nat.size;
    const ourNatCount = (name) =>
      setSize([...session.replica.table('Logical_Router').rows()].find((r) => r.name === name).nat);
    for (const name of Object.values(ROUTERS))
      if (session.replica.table('NAT').size !== raw.rows.NAT.size || natCount(name) !== ourNatCount(name))
        throw new Error(`the replicas disagree on the NATs of ${name}`);
  } finally {
    raw.close();
    await session.close();
  }
  return { protocol, replica };
}

const perSec = (n, ms) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
const f2 = (x) => x.toFixed(2);
const cpu = (x) =>
  `${x.cpuUs.toFixed(0)} µs CPU/txn${x.serverUs ? `, server ${x.serverUs.toFixed(0)} µs CPU/txn` : ''}`;

/** Benchmark table rows (benchmark, size, client, time, rate, note) of natTransactions' result. */
export function natRows(result) {
  const rows = [];
  for (const [kind, label, ours] of [
    ['protocol', 'no monitor', 'connect() + client.transact'],
    [
      'replica',
      'both monitor NAT + Logical_Router and apply each update',
      'openSession() + session.transact',
    ],
  ]) {
    if (!result[kind]) continue;
    const { serial: s, pipelined: p } = result[kind];
    rows.push(
      [
        `serial: insert a NAT + add it to a router's nat set (10k-row fixture; ${label})`,
        `${NAT_SERIAL} txns`,
        `@ovnkit/ovsdb ${ours} (default options)`,
        `${s.ours.total.toFixed(0)} ms`,
        perSec(NAT_SERIAL, s.ours.total),
        `p50 ${f2(s.ours.p50)} ms (${((s.ours.p50 / s.raw.p50) * 100).toFixed(0)}% of raw's p50, target <= 110%), p99 ${f2(s.ours.p99)} ms; ${cpu(s.ours)}`,
      ],
      [
        '',
        '',
        kind === 'protocol' ? 'raw socket (replies counted)' : 'raw socket replica (JSON.parse + Maps)',
        `${s.raw.total.toFixed(0)} ms`,
        perSec(NAT_SERIAL, s.raw.total),
        `p50 ${f2(s.raw.p50)} ms, p99 ${f2(s.raw.p99)} ms; ${cpu(s.raw)}`,
      ],
      [
        `pipelined at depth ${NAT_DEPTH}: the same transactions (${label})`,
        `${NAT_PIPELINED} txns`,
        `@ovnkit/ovsdb ${ours} (default options)`,
        `${p.ours.ms.toFixed(0)} ms`,
        perSec(NAT_PIPELINED, p.ours.ms),
        `${((p.raw.ms / p.ours.ms) * 100).toFixed(0)}% of raw's rate (target >= 95%); ${cpu(p.ours)}`,
      ],
      ['', '', 'raw socket', `${p.raw.ms.toFixed(0)} ms`, perSec(NAT_PIPELINED, p.raw.ms), cpu(p.raw)],
    );
    if (s.base)
      rows.push(
        [
          '(A/B) serial, the other build',
          `${NAT_SERIAL} txns`,
          `@ovnkit/ovsdb --base build`,
          `${s.base.total.toFixed(0)} ms`,
          perSec(NAT_SERIAL, s.base.total),
          `p50 ${f2(s.base.p50)} ms (${((s.base.p50 / s.raw.p50) * 100).toFixed(0)}% of raw's p50); ${cpu(s.base)}`,
        ],
        [
          '(A/B) pipelined, the other build',
          `${NAT_PIPELINED} txns`,
          `@ovnkit/ovsdb --base build`,
          `${p.base.ms.toFixed(0)} ms`,
          perSec(NAT_PIPELINED, p.base.ms),
          `${((p.raw.ms / p.base.ms) * 100).toFixed(0)}% of raw's rate; ${cpu(p.base)}`,
        ],
      );
  }
  return rows;
}

// `node bench/ovsdb-protocol/nat-txns.mjs`: only this benchmark, on a fresh 10k-row fixture.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startFixtureServer } = await import('../lib/fixture-server.mjs');
  const { loadavg } = await import('node:os');
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const { pathToFileURL } = await import('node:url');
  const args = process.argv.slice(2);
  const at = args.indexOf('--base');
  const base = at >= 0 ? await import(pathToFileURL(args[at + 1]).href) : undefined;
  const before = load();
  const fx = await startFixtureServer(10_000);
  try {
    const result = await natTransactions(fx.server.socket, {
      serverPid: fx.server.pid,
      noMonitor: args.includes('--no-monitor'),
      base,
    });
    const rows = natRows(result);
    console.log(rows.map((r) => `| ${r.join(' | ')} |`).join('\n'));
    console.log(`load average ${before} at start, ${load()} at the end`);
  } finally {
    await fx.stop();
  }
}
