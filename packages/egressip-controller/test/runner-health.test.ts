// /readyz tells the truth: a controller on a REAL ovsdb-server and the in-process API server is
// ready only while the NB session is `ready`, the watches work, and (with leader election) once
// the new leader's first reconcile is done. Every NB session change is logged once with its
// reason; the metrics show the NB gauge, build_info, process metrics and errors by step.

import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from '@ovnkit/ovsdb';
import { makeTempDir, type OvsdbServer, removeTempDir, startOvsdbServer, until } from '@ovnkit/testkit';
import type { NbSide } from '../src/api/nb-port.js';
import { createKubeSource } from '../src/k8s/kube-cluster-source.js';
import { createKubeLeaseLock } from '../src/k8s/lease-lock.js';
import { nbTransactorFromClient } from '../src/nb/ovsdb-transactor.js';
import { readNbSnapshot } from '../src/nb/read-snapshot.js';
import { createLogger } from '../src/ops/logger.js';
import { type Controller, createController } from '../src/runner/controller.js';
import { connectNbSide, retryingConnectNbSide } from '../src/runner/nb-side.js';
import { topologyInit } from '../src/topology/topology-init.js';
import { seedFromManifests } from './fake-apiserver/seed.js';
import { FakeApiServer } from './fake-apiserver/server.js';

const simpsons = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/simpsons');
let nbServer: OvsdbServer;
let api: FakeApiServer;
let controller: Controller | undefined;
let seededNodes: Awaited<ReturnType<typeof seedFromManifests>>['nodes'];

/** A JSON-lines logger whose lines the test reads back. */
function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new PassThrough();
  let buf = '';
  stream.on('data', (c: Buffer) => {
    buf += c.toString('utf8');
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
      buf = buf.slice(i + 1);
    }
  });
  return { logger: createLogger({ level: 'info', stream }), lines };
}

async function get(url: string): Promise<{ code: number; body: string }> {
  const r = await fetch(url);
  return { code: r.status, body: await r.text() };
}

/** Waits until `path` answers `code`; returns the body. */
async function waitFor(path: string, code: number, timeoutMs = 20_000): Promise<string> {
  const url = `${controller?.healthUrl}${path}`;
  return until(`${path} answers ${code}`, timeoutMs, async () => {
    const r = await get(url);
    return r.code === code ? r.body : undefined;
  });
}

const metric = async (name: string) =>
  (await get(`${controller?.metricsUrl}/metrics`)).body.split('\n').filter((l) => l.startsWith(name));

beforeAll(async () => {
  nbServer = await startOvsdbServer({ schemas: ['nb'] });
  api = await FakeApiServer.start();
  const m = await seedFromManifests(api, simpsons);
  seededNodes = m.nodes;
  const client = await connect({ remote: nbServer.remote });
  await topologyInit({ nb: nbTransactorFromClient(client), nodes: m.nodes });
  await client.close();
});
afterEach(async () => {
  await controller?.stop();
  controller = undefined;
});
afterAll(async () => {
  await api?.close();
  await nbServer?.stop();
});

describe('/readyz and the NB session', () => {
  it('is 503 while the NB is down, logs each session change once with its reason, and recovers', async () => {
    const { logger, lines } = captureLogs();
    controller = createController({
      source: createKubeSource({ kubeConfig: api.kubeConfig(), logger, restartBaseMs: 20 }),
      nb: await connectNbSide({ remote: nbServer.remote, logger }),
      logger,
      healthPort: 0,
      metricsPort: 0,
    });
    await controller.start();
    expect(await waitFor('/readyz', 200)).toBe('ok\n');
    expect(await metric('ovnkit_egressip_nb_connected')).toEqual(['ovnkit_egressip_nb_connected 1']);

    await nbServer.kill();
    const down = await waitFor('/readyz', 503);
    expect(down).toMatch(
      new RegExp(
        `^not ready: NB session (disconnected|reconnecting|connecting) \\(${nbServer.remote}\\)(: .+)?\n$`,
      ),
    );
    expect(await metric('ovnkit_egressip_nb_connected')).toEqual(['ovnkit_egressip_nb_connected 0']);
    expect((await get(`${controller.healthUrl}/healthz`)).code).toBe(200);

    await nbServer.restart();
    expect(await waitFor('/readyz', 200)).toBe('ok\n');
    expect(await metric('ovnkit_egressip_nb_connected')).toEqual(['ovnkit_egressip_nb_connected 1']);

    const changes = lines.filter((l) => l.message === 'NB session state changed');
    // Each line is a change (never the same state twice in a row), each with its reason.
    for (let i = 1; i < changes.length; i++) expect(changes[i]?.state).not.toBe(changes[i - 1]?.state);
    const lost = changes.find((l) => l.state === 'disconnected');
    expect(lost).toMatchObject({ level: 'warn', previous: 'ready', remote: nbServer.remote });
    expect(typeof lost?.reason).toBe('string');
    expect(changes.at(-1)).toMatchObject({ state: 'ready', level: 'info' });
    expect(typeof changes.at(-1)?.reason).toBe('string');
    const verdicts = lines.filter((l) => l.message === 'ready' || l.message === 'not ready');
    expect(verdicts.map((l) => l.message)).toEqual(['ready', 'not ready', 'ready']);
  });
});

