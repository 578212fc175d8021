// Transactions as ovn-kubernetes makes them, on the realistic NB fixture: each inserts one NAT and
// adds it to an egress gateway router's `nat` set (which already holds hundreds of refs, and grows).
// @ovnkit/ovsdb with default options against a raw socket client (requests formatted up front,
// replies only counted), in the same run, on the same server:
//  - serial: one transaction at a time, per-transaction latency (p50, p99), rounds alternating
//    between the two clients so the growing set costs both the same;
//  - pipelined at depth 64: at most 64 transactions in flight, best of two alternating runs.
import { performance } from 'node:perf_hooks';
import { connect } from '@ovnkit/ovsdb';
import { median } from '../lib/measure.mjs';
import { rawSerialLatencies, rawWindowed } from './raw-client.mjs';

const DB = 'OVN_Northbound';
// Each client grows its own router's nat set (both egress gateway routers start with the same
// number of NATs), so neither pays for the other's inserts: the set size, and with it the
// server's cost per transaction, stays the same for both.
const ROUTERS = { ours: 'GR_node-00001', raw: 'GR_node-00002' };
export const NAT_SERIAL = 10_000;
export const NAT_PIPELINED = 10_000;
export const NAT_DEPTH = 64;
const ROUNDS = 5;

let seq = 0;
function natOps(router) {
  const i = seq++;
  return [
    {
      op: 'insert',
      table: 'NAT',
      'uuid-name': 'nat',
      row: {
        type: 'snat',
        external_ip: '172.18.250.1',
        logical_ip: `10.${200 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
        logical_port: `k8s-${router.slice(3)}`,
        options: ['map', [['stateless', 'false']]],
        external_ids: ['map', [['k8s.ovn.org/name', `bench-${i}`]]],
      },
    },
    {
      op: 'mutate',
      table: 'Logical_Router',
      where: [['name', '==', router]],
      mutations: [['nat', 'insert', ['named-uuid', 'nat']]],
    },
  ];
}
const rawRequests = (n) =>
  Array.from({ length: n }, (_, id) =>
    JSON.stringify({ id, method: 'transact', params: [DB, ...natOps(ROUTERS.raw)] }),
  );

const percentile = (xs, q) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const cpuUs = (c0, n) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
};

async function oursSerial(client, n) {
  const lat = [];
  for (let i = 0; i < n; i++) {
    const ops = natOps(ROUTERS.ours);
    const t0 = performance.now();
    await client.transact(DB, ops);
    lat.push(performance.now() - t0);
  }
  return lat;
}

async function oursWindowed(client, n, depth) {
  const all = Array.from({ length: n }, () => natOps(ROUTERS.ours));
  let next = 0;
  const worker = async () => {
    while (next < all.length) await client.transact(DB, all[next++]);
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: depth }, worker));
  return performance.now() - t0;
}

/** `{ serial: { ours, raw }, pipelined: { ours, raw } }` against the server at `socket`. */
export async function natTransactions(socket) {
  const client = await connect({ remote: `unix:${socket}` });
  try {
    await oursSerial(client, 500); // JIT warm-up, not reported
    await rawSerialLatencies(socket, rawRequests(500));
    const per = NAT_SERIAL / ROUNDS;
    const lat = { ours: [], raw: [] };
    const cpu = { ours: 0, raw: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      let c0 = process.cpuUsage();
      lat.ours.push(...(await oursSerial(client, per)));
      cpu.ours += cpuUs(c0, NAT_SERIAL);
      const reqs = rawRequests(per);
      c0 = process.cpuUsage();
      lat.raw.push(...(await rawSerialLatencies(socket, reqs)));
      cpu.raw += cpuUs(c0, NAT_SERIAL);
    }
    const pipe = { ours: [], raw: [] };
    for (let r = 0; r < 2; r++) {
      pipe.ours.push(await oursWindowed(client, NAT_PIPELINED, NAT_DEPTH));
      pipe.raw.push(await rawWindowed(socket, rawRequests(NAT_PIPELINED), NAT_DEPTH));
    }
    const serial = (xs, c) => ({
      p50: median(xs),
      p99: percentile(xs, 0.99),
      total: xs.reduce((a, b) => a + b, 0),
      cpuUs: c,
    });
    return {
      serial: { ours: serial(lat.ours, cpu.ours), raw: serial(lat.raw, cpu.raw) },
      pipelined: { ours: Math.min(...pipe.ours), raw: Math.min(...pipe.raw) },
    };
  } finally {
    await client.close();
  }
}
