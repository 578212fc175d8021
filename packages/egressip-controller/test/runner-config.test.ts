// createControllerFromConfig: typed errors for bad settings; manifests mode end to end with a
// real NB reached by its unix-socket remote.

import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { parse } from 'yaml';
import { silentLogger } from '../src/ops/logger.js';
import { ControllerConfigError, createControllerFromConfig } from '../src/runner/controller-from-config.js';

const simpsons = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/simpsons');
let dir: string;
let server: OvsdbServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ovnkit-config-'));
  await cp(simpsons, join(dir, 'cluster'), { recursive: true });
  server = await startOvsdbServer({ schemas: ['nb'] });
});
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('createControllerFromConfig', () => {
  it.each([
    [{ mode: 'cloud' }, 'mode: must be "kube" or "manifests", got "cloud"'],
    [{ mode: 'manifests' }, 'manifestsDir: required in manifests mode'],
    [
      { mode: 'manifests', manifestsDir: '/x', leaderElection: { namespace: 'a', lease: 'b' } },
      'leaderElection: needs the Kubernetes API (kube mode)',
    ],
    [
      { mode: 'manifests', manifestsDir: '/x', reachabilityTotalTimeoutSeconds: -1 },
      'reachabilityTotalTimeoutSeconds: must be an integer 0..60, got -1',
    ],
    [
      { mode: 'manifests', manifestsDir: '/x', healthPort: 70000 },
      'healthPort: must be a port 0..65535, got 70000',
    ],
    [
      { mode: 'manifests', manifestsDir: '/x', concurrency: 0 },
      'concurrency: must be a positive integer, got 0',
    ],
  ])('rejects %j', async (cfg, message) => {
    const p = createControllerFromConfig(cfg as never);
    await expect(p).rejects.toBeInstanceOf(ControllerConfigError);
    await expect(createControllerFromConfig(cfg as never)).rejects.toThrow(message);
  });

  it('manifests mode with an NB remote: assigns, writes the status file beside the directory, converges', async () => {
    const c = await createControllerFromConfig({
      mode: 'manifests',
      manifestsDir: join(dir, 'cluster'),
      watch: false,
      nbRemote: server.remote,
      logger: silentLogger,
    });
    const summary = await c.runOnce();
    expect(summary.status).toEqual({
      'egressip-demo': [{ node: 'ovn-worker', egressIP: '192.168.126.100' }],
    });
    expect(summary.failures).toEqual([]);
    const file = parse(await readFile(join(dir, 'cluster-egressip-status.yaml'), 'utf8'));
    expect(file.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['egressip-demo']);
  });

  it('watch mode: a setting retrying cannot fix still fails start() once the NB answers', async () => {
    const c = await createControllerFromConfig({
      mode: 'manifests',
      manifestsDir: join(dir, 'cluster'),
      statusFile: join(dir, 'bad-config-status.yaml'),
      nbRemote: server.remote,
      clusterNetwork: { clusterSubnets: [] },
      logger: silentLogger,
    });
    try {
      await expect(c.start()).rejects.toThrow('cluster config clusterSubnets: empty');
    } finally {
      await c.stop();
    }
  });
});