describe('an NB unreachable at startup (watch mode)', () => {
  it('stays up, alive and not ready naming the remote, then syncs once the NB appears at that path', async () => {
    const dir = makeTempDir('ovnkit-late-nb-');
    const remote = `unix:${join(dir, 'nb.sock')}`;
    let late: OvsdbServer | undefined;
    try {
      const { logger, lines } = captureLogs();
      controller = createController({
        source: createKubeSource({ kubeConfig: api.kubeConfig(), logger }),
        nb: retryingConnectNbSide({ remote, logger }),
        logger,
        healthPort: 0,
        retryStart: true,
      });
      const started = controller.start();
      started.catch(() => {}); // awaited below; a failure before that must not go unhandled
      await until('probe server up', 10_000, async () => controller?.healthUrl);
      const body = await until('readyz names the NB remote and why', 10_000, async () => {
        const r = await get(`${controller?.healthUrl}/readyz`);
        return r.code === 503 && r.body.includes('ENOENT') ? r.body : undefined;
      });
      expect(body).toContain(`NB not connected yet (${remote}): cannot connect to ${remote}: ENOENT`);
      expect((await get(`${controller.healthUrl}/healthz`)).code).toBe(200);
      expect(await metric('ovnkit_egressip_nb_connected')).toEqual(['ovnkit_egressip_nb_connected 0']);
      const retry = await until('a retry is logged', 10_000, async () =>
        lines.find((l) => l.message === 'NB unreachable; will retry'),
      );
      expect(retry).toMatchObject({ level: 'warn', remote, attempt: 1, retryInMs: 1000 });

      late = await startOvsdbServer({ schemas: ['nb'], dir, name: 'nb' });
      expect(late.remote).toBe(remote);
      const client = await connect({ remote });
      await topologyInit({ nb: nbTransactorFromClient(client), nodes: seededNodes });
      await started;
      expect(await waitFor('/readyz', 200)).toBe('ok\n');
      const reroutes = await until('the reroutes are written', 20_000, async () => {
        const snap = await readNbSnapshot(nbTransactorFromClient(client));
        const r = snap.Logical_Router_Policy.filter((p) => p.priority === 100).map((p) => p.match);
        return r.length === 2 ? r.sort() : undefined;
      });
      await client.close();
      expect(reroutes).toEqual(['ip4.src == 10.128.0.5', 'ip4.src == 10.128.2.5']);
      expect(await metric('ovnkit_egressip_nb_connected')).toEqual(['ovnkit_egressip_nb_connected 1']);
      expect(lines.find((l) => l.message === 'NB reachable; connected')).toMatchObject({ remote });
    } finally {
      await controller?.stop();
      controller = undefined;
      await late?.stop();
      removeTempDir(dir);
    }
  });
});

describe('/readyz and the Kubernetes watches', () => {
  it('is 503 while watches fail, counts the errors by step, and recovers', async () => {
    const { logger } = captureLogs();
    controller = createController({
      source: createKubeSource({ kubeConfig: api.kubeConfig(), logger, restartBaseMs: 20 }),
      nb: await connectNbSide({ remote: nbServer.remote }),
      logger,
      healthPort: 0,
    });
    await controller.start();
    await waitFor('/readyz', 200);
    api.failWatches(1_000_000);
    api.closeWatches();
    expect(await waitFor('/readyz', 503)).toMatch(/^not ready: watch failing: \/api/);
    const errors = await metric('ovnkit_egressip_errors_total{step="watch"}');
    expect(Number(errors[0]?.split(' ')[1])).toBeGreaterThan(0);
    api.failWatches(0);
    expect(await waitFor('/readyz', 200)).toBe('ok\n');
  });

  it('serves build_info, the NB gauge and prom-client process metrics on the metrics listener', async () => {
    controller = createController({
      source: createKubeSource({ kubeConfig: api.kubeConfig() }),
      nb: await connectNbSide({ remote: nbServer.remote }),
      healthPort: 0,
      metricsPort: 0,
    });
    await controller.start();
    expect(controller.metricsUrl).not.toBe(controller.healthUrl);
    expect((await get(`${controller.healthUrl}/metrics`)).code).toBe(404);
    expect((await get(`${controller.metricsUrl}/readyz`)).code).toBe(404);
    expect((await metric('ovnkit_egressip_build_info'))[0]).toMatch(
      /^ovnkit_egressip_build_info\{version="\d+\.\d+\.\d+[^"]*",nodejs="[^"]+"\} 1$/,
    );
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect((await metric(name)).length).toBeGreaterThan(0);
  });
});

/** The NB side with its reconciles held until `release()`: the test sees the leader's first pass. */
function held(nb: NbSide): { nb: NbSide; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    release,
    nb: {
      ...nb,
      reconcile: async (s) => {
        await gate;
        return nb.reconcile(s);
      },
      ...(nb.reconcileEgressIP
        ? {
            reconcileEgressIP: async (name, s) => {
              await gate;
              return nb.reconcileEgressIP!(name, s);
            },
          }
        : {}),
    },
  };
}

describe('/readyz with leader election', () => {
  it('is 503 after acquiring the lease until the first reconcile is done', async () => {
    const { logger, lines } = captureLogs();
    const { nb, release } = held(await connectNbSide({ remote: nbServer.remote }));
    controller = createController({
      source: createKubeSource({ kubeConfig: api.kubeConfig() }),
      nb,
      logger,
      healthPort: 0,
      leaderElection: {
        lock: createKubeLeaseLock({ kubeConfig: api.kubeConfig(), namespace: 'ovnkit', name: 'ready-test' }),
        identity: 'replica-a',
        leaseDurationMs: 1500,
        renewDeadlineMs: 1000,
        retryPeriodMs: 100,
      },
    });
    await controller.start();
    await until('leading', 10_000, async () => controller?.isLeader || undefined);
    expect(await waitFor('/readyz', 503)).toBe(
      'not ready: leader: first reconcile after acquiring the lease not done\n',
    );
    release();
    expect(await waitFor('/readyz', 200)).toBe('ok\n');
    expect(lines.map((l) => l.message)).toContain('first reconcile after acquiring the lease done');
  });
});
