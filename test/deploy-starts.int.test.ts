// deploy/deployment.yaml's container started for real: the built CLI (packages/cli/dist/bin.js,
// what the image's ENTRYPOINT runs) with the manifest's arguments, expanded as the kubelet does,
// against the in-process API server (through KUBECONFIG, where a pod would use its service
// account) and a real NB. Only the listen addresses change (:9108 and :9109 become 127.0.0.1:0:
// tests use no fixed ports). It must get ready, take the lease, write status and NB rows, and
// stop on SIGTERM with exit code 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { nbTransactorFromClient, topologyInit } from '@ovnkit/egressip-controller';
import { connect } from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer, until } from '@ovnkit/testkit';
import { expandKubeVars, podCommands } from '../packages/cli/test/helpers/pod-commands.js';
import { seedFromManifests } from '../packages/egressip-controller/test/fake-apiserver/seed.js';
import { FakeApiServer } from '../packages/egressip-controller/test/fake-apiserver/server.js';

const root = resolve(import.meta.dirname, '..');
const isOurImage = (image: string) => /^(?:[^/]+\/)?ovnkit(?::|@|$)/.test(image);
const deployment = podCommands(
  join(root, 'deploy'),
  readFileSync(join(root, 'Dockerfile'), 'utf8'),
  isOurImage,
).find((c) => c.file === 'deployment.yaml' && c.container.name === 'controller');

let nb: OvsdbServer;
let api: FakeApiServer;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  nb = await startOvsdbServer({ schemas: ['nb'] });
  api = await FakeApiServer.start();
  const m = await seedFromManifests(api, join(root, 'examples/simpsons'));
  const client = await connect({ remote: nb.remote });
  await topologyInit({ nb: nbTransactorFromClient(client), nodes: m.nodes });
  await client.close();
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-deploy-'));
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await api?.close();
  await nb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('the Deployment container starts, gets ready as leader, programs the NB and stops on SIGTERM', async () => {
  expect(deployment).toBeDefined();
  const c = deployment!;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, api.kubeConfig().exportConfig());
  const env = { ...c.env, OVN_NB_DB: nb.remote };
  const argv = c.rawArgv
    .map((a) => expandKubeVars(a, env))
    .map((a) => a.replace(/^(--(?:health|metrics)-bind-address=).*$/, '$1127.0.0.1:0'));
  const bin = argv.findIndex((a) => a.endsWith('/packages/cli/dist/bin.js'));
  expect(argv.slice(0, bin)).toEqual(['node']);
  child = spawn(process.execPath, [join(root, 'packages/cli/dist/bin.js'), ...argv.slice(bin + 1)], {
    env: { PATH: process.env.PATH, ...env, KUBECONFIG: kubeconfig },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const exited = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
  const readyz = await until(
    'the running line',
    20_000,
    async () => /health: (\S+\/readyz)/.exec(stderr)?.[1],
  );
  await until('/readyz 200', 20_000, async () => ((await fetch(readyz)).status === 200 ? true : undefined));
  const [ns, lease] = String(argv.find((a) => a.startsWith('--leader-elect='))?.split('=')[1]).split('/');
  expect(api.get('leases', lease!, ns)?.spec?.holderIdentity).toBeTruthy();
  await until(
    'status written',
    20_000,
    async () => api.get('egressips', 'egressip-demo')?.status?.items?.[0],
  );
  const client = await connect({ remote: nb.remote });
  const reroutes = await until('reroutes written', 20_000, async () => {
    const [r] = (await client.transact('OVN_Northbound', [
      { op: 'select', table: 'Logical_Router_Policy', where: [['priority', '==', 100]], columns: ['match'] },
    ])) as Array<{ rows: unknown[] }>;
    return r!.rows.length > 0 ? r!.rows.length : undefined;
  });
  await client.close();
  expect(reroutes).toBe(2);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 120_000);
