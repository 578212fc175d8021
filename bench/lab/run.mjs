// Lab benchmark: the cost of the real-packet EgressIP lab on this machine, per topology
// (interconnect: one NB/SB/northd per node, examples/simpsons-interconnect; single zone: one
// central NB/SB/northd, examples/simpsons) and cycle: up (control planes + chassis + networks +
// external host), topology + pods, a request per pod, controller assignment, failover (NotReady
// manifest change -> the external host logs the first request with the egress IP, which must have
// left through the other node's uplink), down; plus the daemons' resident memory. Needs root.
// Prints a markdown table and appends a dated record to docs/benchmarks/lab.md.
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import {
  createLab,
  detectEgressSteps,
  egressHostsSettled,
  failEgressNode,
  loadManifests,
  observeSources,
  selectServedPods,
  settledLeftovers,
  toLabSpec,
  waitForSource,
} from '@ovnkit/lab';

const root = join(import.meta.dirname, '..', '..');
const CYCLES = Number(process.env.BENCH_LAB_CYCLES ?? 2);
const TOPOLOGIES = [
  ['interconnect', join(root, 'examples', 'simpsons-interconnect')],
  ['single-zone', join(root, 'examples', 'simpsons')],
];

function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

if (process.getuid?.() !== 0) {
  console.error('bench/lab needs root (network namespaces)');
  process.exit(1);
}
const keepAlive = setInterval(() => {}, 1000); // testkit's daemons are unref'd
const rows = [];
const loadBefore = loadavg()[0];
let by = '';
for (const [topology, examples] of TOPOLOGIES) {
  const spec = toLabSpec(loadManifests(examples));
  const eip = spec.egressIps[0];
  const egressIp = eip.ips[0];
  const served = selectServedPods(spec, eip);
  for (let i = 0; i < CYCLES; i++) {
    const [upMs, lab] = await timed(() => createLab({ spec, topology }));
    let steps;
    try {
      const manifests = join(lab.dir, 'manifests');
      const statusFile = join(lab.dir, 'egressip-status.json');
      cpSync(examples, manifests, { recursive: true });
      steps = await detectEgressSteps({ statusFile, topology });
      if (topology === 'single-zone') by = steps.controller.by;
      const [topoMs] = await timed(async () => {
        await steps.topologyInit.run(lab, manifests);
        await lab.bindPods();
      });
      const [requestsMs, seen] = await timed(() => observeSources(lab, spec.pods));
      if (seen.some((o) => !o.sourceIp))
        throw new Error(`a pod got no answer: ${JSON.stringify(seen.map((o) => o.error))}`);
      const rss = lab.pids().reduce((sum, pid) => sum + rssKb(pid), 0);
      const [assignMs, hosts] = await timed(async () => {
        await steps.controller.start(lab, manifests);
        const h = await egressHostsSettled(lab, egressIp, (x) => x.length === 1);
        await waitForSource(lab, served[0], egressIp, Date.now());
        return h;
      });
      const egressNode = hosts[0];
      const survivor = spec.nodes.find((n) => n.name !== egressNode).name;
      const {
        startedAt: t0,
        baseline: before,
        out,
        answered,
      } = await failEgressNode(lab, {
        manifestsDir: manifests,
        controller: steps.controller,
        egressIp,
        egressNode,
        survivors: [survivor],
        served,
      });
      const failoverMs = await answered;
      // When the controller wrote the new assignment (status file), for the breakdown.
      const statusMs = statSync(statusFile).mtimeMs - t0;
      const after = await lab.egressCounters(egressIp);
      const viaSurvivor = (after.get(survivor) ?? 0) - (before.get(survivor) ?? 0);
      if (viaSurvivor <= 0) throw new Error(`no packet with ${egressIp} left through ${survivor}`);
      await steps.controller.stop();
      const [downMs] = await timed(() => lab.destroy());
      const left = await settledLeftovers(lab.names.prefix, lab.dir);
      rows.push({
        topology,
        upMs,
        topoMs,
        requestsMs,
        assignMs,
        statusMs,
        outMs: out.ms,
        failoverMs,
        downMs,
        rssMb: rss / 1024,
        clean: left.namespaces.length === 0 && left.pids.length === 0 && !left.dirExists,
      });
    } catch (err) {
      await steps?.controller.stop();
      await lab.destroy();
      throw err;
    }
  }
}
clearInterval(keepAlive);

const f = (ms) => (ms / 1000).toFixed(2);
const table = [
  '| topology | up (s) | topology + 4 pods (s) | 4 requests (s) | controller assigns, first EIP request (s) | failover: status written (s) | failover: first packet with the EIP out of the new node (s) | failover: request answered and logged by the external host (s) | down (s) | daemons RSS (MB) | nothing left |',
  '| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  ...rows.map(
    (r) =>
      `| ${r.topology} | ${f(r.upMs)} | ${f(r.topoMs)} | ${f(r.requestsMs)} | ${f(r.assignMs)} | ${f(r.statusMs)} | ${f(r.outMs)} | ${f(r.failoverMs)} | ${f(r.downMs)} | ${r.rssMb.toFixed(0)} | ${r.clean ? 'yes' : 'NO'} |`,
  ),
].join('\n');
console.log(table);
const file = join(root, 'docs', 'benchmarks', 'lab.md');
mkdirSync(dirname(file), { recursive: true });
if (!existsSync(file)) {
  writeFileSync(
    file,
    '# Lab benchmarks\n\nProduced by `node bench/lab/run.mjs` (root): the real-packet EgressIP lab built from examples/simpsons ' +
      '(2 chassis: 3 central + 3 per chassis + HTTP server daemons). Failover = from the NotReady manifest change to the first ' +
      'request seen by the external host with the egress IP. Wall times on a shared 2-core machine: load from other work shows.\n',
  );
}
appendFileSync(
  file,
  `\n## ${new Date().toISOString()} (node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before / ${loadavg()[0].toFixed(1)} after, whole processes; controller: ${by})\n\n${table}\n`,
);
process.exit(rows.every((r) => r.clean) ? 0 : 1);
