// Data-model benchmarks: decoding rows a real ovsdb-server sent (the replica's hot path), and
// validating + compiling large transactions. Loads 100k OVN_Northbound rows into a real server,
// takes them as the server sends them (monitor_cond), then times only our code.
// Prints a markdown table and appends a dated record to docs/benchmarks/ovsdb-model.md.
// Uses the BUILT packages (run `npx tsc -b` first); run with --expose-gc for heap figures.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { connect, namedUuid, rowCodec, txn } from '@ovnkit/ovsdb';
import { OVN_Northbound } from '@ovnkit/ovsdb/schemas/ovn-nb';
import { startOvsdbServer } from '@ovnkit/testkit';
import { median, peakRssMb } from '../lib/measure.mjs';

const root = join(import.meta.dirname, '..', '..');
const ROWS = Number(process.env.OVNKIT_BENCH_MODEL_ROWS ?? 100000);
const REPEATS = Number(process.env.OVNKIT_BENCH_REPEATS ?? 5);
// CPU time of this process (user + system), in ms: the box is shared, so wall time mostly
// measures the neighbours; both are reported.
function timed(fn) {
  const w = performance.now();
  const c = process.cpuUsage();
  const value = fn();
  const d = process.cpuUsage(c);
  return { value, wall: performance.now() - w, cpu: (d.user + d.system) / 1000 };
}
const gc = globalThis.gc ?? (() => {});

// Half Logical_Switch rows (name, 3 external_ids, 1 other_config), half Logical_Switch_Port rows
// (name, addresses set, options map, optional tag, external_ids) referenced by those switches.
function loadTxn(from, count) {
  let t = txn(OVN_Northbound);
  for (let i = from; i < from + count; i++) {
    t = t.insert(
      'Logical_Switch_Port',
      {
        name: `lsp-${i}`,
        addresses: [
          `0a:58:0a:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')} 10.0.${(i >> 8) & 255}.${i & 255}`,
        ],
        options: { 'requested-chassis': `node-${i % 50}` },
        tag: i % 4095 || undefined,
        external_ids: { pod: 'true', namespace: `ns-${i % 100}` },
      },
      { uuidName: `p${i}` },
    );
    t = t.insert('Logical_Switch', {
      name: `ls-${i}`,
      ports: [namedUuid(`p${i}`)],
      external_ids: {
        'k8s.ovn.org/owner-controller': 'default-network-controller',
        'k8s.ovn.org/owner-type': 'Node',
        'k8s.ovn.org/name': `node-${i}`,
      },
      other_config: { subnet: `10.${(i >> 8) & 255}.${i & 255}.0/24` },
    });
  }
  return t;
}

const server = await startOvsdbServer({ schemas: ['nb'] });
const client = await connect({ remote: server.remote });
const results = [];
try {
  // Load: 2 rows per i. Also measures validate+compile of big transactions.
  const compileMs = [];
  const perTxn = 2500;
  for (let i = 0; i < ROWS / 2; i += perTxn) {
    const t = loadTxn(i, perTxn);
    const { value, cpu } = timed(() => t.compile());
    const { db, ops } = value;
    compileMs.push(cpu);
    const res = await client.transact(db, ops, { timeoutMs: 120000 });
    if (res.some((r) => r?.error)) throw new Error('load failed');
  }
  const opsPerTxn = perTxn * 2;
  results.push([
    'txn validate + compile (insert ops per CPU second)',
    `${Math.round(opsPerTxn / (median(compileMs) / 1000)).toLocaleString('en-US')}`,
    `median of ${compileMs.length} transactions of ${opsPerTxn} inserts`,
  ]);

  const snapshot = await client.monitorCond('OVN_Northbound', 'bench', {
    Logical_Switch: [{ columns: Object.keys(OVN_Northbound.tables.Logical_Switch.columns) }],
    Logical_Switch_Port: [{ columns: Object.keys(OVN_Northbound.tables.Logical_Switch_Port.columns) }],
  });
  const tables = ['Logical_Switch', 'Logical_Switch_Port'].map((t) => [
    rowCodec(OVN_Northbound, t),
    Object.entries(snapshot[t] ?? {}),
  ]);
  const total = tables.reduce((n, [, rows]) => n + rows.length, 0);
  const decodeAll = () => {
    const out = [];
    for (const [codec, rows] of tables)
      for (const [uuid, u] of rows) out.push(codec.decodeRow(u.initial, uuid));
    return out;
  };
  decodeAll(); // warm up
  const runs = [];
  for (let r = 0; r < REPEATS; r++) runs.push(timed(decodeAll));
  const cpu = median(runs.map((r) => r.cpu));
  const wall = median(runs.map((r) => r.wall));
  results.push([
    `decodeRow, ${total.toLocaleString('en-US')} NB rows, CPU (ms)`,
    cpu.toFixed(0),
    `median of ${REPEATS}; ${((cpu * 1000) / total).toFixed(2)} µs/row`,
  ]);
  results.push([
    `decodeRow, ${total.toLocaleString('en-US')} NB rows, wall (ms)`,
    wall.toFixed(0),
    `median of ${REPEATS}; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
  ]);
  results.push([
    'decodeRow throughput (rows per CPU second)',
    Math.round(total / (cpu / 1000)).toLocaleString('en-US'),
    'Logical_Switch + Logical_Switch_Port, all columns',
  ]);

  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = decodeAll();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (globalThis.gc)
    results.push([
      'heap of decoded rows (bytes/row)',
      Math.round((after - before) / kept.length).toLocaleString('en-US'),
      'frozen rows and map records',
    ]);
  results.push([
    'peak RSS of the process (MB)',
    peakRssMb().toFixed(0),
    'whole benchmark, all rows decoded at once',
  ]);
  kept.length = 0;
} finally {
  await client.close();
  const keepAlive = setInterval(() => {}, 1000);
  await server.stop();
  clearInterval(keepAlive);
}

const table = [
  '| measurement | value | notes |',
  '| --- | ---: | --- |',
  ...results.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);
const file = join(root, 'docs', 'benchmarks', 'ovsdb-model.md');
mkdirSync(dirname(file), { recursive: true });
if (!existsSync(file)) {
  writeFileSync(
    file,
    '# @ovnkit/ovsdb data-model benchmarks\n\nProduced by `node --expose-gc bench/ovsdb-model/run.mjs`: row decoding of what a real ovsdb-server sends for `monitor_cond` (only our decoding is timed), and validate + compile of large typed transactions.\n',
  );
}
appendFileSync(
  file,
  `\n## ${new Date().toISOString()} (node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'cpu'})\n\n${table}\n`,
);
