// The seed walkthrough with real packets, narrated: lab up, base topology, pods, requests before
// and after the EgressIP, the NAT rows, a node going NotReady and the failover, teardown.
import { cpSync } from 'node:fs';
import { join, relative } from 'node:path';
import { egressHostsSettled } from '../egress/egress-location.js';
import { detectEgressSteps, type EgressSteps } from '../egress/egress-steps.js';
import { failEgressNode } from '../egress-node-failure.js';
import { selectServedPods } from '../egressip-nbctl.js';
import { createLab, type Lab, type LabTopology } from '../lab.js';
import { type LabEgressIp, type LabPod, type LabSpec, toLabSpec } from '../manifests/lab-spec.js';
import { loadManifests } from '../manifests/load-manifests.js';
import { delta, observeSources, type SourceObservation } from '../story.js';
import { formatMs, type Narrator } from './narrator.js';

export interface DemoOptions {
  readonly manifestsDir: string;
  readonly narrator: Narrator;
  /** Default 'single-zone'; `npm run demo` runs 'interconnect' unless given --single-zone. */
  readonly topology?: LabTopology;
}

export interface DemoResult {
  /** NotReady change to the external host logging the first request with the egress IP. */
  readonly failoverMs: number;
  /** NotReady change to the first packet with the egress IP leaving through the new node. */
  readonly failoverOutMs: number;
  readonly fallbacks: readonly string[];
}

function describeSource(spec: LabSpec, eip: LabEgressIp, o: SourceObservation): string {
  if (!o.sourceIp) return `no answer (${o.error ?? 'timeout'})`;
  if (eip.ips.includes(o.sourceIp)) return `${o.sourceIp}  (the egress IP)`;
  const node = spec.nodes.find((n) => n.nodeIp === o.sourceIp);
  return node ? `${o.sourceIp}  (node IP of ${node.name})` : o.sourceIp;
}

function podLine(p: LabPod): string {
  return `${`${p.namespace}/${p.name}`.padEnd(16)} on ${p.node.padEnd(12)}`;
}

function countersLine(counters: ReadonlyMap<string, number>): string {
  return [...counters].map(([node, n]) => `${node} +${n}`).join(', ');
}

