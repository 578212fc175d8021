// End to end, with real packets: the seed walkthrough on both topologies, each on its lab:
// interconnect (examples/simpsons-interconnect: one NB, SB and ovn-northd per node, transit
// switch, per-pod SNAT) and single zone (examples/simpsons: one central NB). Asserts on the
// external host's access log (source IP per pod per phase) and on which node's br-ex carried the
// packets (OpenFlow counters). Reports the failover time (not asserted).
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type AccessLogEntry,
  createLab,
  detectEgressSteps,
  type EgressSteps,
  egressHostsSettled,
  failEgressNode,
  type Lab,
  type LabPod,
  type LabTopology,
  loadManifests,
  nodesHostingEgressIp,
  observeSources,
  selectServedPods,
  settledLeftovers,
  toLabSpec,
} from '@ovnkit/lab';

const examples = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
const TOPOLOGIES: ReadonlyArray<[LabTopology, string]> = [
  ['interconnect', examples('simpsons-interconnect')],
  ['single-zone', examples('simpsons')],
];

/** Client addresses the external host logged per pod path, for log entries from index `from` on. */
function clientsByPod(log: readonly AccessLogEntry[], from: number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of log.slice(from)) {
    const key = e.path.slice(1);
    out[key] = [...new Set([...(out[key] ?? []), e.client])].sort();
  }
  return out;
}

const key = (p: LabPod) => `${p.namespace}/${p.name}`;

