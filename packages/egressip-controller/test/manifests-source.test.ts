// The manifests-directory source on real files in a temp dir, including the repo's own
// examples/simpsons tree (a kustomize layout).

import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { until } from '@ovnkit/testkit';
import { parse } from 'yaml';
import type { ClusterChange } from '../src/api/cluster-source.js';
import { loadManifestDirectory } from '../src/manifests/load-directory.js';
import { createManifestSource, type ManifestClusterSource } from '../src/manifests/manifest-source.js';
import { emptyManifests, ManifestError, parseManifestText } from '../src/manifests/parse-manifests.js';

const here = dirname(fileURLToPath(import.meta.url));
const simpsons = join(here, '../../../examples/simpsons');

let dir: string;
let sources: ManifestClusterSource[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ovnkit-manifests-'));
});
afterEach(async () => {
  for (const s of sources) await s.stop();
  sources = [];
  await rm(dir, { recursive: true, force: true });
});

const nodeYaml = (name: string, ip: string) => `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: {k8s.ovn.org/egress-assignable: ""}
  annotations:
    k8s.ovn.org/node-primary-ifaddr: '{"ipv4":"${ip}/24"}'
    k8s.ovn.org/host-cidrs: '["${ip}/24"]'
status:
  conditions: [{type: Ready, status: "True"}]
`;

/** Replace a file the way editors and git do (write aside, then rename), so no reload sees half a file. */
async function writeAtomic(file: string, text: string) {
  const tmp = join(dirname(file), `.${basename(file)}.tmp`);
  await writeFile(tmp, text);
  await rename(tmp, file);
}

function start(opts: Partial<Parameters<typeof createManifestSource>[0]> = {}) {
  const s = createManifestSource({
    dir,
    statusFile: join(dir, '.status', 'egressip-status.yaml'),
    debounceMs: 20,
    ...opts,
  });
  sources.push(s);
  return s;
}

