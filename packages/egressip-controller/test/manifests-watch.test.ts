// Manifest mode follows every way files get replaced on disk, each done for real: `sed -i`
// (twice: node's recursive fs.watch lost a file after its first in-place edit), an editor's
// rename-over, `git checkout` between branches (files unlinked and recreated, directories
// removed and made), the whole directory swapped for another, and a ConfigMap volume's
// `..data` symlink swap.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { until } from '@ovnkit/testkit';
import { createManifestSource, type ManifestClusterSource } from '../src/manifests/manifest-source.js';

const run = promisify(execFile);
let root: string;
let source: ManifestClusterSource | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ovnkit-watch-'));
});
afterEach(async () => {
  await source?.stop();
  source = undefined;
  await rm(root, { recursive: true, force: true });
});

const nodeYaml = (name: string, ready: boolean) => `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels: {k8s.ovn.org/egress-assignable: ""}
status:
  conditions: [{type: Ready, status: "${ready ? 'True' : 'False'}"}]
`;

async function watch(dir: string) {
  source = createManifestSource({ dir, statusFile: join(root, 'status.yaml'), debounceMs: 20 });
  await source.start();
  return source;
}

/** Waits until the source shows node `name` with Ready = `ready` (absent: `ready` undefined). */
function seen(name: string, ready: boolean | undefined) {
  return until(`${name} ready=${ready}`, 10_000, async () => {
    const n = source?.view.node(name);
    const now = n ? n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' : undefined;
    return now === ready ? true : undefined;
  });
}

it('sees every in-place edit made with sed -i, not only the first', async () => {
  const dir = join(root, 'cluster');
  await mkdir(dir);
  const file = join(dir, 'nodes.yaml');
  await writeFile(file, nodeYaml('n1', true));
  await watch(dir);
  await seen('n1', true);
  for (const [from, to, ready] of [
    ['True', 'False', false],
    ['False', 'True', true],
    ['True', 'False', false],
  ] as const) {
    await run('sed', ['-i', `s/status: "${from}"/status: "${to}"/`, file]);
    await seen('n1', ready);
  }
});

it('sees a file replaced by rename (editors, atomic writers), again and again', async () => {
  const dir = join(root, 'cluster');
  await mkdir(dir);
  const file = join(dir, 'nodes.yaml');
  await writeFile(file, nodeYaml('n1', true));
  await watch(dir);
  for (const ready of [false, true, false]) {
    await writeFile(`${file}.new`, nodeYaml('n1', ready));
    await rename(`${file}.new`, file);
    await seen('n1', ready);
  }
});

it('follows git checkout between branches that remove and recreate files and directories', async () => {
  const repo = join(root, 'repo');
  const dir = join(repo, 'cluster');
  await mkdir(join(dir, 'nodes'), { recursive: true });
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: repo });
  await git('init', '-q', '-b', 'main');
  await writeFile(join(dir, 'nodes', 'n1.yaml'), nodeYaml('n1', true));
  await git('add', '-A');
  await git('commit', '-q', '-m', 'n1 ready');
  // Branch "drain": nodes/ is gone, n1 is not ready and lives in workers/, n2 appears.
  await git('checkout', '-q', '-b', 'drain');
  await rm(join(dir, 'nodes'), { recursive: true });
  await mkdir(join(dir, 'workers'));
  await writeFile(join(dir, 'workers', 'n1.yaml'), nodeYaml('n1', false));
  await writeFile(join(dir, 'workers', 'n2.yaml'), nodeYaml('n2', true));
  await git('add', '-A');
  await git('commit', '-q', '-m', 'drain n1');
  await git('checkout', '-q', 'main');

  await watch(dir);
  await seen('n1', true);
  await seen('n2', undefined);
  await git('checkout', '-q', 'drain');
  await seen('n1', false);
  await seen('n2', true);
  await git('checkout', '-q', 'main');
  await seen('n1', true);
  await seen('n2', undefined);
});

it('moves to a directory swapped in for the watched one, and keeps watching it', async () => {
  const dir = join(root, 'cluster');
  await mkdir(dir);
  await writeFile(join(dir, 'nodes.yaml'), nodeYaml('n1', true));
  await watch(dir);
  await seen('n1', true);
  const next = join(root, 'cluster.next');
  await mkdir(next);
  await writeFile(join(next, 'nodes.yaml'), nodeYaml('n1', false));
  await rename(dir, join(root, 'cluster.old'));
  await rename(next, dir);
  await seen('n1', false);
  await writeFile(join(dir, 'more.yaml'), nodeYaml('n2', true));
  await seen('n2', true);
});

it('follows a ConfigMap volume: files linked through ..data, swapped atomically', async () => {
  const dir = join(root, 'configmap');
  await mkdir(dir);
  // What the kubelet's atomic writer does: a timestamped directory per version, `..data` linking
  // to the current one, and the visible names linking through `..data`.
  const publish = async (version: string, ready: boolean) => {
    await mkdir(join(dir, version));
    await writeFile(join(dir, version, 'nodes.yaml'), nodeYaml('n1', ready));
    await symlink(version, join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));
  };
  await publish('..2026_12_06_01_00_00.1', true);
  await symlink('..data/nodes.yaml', join(dir, 'nodes.yaml'));
  await watch(dir);
  await seen('n1', true);
  await publish('..2026_12_06_01_05_00.2', false);
  await rm(join(dir, '..2026_12_06_01_00_00.1'), { recursive: true });
  await seen('n1', false);
  await publish('..2026_12_06_01_10_00.3', true);
  await rm(join(dir, '..2026_12_06_01_05_00.2'), { recursive: true });
  await seen('n1', true);
  expect(source?.view.nodes().map((n) => n.metadata?.name)).toEqual(['n1']);
});