describe.each(TOPOLOGIES)('EgressIP end to end, %s lab, real packets', (topology, EXAMPLES) => {
  const spec = toLabSpec(loadManifests(EXAMPLES));
  const eip = spec.egressIps[0];
  if (!eip) throw new Error(`${EXAMPLES} has no EgressIP`);
  const egressIp = eip.ips[0] as string;
  const served = selectServedPods(spec, eip);
  const unserved = spec.pods.filter((p) => !served.includes(p));
  let lab: Lab;
  let steps: EgressSteps;
  let manifests = '';
  let egressNode = '';
  let logMark = 0;

  beforeAll(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('the e2e test needs root (network namespaces, veths): run `npm test` as root');
    lab = await createLab({ spec, topology });
    manifests = join(lab.dir, 'manifests');
    cpSync(EXAMPLES, manifests, { recursive: true });
    steps = await detectEgressSteps({ statusFile: join(lab.dir, 'egressip-status.json'), topology });
    await steps.topologyInit.run(lab, manifests);
    await lab.bindPods();
  }, 180_000);

  afterAll(async () => {
    await steps?.controller.stop();
    if (!lab) return;
    const { prefix } = lab.names;
    const { dir } = lab;
    await lab.destroy();
    const left = await settledLeftovers(prefix, dir);
    if (left.namespaces.length || left.pids.length || left.dirExists)
      throw new Error(`lab left things behind: ${JSON.stringify(left)}`);
  }, 60_000);

  it('runs the real ovnkit commands (topology init, controller, show --egress-ip), no ovn-nbctl fallback', () => {
    const fallbacks = [steps.topologyInit, steps.controller, steps.showEgressIp]
      .filter((s) => s.isFallback)
      .map((s) => s.by);
    expect(fallbacks).toEqual([]);
  });

  it('the served pods are the simpson namespace: homer and marge (one node in interconnect, as in the seed; two in single zone)', () => {
    expect(served.map(key).sort()).toEqual(['simpson/homer', 'simpson/marge']);
    expect(new Set(served.map((p) => p.node)).size).toBe(topology === 'interconnect' ? 1 : 2);
    if (topology === 'interconnect')
      expect(lab.zones.map((z) => [z.name, z.nodes])).toEqual(spec.nodes.map((n) => [n.name, [n.name]]));
  });

  it('before the EgressIP: every pod is seen with its own node IP', async () => {
    logMark = lab.externalHost.accessLog().length;
    await observeSources(lab, spec.pods);
    const expected = Object.fromEntries(spec.pods.map((p) => [key(p), [lab.node(p.node).nodeIp]]));
    expect(clientsByPod(lab.externalHost.accessLog(), logMark)).toEqual(expected);
  }, 120_000);

  it('the controller assigns the egress IP to exactly one node', async () => {
    await steps.controller.start(lab, manifests);
    const hosts = await egressHostsSettled(lab, egressIp, (h) => h.length > 0);
    await lab.syncAll();
    expect(hosts).toHaveLength(1);
    egressNode = hosts[0] as string;
    expect(lab.node(egressNode).egressAssignable).toBe(true);
    console.log(
      `e2e (${topology}): ${egressIp} assigned to ${egressNode}; steps by: ${[steps.topologyInit.by, steps.controller.by, steps.showEgressIp.by].join(' | ')}`,
    );
  }, 120_000);

  it('with the EgressIP: homer and marge leave as the egress IP through the egress node; selma and patty keep their node IPs', async () => {
    const before = await lab.egressCounters(egressIp);
    logMark = lab.externalHost.accessLog().length;
    await observeSources(lab, spec.pods);
    const log = clientsByPod(lab.externalHost.accessLog(), logMark);
    const expected = Object.fromEntries([
      ...served.map((p) => [key(p), [egressIp]]),
      ...unserved.map((p) => [key(p), [lab.node(p.node).nodeIp]]),
    ]);
    expect(log).toEqual(expected);
    const after = await lab.egressCounters(egressIp);
    for (const n of spec.nodes) {
      const d = (after.get(n.name) ?? 0) - (before.get(n.name) ?? 0);
      // At least one TCP handshake + request per served pod left through the egress node.
      if (n.name === egressNode) expect(d).toBeGreaterThanOrEqual(3 * served.length);
      else expect({ node: n.name, packets: d }).toEqual({ node: n.name, packets: 0 });
    }
  }, 120_000);

  it('the NAT rows of the egress IP are shown on the egress node gateway router', async () => {
    const text = await steps.showEgressIp.run(lab, egressIp, manifests);
    expect(text).toContain(`(GR_${egressNode})`);
    for (const p of served) expect(text).toContain(`logical ip: "${p.ip}"`);
    // Interconnect: one block per zone NB, each under a heading naming its zone.
    if (topology === 'interconnect')
      for (const z of lab.zones) expect(text).toContain(`=== zone ${z.name} (${z.nbRemote}) ===`);
  }, 60_000);

  it('the egress node goes NotReady and loses its external link: the IP fails over and leaves through the other node', async () => {
    const survivor = spec.nodes.find((n) => n.name !== egressNode);
    if (!survivor) throw new Error('no second node');
    const { probe, out, answered } = await failEgressNode(lab, {
      manifestsDir: manifests,
      controller: steps.controller,
      egressIp,
      egressNode,
      survivors: [survivor.name],
      served,
    });
    const failoverMs = await answered;
    console.log(
      `e2e (${topology}): failover ${egressNode} -> ${survivor.name}: first packet from ${key(probe)} as ${egressIp} out of ${out.node} after ${out.ms} ms, answered and logged after ${failoverMs} ms`,
    );
    await lab.syncAll();
    expect(await nodesHostingEgressIp(lab, egressIp)).toEqual([survivor.name]);

    const before = await lab.egressCounters(egressIp);
    logMark = lab.externalHost.accessLog().length;
    const onSurvivor = unserved.filter((p) => p.node === survivor.name);
    await observeSources(lab, [...served, ...onSurvivor]);
    expect(clientsByPod(lab.externalHost.accessLog(), logMark)).toEqual(
      Object.fromEntries([
        ...served.map((p) => [key(p), [egressIp]]),
        ...onSurvivor.map((p) => [key(p), [survivor.nodeIp]]),
      ]),
    );
    const after = await lab.egressCounters(egressIp);
    expect((after.get(survivor.name) ?? 0) - (before.get(survivor.name) ?? 0)).toBeGreaterThanOrEqual(
      3 * served.length,
    );
    expect(after.get(egressNode)).toBe(before.get(egressNode));
  }, 180_000);

  it('no step fell back to ovn-nbctl while the story ran', () => {
    const fallbacks = [steps.topologyInit, steps.controller, steps.showEgressIp]
      .filter((s) => s.isFallback)
      .map((s) => s.by);
    expect(fallbacks).toEqual([]);
  });
});