describe('parseManifestText', () => {
  it('reads multi-document YAML, JSON and List wrappers, and reports other kinds', () => {
    const into = emptyManifests();
    parseManifestText(
      'a.yaml',
      `${nodeYaml('n1', '10.0.0.1')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n`,
      into,
    );
    parseManifestText(
      'b.json',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' } },
          {
            apiVersion: 'v1',
            kind: 'PodList',
            items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }],
          },
        ],
      }),
      into,
    );
    expect(into.nodes.map((n) => n.metadata?.name)).toEqual(['n1']);
    expect(into.namespaces.map((n) => n.metadata?.name)).toEqual(['ns1']);
    expect(into.pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`)).toEqual(['default/p']);
    expect(into.ignored).toEqual(['a.yaml: apps/v1 Deployment web']);
  });

  it.each([
    ['bad.yaml', 'kind: Node\nmetadata: {name: [unclosed\n', /bad\.yaml: invalid YAML/],
    ['bad.json', '{"kind": ', /bad\.json: invalid JSON/],
    [
      'noname.yaml',
      'apiVersion: v1\nkind: Node\nmetadata: {}\n',
      /noname\.yaml: document 1: Node without metadata.name/,
    ],
    ['nokind.yaml', 'apiVersion: v1\nmetadata: {name: x}\n', /nokind\.yaml: document 1: object has no kind/],
    [
      'eip.yaml',
      'apiVersion: k8s.ovn.org/v1\nkind: EgressIP\nmetadata: {name: e}\nspec: {egressIPs: 1.2.3.4, namespaceSelector: {}}\n',
      /EgressIP e: spec.egressIPs must be a list/,
    ],
    ['scalar.yaml', '42\n', /expected a Kubernetes object, got number/],
  ])('rejects %s with a ManifestError naming the file', (file, text, message) => {
    expect(() => parseManifestText(file, text, emptyManifests())).toThrow(ManifestError);
    expect(() => parseManifestText(file, text, emptyManifests())).toThrow(message);
  });
});

describe('loadManifestDirectory', () => {
  it('loads the examples/simpsons kustomize tree and ignores the Kustomization files', async () => {
    const m = await loadManifestDirectory(simpsons);
    expect(m.nodes.map((n) => n.metadata?.name).sort()).toEqual(['ovn-worker', 'ovn-worker2']);
    expect(m.namespaces.map((n) => n.metadata?.name).sort()).toEqual(['bouvier', 'simpson']);
    expect(m.pods.map((p) => p.metadata?.name).sort()).toEqual(['homer', 'marge', 'patty', 'selma']);
    expect(m.egressIPs.map((e) => e.spec.egressIPs)).toEqual([['192.168.126.100']]);
    expect(m.ignored.every((l) => l.includes('kustomize.config.k8s.io/v1beta1 Kustomization'))).toBe(true);
    expect(m.ignored.length).toBeGreaterThan(0);
  });

  it('recurses, skips hidden entries and refuses an object defined twice', async () => {
    await mkdir(join(dir, 'a/b'), { recursive: true });
    await mkdir(join(dir, '.git'));
    await writeFile(join(dir, 'a/b/n1.yaml'), nodeYaml('n1', '10.0.0.1'));
    await writeFile(join(dir, '.git/n9.yaml'), nodeYaml('n9', '10.0.0.9'));
    await writeFile(join(dir, 'README.md'), '# not a manifest');
    expect((await loadManifestDirectory(dir)).nodes.map((n) => n.metadata?.name)).toEqual(['n1']);
    await writeFile(join(dir, 'copy.yaml'), nodeYaml('n1', '10.0.0.1'));
    await expect(loadManifestDirectory(dir)).rejects.toThrow('Node n1 is defined twice');
  });
});

describe('ManifestClusterSource', () => {
  it('notices file changes (debounced) and reports them with the previous version', async () => {
    await writeFile(join(dir, 'n1.yaml'), nodeYaml('n1', '10.0.0.1'));
    const s = start();
    const changes: ClusterChange[] = [];
    s.onChange((c) => changes.push(c));
    await s.start();
    expect(s.view.nodes().map((n) => n.metadata?.name)).toEqual(['n1']);
    await writeAtomic(join(dir, 'n2.yaml'), nodeYaml('n2', '10.0.0.2'));
    await writeAtomic(join(dir, 'n1.yaml'), nodeYaml('n1', '10.0.0.11'));
    await until('both changes seen', 5000, async () => (changes.length >= 2 ? true : undefined));
    const byName = Object.fromEntries(changes.map((c) => [c.object.metadata?.name, c]));
    expect(byName.n2?.type).toBe('add');
    expect(byName.n1?.type).toBe('update');
    expect(byName.n1?.old?.metadata?.annotations?.['k8s.ovn.org/host-cidrs']).toBe('["10.0.0.1/24"]');
    await rm(join(dir, 'n2.yaml'));
    await until('delete seen', 5000, async () =>
      changes.some((c) => c.type === 'delete') ? true : undefined,
    );
    expect(s.view.node('n2')).toBeUndefined();
  });

  it('keeps the last good state when a file becomes unreadable', async () => {
    await writeFile(join(dir, 'n1.yaml'), nodeYaml('n1', '10.0.0.1'));
    const s = start({ watch: false });
    await s.start();
    await writeFile(join(dir, 'n1.yaml'), 'kind: [broken');
    await s.reload();
    expect(s.view.node('n1')).toBeDefined();
  });

  it('writes EgressIP status to the status file and reads it back on the next start', async () => {
    await writeFile(
      join(dir, 'eip.yaml'),
      'apiVersion: k8s.ovn.org/v1\nkind: EgressIP\nmetadata: {name: demo}\nspec:\n  egressIPs: [10.0.0.100]\n  namespaceSelector: {matchLabels: {team: a}}\n',
    );
    const s = start({ watch: false });
    await s.start();
    expect(s.view.egressIP('demo')?.status).toBeUndefined();
    await s.writeStatus('demo', [{ node: 'n1', egressIP: '10.0.0.100' }]);
    expect(s.view.egressIP('demo')?.status).toEqual({ items: [{ node: 'n1', egressIP: '10.0.0.100' }] });
    await s.flush();
    const file = parse(await readFile(join(dir, '.status', 'egressip-status.yaml'), 'utf8'));
    expect(file).toEqual({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'k8s.ovn.org/v1',
          kind: 'EgressIP',
          metadata: { name: 'demo' },
          spec: { egressIPs: ['10.0.0.100'], namespaceSelector: { matchLabels: { team: 'a' } } },
          status: { items: [{ node: 'n1', egressIP: '10.0.0.100' }] },
        },
      ],
    });
    const again = start({ watch: false });
    await again.start();
    expect(again.view.egressIP('demo')?.status?.items).toEqual([{ node: 'n1', egressIP: '10.0.0.100' }]);
    await again.recordEvent('demo', { type: 'Warning', reason: 'UnassignedRequest', message: 'm' });
    expect(again.events).toMatchObject([
      { egressIP: 'demo', reason: 'UnassignedRequest', message: 'm', type: 'Warning' },
    ]);
  });
});
