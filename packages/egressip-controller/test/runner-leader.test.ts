// Two controller replicas on one coordination.k8s.io/v1 Lease served by the in-process API
// server: only the leader writes; the standby takes over when the leader releases the lease
// on stop, and when the leader silently stops renewing (its lease expires).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { until } from '@ovnkit/testkit';
import { createKubeSource } from '../src/k8s/kube-cluster-source.js';
import { createKubeLeaseLock } from '../src/k8s/lease-lock.js';
import { LeaseConflictError, type LeaseLock } from '../src/ops/leader-election.js';
import { type Controller, createController } from '../src/runner/controller.js';
import { makeEgressIP, makeNode } from './fake-apiserver/objects.js';
import { FakeApiServer } from './fake-apiserver/server.js';

let server: FakeApiServer;
const running: Controller[] = [];

beforeEach(async () => {
  server = await FakeApiServer.start();
  server.upsert('nodes', makeNode({ name: 'node1', v4: '192.168.126.11/24' }));
  server.upsert('nodes', makeNode({ name: 'node2', v4: '192.168.126.12/24' }));
  server.upsert('egressips', makeEgressIP('eip1', ['192.168.126.101']));
});
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  await server.close();
});

/** A lease lock that can be cut off, as if the replica lost the API server. */
function freezable(lock: LeaseLock) {
  let frozen = false;
  const guard = <T>(fn: () => Promise<T>) => (frozen ? Promise.reject(new Error('partitioned')) : fn());
  return {
    freeze: () => {
      frozen = true;
    },
    lock: {
      description: lock.description,
      get: () => guard(() => lock.get()),
      create: (r) => guard(() => lock.create(r)),
      update: (r) => guard(() => lock.update(r)),
    } satisfies LeaseLock,
  };
}

function replica(
  identity: string,
  lock: LeaseLock = createKubeLeaseLock({
    kubeConfig: server.kubeConfig(),
    namespace: 'ovn',
    name: 'egressip',
  }),
) {
  const c = createController({
    source: createKubeSource({ kubeConfig: server.kubeConfig() }),
    leaderElection: { lock, identity, leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 100 },
  });
  running.push(c);
  return c;
}

const writes = async (c: Controller) => {
  const m = await c.metrics.registry.getSingleMetric('ovnkit_egressip_status_writes_total')?.get();
  return m?.values[0]?.value ?? 0;
};

describe('leader election', () => {
  it('lets exactly one replica write; the standby takes over after the leader releases the lease', async () => {
    const a = replica('replica-a');
    await a.start();
    await until('a leads', 5000, async () => (a.isLeader ? true : undefined));
    const b = replica('replica-b');
    await b.start();
    await until('assigned by a', 5000, async () => server.get('egressips', 'eip1')?.status?.items);
    const lease = server.get('leases', 'egressip', 'ovn');
    expect(lease?.spec.holderIdentity).toBe('replica-a');
    expect(b.isLeader).toBe(false);
    await until('a counted its write', 5000, async () => ((await writes(a)) === 1 ? true : undefined));
    // A change while a leads: only a acts on it.
    server.upsert('egressips', makeEgressIP('eip2', ['192.168.126.102']));
    await until('eip2 assigned', 5000, async () => server.get('egressips', 'eip2')?.status?.items);
    await until('a counted both writes', 5000, async () => ((await writes(a)) === 2 ? true : undefined));
    expect(await writes(b)).toBe(0);

    await a.stop();
    running.splice(running.indexOf(a), 1);
    await until('b leads', 5000, async () => (b.isLeader ? true : undefined));
    expect(server.get('leases', 'egressip', 'ovn')?.spec.holderIdentity).toBe('replica-b');
    server.upsert('egressips', makeEgressIP('eip3', ['192.168.126.103']));
    await until('eip3 assigned by b', 5000, async () => server.get('egressips', 'eip3')?.status?.items);
    // The server applies the patch before b's write call returns and counts it.
    await until('b counted its write', 5000, async () => ((await writes(b)) === 1 ? true : undefined));
    expect(server.get('leases', 'egressip', 'ovn')?.spec.leaseTransitions).toBe(1);
  });

  it('steps down when renewals fail, and the standby acquires only after the lease expires', async () => {
    const cut = freezable(
      createKubeLeaseLock({ kubeConfig: server.kubeConfig(), namespace: 'ovn', name: 'egressip' }),
    );
    const a = replica('replica-a', cut.lock);
    await a.start();
    await until('a leads', 5000, async () => (a.isLeader ? true : undefined));
    const b = replica('replica-b');
    await b.start();
    cut.freeze();
    const frozenAt = Date.now();
    await until('a steps down', 5000, async () => (!a.isLeader ? true : undefined));
    await until('b leads', 5000, async () => (b.isLeader ? true : undefined));
    // b may only take over once the lease (1.5 s) has run out since a's last renewal.
    expect(Date.now() - frozenAt).toBeGreaterThanOrEqual(1000);
    expect(a.isLeader && b.isLeader).toBe(false);
    server.upsert('egressips', makeEgressIP('eip2', ['192.168.126.102']));
    await until('eip2 assigned by b', 5000, async () => server.get('egressips', 'eip2')?.status?.items);
    await until('b counted its write', 5000, async () => ((await writes(b)) >= 1 ? true : undefined));
  });

  it('maps a 409 from the API server to LeaseConflictError', async () => {
    const lock = createKubeLeaseLock({ kubeConfig: server.kubeConfig(), namespace: 'ovn', name: 'x' });
    const rec = {
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      acquireTime: new Date(),
      renewTime: new Date(),
      leaseTransitions: 0,
    };
    const created = await lock.create(rec);
    await expect(lock.create(rec)).rejects.toBeInstanceOf(LeaseConflictError);
    await lock.update({ ...created, holderIdentity: 'b' });
    await expect(lock.update({ ...created, holderIdentity: 'c' })).rejects.toBeInstanceOf(LeaseConflictError);
    expect((await lock.get())?.holderIdentity).toBe('b');
  });
});
