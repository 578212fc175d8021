import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { toLabSpec } from './lab-spec.js';
import { type KubeObject, loadManifests, ManifestError } from './load-manifests.js';
import { setNodeReady } from './node-readiness.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/simpsons', import.meta.url));

describe('toLabSpec on examples/simpsons', () => {
  const spec = toLabSpec(loadManifests(EXAMPLES));

  it('derives the nodes from their ovn-kubernetes annotations', () => {
    expect(
      spec.nodes.map((n) => [
        n.name,
        n.nodeIp,
        n.subnet,
        n.joinIp,
        n.managementIp,
        n.ready,
        n.egressAssignable,
      ]),
    ).toEqual([
      ['ovn-worker', '192.168.126.51', '10.128.0.0/23', '100.64.0.2', '10.128.0.2', true, true],
      ['ovn-worker2', '192.168.126.52', '10.128.2.0/23', '100.64.0.3', '10.128.2.2', true, true],
    ]);
    expect(spec.externalHostIp).toBe('192.168.126.1');
  });

  it('derives the four pods with their pod-networks addresses', () => {
    const pods = Object.fromEntries(
      spec.pods.map((p) => [`${p.namespace}/${p.name}`, `${p.node} ${p.ip} ${p.mac} ${p.logicalPort}`]),
    );
    expect(pods).toEqual({
      'simpson/homer': 'ovn-worker 10.128.0.5 0a:58:0a:80:00:05 simpson_homer',
      'simpson/marge': 'ovn-worker2 10.128.2.5 0a:58:0a:80:02:05 simpson_marge',
      'bouvier/selma': 'ovn-worker 10.128.0.6 0a:58:0a:80:00:06 bouvier_selma',
      'bouvier/patty': 'ovn-worker2 10.128.2.6 0a:58:0a:80:02:06 bouvier_patty',
    });
  });

  it('reads the EgressIP once (the overlay only points at the base)', () => {
    expect(spec.egressIps).toEqual([
      { name: 'egressip-demo', ips: ['192.168.126.100'], namespaceLabels: { house: 'simpson' } },
    ]);
    expect(spec.namespaces.get('simpson')).toMatchObject({ house: 'simpson' });
  });
});

describe('bad manifests', () => {
  const objects = loadManifests(EXAMPLES);
  const withPod = (edit: (pod: Record<string, unknown>) => void): KubeObject[] =>
    objects.map((o) => {
      if (o.kind !== 'Pod' || o.metadata.name !== 'homer') return o;
      const copy = structuredClone(o) as unknown as Record<string, unknown>;
      edit(copy);
      return copy as unknown as KubeObject;
    });

  it('names the pod whose IP is outside its node subnet', () => {
    const bad = withPod((p) => {
      (p.spec as Record<string, unknown>).nodeName = 'ovn-worker2';
    });
    expect(() => toLabSpec(bad)).toThrow(
      new ManifestError(
        "apps/simpson/homer.yaml: pod simpson/homer: IP 10.128.0.5 is outside ovn-worker2's subnet 10.128.2.0/23",
      ),
    );
  });

  it('names an unknown node', () => {
    const bad = withPod((p) => {
      (p.spec as Record<string, unknown>).nodeName = 'nowhere';
    });
    expect(() => toLabSpec(bad)).toThrow(
      /spec.nodeName 'nowhere' is not one of the nodes \(ovn-worker, ovn-worker2\)/,
    );
  });

  it('names a missing annotation', () => {
    const bad = objects.map((o) =>
      o.kind === 'Node' && o.metadata.name === 'ovn-worker'
        ? { ...o, metadata: { ...o.metadata, annotations: {} } }
        : o,
    );
    expect(() => toLabSpec(bad)).toThrow(
      /nodes\/ovn-worker.yaml: Node ovn-worker lacks annotation k8s.ovn.org\/node-primary-ifaddr/,
    );
  });
});

describe('setNodeReady', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('flips the Ready condition in the node file and keeps its comments', () => {
    dir = mkdtempSync(join(tmpdir(), 'ovnkit-lab-spec-'));
    cpSync(EXAMPLES, dir, { recursive: true });
    const file = setNodeReady(dir, 'ovn-worker', false, new Date('2026-11-25T11:00:00.123Z'));
    expect(file).toBe(join(dir, 'nodes/ovn-worker.yaml'));
    const spec = toLabSpec(loadManifests(dir));
    expect(spec.nodes.map((n) => [n.name, n.ready])).toEqual([
      ['ovn-worker', false],
      ['ovn-worker2', true],
    ]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# A kind-style worker');
    expect(text).toContain('lastTransitionTime: "2026-11-25T11:00:00Z"');
    setNodeReady(dir, 'ovn-worker', true);
    expect(toLabSpec(loadManifests(dir)).nodes.every((n) => n.ready)).toBe(true);
  });

  it('refuses a node that has no manifest', () => {
    dir = mkdtempSync(join(tmpdir(), 'ovnkit-lab-spec-'));
    writeFileSync(join(dir, 'x.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    expect(() => setNodeReady(dir, 'ovn-worker', false)).toThrow(/no Node manifest named ovn-worker/);
  });
});
