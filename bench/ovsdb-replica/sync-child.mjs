// One @ovnkit/ovsdb session syncing every table of the NB database, alone in its process, so its
// peak RSS is comparable with ovn-nbctl's and python-ovs's. Prints one JSON line:
// { ms (openSession to ready), monitorMs (the data monitor request to ready, as the session's sync
// metric reports it: like with like with the server's floor), rows, heapBytes (held after sync,
// after GC), maxRssKb, startMs }.
// With `show`, only the tables and columns `ovnkit show` (and `ovn-nbctl show`) monitor.
// Usage: node --expose-gc sync-child.mjs REMOTE SCHEMA_FILE [show]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SHOW_COLUMNS } from '@ovnkit/cli';
import { openSession } from '@ovnkit/ovsdb';

const [remote, schemaFile, which] = process.argv.slice(2);
const tables =
  which === 'show'
    ? Object.fromEntries(Object.entries(SHOW_COLUMNS).map(([t, columns]) => [t, { columns }]))
    : Object.fromEntries(
        Object.keys(JSON.parse(readFileSync(schemaFile, 'utf8')).tables).map((t) => [t, {}]),
      );
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const h0 = heap();
const startMs = performance.now();
// A loaded machine can keep ovsdb-server building a 200k-row reply for more than the default 30 s.
let monitorMs;
const s = openSession({
  remote,
  db: 'OVN_Northbound',
  tables,
  syncIdleTimeoutMs: 600_000,
  metrics: { sync: (e) => (monitorMs ??= e.durationMs) },
});
await s.ready;
const ms = performance.now() - startMs;
let rows = 0;
for (const t of s.replica.tableNames()) rows += s.replica.table(t).size;
const heapBytes = heap() - h0;
console.log(
  JSON.stringify({ ms, monitorMs, rows, heapBytes, maxRssKb: process.resourceUsage().maxRSS, startMs }),
);
await s.close();
