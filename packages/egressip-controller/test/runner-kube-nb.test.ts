// The deployment path end to end: Kubernetes source (fake API server through
// @kubernetes/client-node) + NB session on a REAL ovsdb-server. The seed cluster is served
// from the API, status is patched, the NB rows follow, and a label removal fails over.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type OvsdbClient } from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer, until } from '@ovnkit/testkit';
import { createKubeSource } from '../src/k8s/kube-cluster-source.js';
import { nbTransactorFromClient } from '../src/nb/ovsdb-transactor.js';
import { readNbSnapshot } from '../src/nb/read-snapshot.js';
import { type Controller, createController } from '../src/runner/controller.js';
import { connectNbSide } from '../src/runner/nb-side.js';
import { topologyInit } from '../src/topology/topology-init.js';
import { seedFromManifests } from './fake-apiserver/seed.js';
import { FakeApiServer } from './fake-apiserver/server.js';

const simpsons = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/simpsons');
let nbServer: OvsdbServer;
let client: OvsdbClient;
let api: FakeApiServer;
let controller: Controller | undefined;

async function reroutes() {
  const snap = await readNbSnapshot(nbTransactorFromClient(client));
  return snap.Logical_Router_Policy.filter((p) => p.priority === 100)
    .map((p) => `${p.match} -> ${[...p.nexthops].sort().join(',')}`)
    .sort();
}

beforeAll(async () => {
  nbServer = await startOvsdbServer({ schemas: ['nb'] });
  client = await connect({ remote: nbServer.remote });
  api = await FakeApiServer.start();
  const m = await seedFromManifests(api, simpsons);
  await topologyInit({ nb: nbTransactorFromClient(client), nodes: m.nodes });
});
afterAll(async () => {
  await controller?.stop();
  await api?.close();
  await client?.close();
  await nbServer?.stop();
});

describe('kube source + real NB', () => {
  it('assigns through the API, programs the NB, and follows a label removal', async () => {
    controller = createController({
      source: createKubeSource({ kubeConfig: api.kubeConfig() }),
      nb: await connectNbSide({ remote: nbServer.remote }),
    });
    await controller.start();
    await until(
      'status patched',
      10_000,
      async () => api.get('egressips', 'egressip-demo')?.status?.items?.[0],
    );
    await controller.idle();
    expect(api.get('egressips', 'egressip-demo')?.status.items).toEqual([
      { node: 'ovn-worker', egressIP: '192.168.126.100' },
    ]);
    expect(await reroutes()).toEqual([
      'ip4.src == 10.128.0.5 -> 100.64.0.2',
      'ip4.src == 10.128.2.5 -> 100.64.0.2',
    ]);

    const worker = structuredClone(api.get('nodes', 'ovn-worker'));
    delete worker?.metadata.labels['k8s.ovn.org/egress-assignable'];
    api.upsert('nodes', worker ?? {});
    await until('moved to ovn-worker2', 10_000, async () =>
      api.get('egressips', 'egressip-demo')?.status?.items?.[0]?.node === 'ovn-worker2' ? true : undefined,
    );
    await until('NB follows', 10_000, async () =>
      (await reroutes()).every((r) => r.endsWith('100.64.0.3')) ? true : undefined,
    );
    await controller.idle();
    expect(await reroutes()).toEqual([
      'ip4.src == 10.128.0.5 -> 100.64.0.3',
      'ip4.src == 10.128.2.5 -> 100.64.0.3',
    ]);
  });

  it('a second EgressIP selecting the same pods stays standby and gets UndefinedRequest events', async () => {
    const dup = structuredClone(api.get('egressips', 'egressip-demo'));
    api.upsert('egressips', {
      ...dup,
      metadata: { name: 'egressip-dup' },
      spec: { ...dup?.spec, egressIPs: ['192.168.126.101'] },
      status: undefined,
    });
    await until('dup assigned', 10_000, async () => api.get('egressips', 'egressip-dup')?.status?.items?.[0]);
    await until('standby events', 10_000, async () => {
      const ev = api.list('events', 'default').filter((e) => e.reason === 'UndefinedRequest');
      return ev.length === 2 ? ev : undefined;
    });
    const messages = api
      .list('events', 'default')
      .filter((e) => e.reason === 'UndefinedRequest')
      .map((e) => `${e.involvedObject.name}: ${e.message}`)
      .sort();
    expect(messages).toEqual([
      'egressip-dup: EgressIP object egressip-dup will not be configured for pod simpson_homer since another egressIP object egressip-demo is serving it, this is undefined',
      'egressip-dup: EgressIP object egressip-dup will not be configured for pod simpson_marge since another egressIP object egressip-demo is serving it, this is undefined',
    ]);
    // The active object's rows are untouched: still one nexthop per pod.
    await controller?.idle();
    expect(await reroutes()).toEqual([
      'ip4.src == 10.128.0.5 -> 100.64.0.3',
      'ip4.src == 10.128.2.5 -> 100.64.0.3',
    ]);
  });
});