async function observe(
  n: Narrator,
  lab: Lab,
  eip: LabEgressIp,
  pods: readonly LabPod[],
): Promise<Map<string, number>> {
  const before = await lab.egressCounters(eip.ips[0] as string);
  const mark = lab.externalHost.accessLog().length;
  for (const o of await observeSources(lab, pods))
    n.detail(`${podLine(o.pod)} seen as ${describeSource(lab.spec, eip, o)}`);
  n.detail(`the external host's access log (${lab.externalHost.logFile}):`);
  for (const e of lab.externalHost.accessLog().slice(mark))
    n.detail(`  ${e.time}  client ${e.client.padEnd(15)}  GET ${e.path}`);
  const d = delta(before, await lab.egressCounters(eip.ips[0] as string));
  n.detail(`br-ex packets with source ${eip.ips[0]} during these requests: ${countersLine(d)}`);
  return d;
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const n = o.narrator;
  const spec = toLabSpec(loadManifests(o.manifestsDir));
  const eip = spec.egressIps[0];
  if (!eip) throw new Error(`no EgressIP manifest under ${o.manifestsDir}`);
  const egressIp = eip.ips[0] as string;
  const served = selectServedPods(spec, eip);
  const others = spec.pods.filter((p) => !served.includes(p));
  const fallbacks: string[] = [];

  const topology = o.topology ?? 'single-zone';
  const ic = topology === 'interconnect';
  n.say(
    ic
      ? `EgressIP with real packets, as OpenShift runs it today: one NB, SB and ovn-northd per node (interconnect zones), a transit switch over geneve, per-pod SNAT; built from ${o.manifestsDir}\n`
      : `EgressIP with real packets, the 2021 topology: one central NB, SB and ovn-northd; built from ${o.manifestsDir}\n`,
  );
  const lab = await n.step(
    ic
      ? 'Building the lab (per node: NB, SB, ovn-northd, ovn-controller, userspace OVS; underlay, external host)'
      : 'Building the lab (central OVN, one chassis per Node manifest, underlay, external host)',
    () => createLab({ spec, topology, onProgress: (m) => n.detail(m) }),
  );
  let steps: EgressSteps | undefined;
  try {
    // The controller reads a private copy: the demo edits it to make a node NotReady.
    const manifests = join(lab.dir, 'manifests');
    cpSync(o.manifestsDir, manifests, { recursive: true });
    const egress = await detectEgressSteps({ statusFile: join(lab.dir, 'egressip-status.json'), topology });
    steps = egress;

    await n.step(`Creating the base topology with ${egress.topologyInit.by}`, async () => {
      await egress.topologyInit.run(lab, manifests);
      if (ic)
        for (const z of lab.zones) {
          const others = spec.nodes.filter((x) => !z.nodes.includes(x.name)).map((x) => x.name);
          n.detail(
            `zone ${z.name}: ovn_cluster_router, join, ${z.nodes.map((x) => `${x}, GR_${x}, ext_${x}`).join(', ')}; transit_switch with remote port(s) for ${others.join(', ')} (remote chassis in this zone's SB); a node-IP SNAT per local pod`,
          );
        }
      else
        n.detail(
          `ovn_cluster_router, join, and per node: switch, GR_<node>, ext_<node> (${spec.nodes.map((x) => x.name).join(', ')})`,
        );
    });
    await n.step(`Binding the ${spec.pods.length} pods to their logical ports`, async () => {
      await lab.bindPods();
      for (const p of [...served, ...others]) n.detail(`${podLine(p)} ${p.ip}  (port ${p.logicalPort})`);
    });
    // One served pod and one pod of another namespace on another node: their node IPs differ.
    const bystander = others.find((p) => p.node !== served[0]?.node) ?? others[0];
    const sample = [served[0], bystander].filter((p): p is LabPod => p !== undefined);
    await n.step(`Requests to the external host ${spec.externalHostIp} before any EgressIP`, () =>
      observe(n, lab, eip, sample),
    );

    let egressNode = '';
    await n.step(`The controller applies the manifests: ${egress.controller.by}`, async () => {
      await egress.controller.start(lab, manifests);
      const hosts = await egressHostsSettled(lab, egressIp, (h) => h.length === 1);
      await lab.syncAll();
      egressNode = hosts[0] ?? '';
      n.detail(`EgressIP ${eip.name}: ${egressIp} assigned to ${hosts.join(', ') || 'no node'}`);
      n.detail(
        `serves ${served.map((p) => `${p.namespace}/${p.name}`).join(', ')} (namespaces labelled ${JSON.stringify(eip.namespaceLabels)})`,
      );
    });
    if (!egressNode) throw new Error(`the controller did not assign ${egressIp} to any node`);
    await n.step('Requests with the EgressIP in place', () =>
      observe(n, lab, eip, [...served, ...(bystander ? [bystander] : [])]),
    );
    await n.step(`What the operator sees for ${egressIp}: ${egress.showEgressIp.by}`, async () => {
      n.detail((await egress.showEgressIp.run(lab, egressIp, manifests)).trimEnd());
    });

    let failoverMs = 0;
    let failoverOutMs = 0;
    await n.step(`${egressNode} becomes NotReady and its external link goes down`, async () => {
      const { nodeFile, probe, out, answered } = await failEgressNode(lab, {
        manifestsDir: manifests,
        controller: egress.controller,
        egressIp,
        egressNode,
        survivors: spec.nodes.filter((x) => x.name !== egressNode).map((x) => x.name),
        served,
      });
      n.detail(
        `${relative(manifests, nodeFile)}: condition Ready=False; ${egressNode}'s br-ex uplink is down`,
      );
      const hosts = await egressHostsSettled(lab, egressIp, (h) => h.length === 1 && h[0] !== egressNode);
      n.detail(`the controller moved ${egressIp} to ${hosts.join(', ') || 'no node'}`);
      n.detail(
        `first packet from ${probe.namespace}/${probe.name} (on ${probe.node}) with source ${egressIp} out of ${out.node}'s uplink ${formatMs(out.ms)} after the NotReady change`,
      );
      failoverMs = await answered;
      n.detail(
        `the external host answered and logged it ${formatMs(failoverMs)} after the change (its reply needed the new gateway router's gratuitous ARP, which OVN sends 1 s after it learns the address)`,
      );
      failoverOutMs = out.ms;
    });
    await n.step('Requests after the failover', async () => {
      const d = await observe(n, lab, eip, [...served, ...(bystander ? [bystander] : [])]);
      const carried = [...d].filter(([, c]) => c > 0).map(([node]) => node);
      n.detail(`the egress traffic left through: ${carried.join(', ') || 'nothing counted'}`);
    });
    await n.step(`What the operator sees for ${egressIp} after the failover`, async () => {
      n.detail((await egress.showEgressIp.run(lab, egressIp, manifests)).trimEnd());
    });
    for (const s of [egress.topologyInit, egress.controller, egress.showEgressIp])
      if (s.isFallback) fallbacks.push(s.by);
    return { failoverMs, failoverOutMs, fallbacks };
  } finally {
    await steps?.controller.stop();
    await n.step('Tearing down (daemons by pid, namespaces, lab directory)', () => lab.destroy());
  }
}
