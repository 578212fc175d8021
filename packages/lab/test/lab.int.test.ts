// A real lab (namespaces, userspace OVS chassis, central OVN) from examples/simpsons: pods reach
// the external host with their node's IP, and nothing is left behind afterwards.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createLab,
  findLeftovers,
  type Lab,
  loadManifests,
  renderBaseTopologyCommands,
  renderFeatureRowCommands,
  renderPodEgressCommands,
  renderPodEgressRemovalCommands,
  selectServedPods,
  toLabSpec,
} from '@ovnkit/lab';

const EXAMPLES = fileURLToPath(new URL('../../../examples/simpsons', import.meta.url));

describe('lab built from examples/simpsons', () => {
  let lab: Lab;
  let prefix = '';
  let dir = '';

  beforeAll(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('the lab tests need root (network namespaces): run them as root');
    const spec = toLabSpec(loadManifests(EXAMPLES));
    lab = await createLab({ spec });
    prefix = lab.names.prefix;
    dir = lab.dir;
    await lab.nbctl(renderBaseTopologyCommands(spec));
    await lab.bindPods();
  }, 120_000);

  afterAll(async () => {
    await lab?.destroy();
  }, 60_000);

  it('gives every chassis its own daemons, all with the lab directory in their command line', async () => {
    expect(lab.pids().length).toBe(3 + 3 * lab.spec.nodes.length + 1);
    const found = await findLeftovers(prefix, dir);
    expect(new Set(found.pids)).toEqual(new Set(lab.pids()));
    expect(found.namespaces.sort()).toEqual(
      [
        lab.names.external,
        lab.names.underlay,
        ...lab.spec.nodes.map((n) => lab.names.node(n.name)),
        ...lab.spec.pods.map((p) => lab.names.pod(p.namespace, p.name)),
      ].sort(),
    );
  });

  it('without EgressIP, each pod is seen by the external host with its own node IP', async () => {
    for (const pod of lab.spec.pods) {
      const r = await lab.request(pod, 5);
      expect({ pod: pod.name, source: r.sourceIp }).toEqual({
        pod: pod.name,
        source: lab.node(pod.node).nodeIp,
      });
    }
    const log = lab.externalHost.accessLog();
    expect(log.map((e) => e.path).sort()).toEqual(
      lab.spec.pods.map((p) => `/${p.namespace}/${p.name}`).sort(),
    );
  }, 60_000);

  it('counts node-IP packets on the br-ex of the node they left through', async () => {
    const node = lab.spec.nodes[0];
    if (!node) throw new Error('no node');
    const before = await lab.egressCounters(node.nodeIp);
    const pod = lab.spec.pods.find((p) => p.node === node.name);
    if (!pod) throw new Error(`no pod on ${node.name}`);
    expect((await lab.request(pod, 5)).sourceIp).toBe(node.nodeIp);
    const after = await lab.egressCounters(node.nodeIp);
    expect((after.get(node.name) ?? 0) - (before.get(node.name) ?? 0)).toBeGreaterThan(0);
    for (const other of lab.spec.nodes.filter((n) => n !== node))
      expect(after.get(other.name)).toBe(before.get(other.name));
  }, 60_000);

  it('a node whose external link is down cannot reach the external host', async () => {
    const pod = lab.spec.pods[0];
    if (!pod) throw new Error('no pod');
    await lab.setExternalLink(pod.node, false);
    expect((await lab.request(pod, 1)).sourceIp).toBeUndefined();
    await lab.setExternalLink(pod.node, true);
  }, 60_000);

  it('the EgressIP rows of egressip-spec 4.7.1, written with ovn-nbctl, make served pods leave as the egress IP', async () => {
    const eip = lab.spec.egressIps[0];
    const [first, second] = lab.spec.nodes;
    if (!eip || !first || !second) throw new Error('examples/simpsons changed');
    const egressIp = eip.ips[0] as string;
    const served = selectServedPods(lab.spec, eip);
    const others = lab.spec.pods.filter((p) => !served.includes(p));
    await lab.nbctl(
      [
        ...renderFeatureRowCommands(lab.spec, served),
        ...renderPodEgressCommands(eip.name, egressIp, first, served),
      ],
      { wait: 'hv' },
    );
    for (const p of served)
      expect({ pod: p.name, source: (await lab.request(p, 5)).sourceIp }).toEqual({
        pod: p.name,
        source: egressIp,
      });
    for (const p of others)
      expect({ pod: p.name, source: (await lab.request(p, 5)).sourceIp }).toEqual({
        pod: p.name,
        source: lab.node(p.node).nodeIp,
      });

    // Failover by hand: rows move to the second node's gateway router.
    const before = await lab.egressCounters(egressIp);
    await lab.nbctl(
      [
        ...renderPodEgressRemovalCommands(first, served),
        ...renderPodEgressCommands(eip.name, egressIp, second, served),
      ],
      { wait: 'hv' },
    );
    for (const p of served) expect((await lab.request(p, 5)).sourceIp).toBe(egressIp);
    const after = await lab.egressCounters(egressIp);
    expect((after.get(second.name) ?? 0) - (before.get(second.name) ?? 0)).toBeGreaterThan(0);
    expect(after.get(first.name)).toBe(before.get(first.name));
  }, 90_000);

  it('destroy() leaves no namespace, process or directory behind', async () => {
    await lab.destroy();
    expect(await findLeftovers(prefix, dir)).toEqual({ namespaces: [], pids: [], dirExists: false });
  }, 60_000);
});
