// The Kubernetes source against an in-process API server speaking the real wire protocol,
// reached only through @kubernetes/client-node.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { until } from '@ovnkit/testkit';
import type { ClusterChange } from '../src/api/cluster-source.js';
import { createKubeSource, type KubeClusterSource } from '../src/k8s/kube-cluster-source.js';
import { makeEgressIP, makeNamespace, makeNode, makePod } from './fake-apiserver/objects.js';
import { FakeApiServer } from './fake-apiserver/server.js';

let server: FakeApiServer;
let source: KubeClusterSource;
let changes: ClusterChange[];

beforeEach(async () => {
  server = await FakeApiServer.start();
  server.upsert('nodes', makeNode({ name: 'node1', v4: '192.168.126.11/24' }));
  server.upsert('namespaces', makeNamespace('ns1', { team: 'eip1' }));
  server.upsert('pods', makePod('ns1', 'pod1', { ip: '10.128.0.5' }));
  server.upsert('egressips', makeEgressIP('eip1', ['192.168.126.101']));
  source = createKubeSource({ kubeConfig: server.kubeConfig(), restartBaseMs: 20 });
  changes = [];
  source.onChange((c) => changes.push(c));
  await source.start();
});

afterEach(async () => {
  await source.stop();
  await server.close();
});

const names = (objs: readonly { metadata?: { name?: string } }[]) => objs.map((o) => o.metadata?.name).sort();

describe('KubeClusterSource', () => {
  it('lists every resource before start() resolves', () => {
    const v = source.view;
    expect(names(v.nodes())).toEqual(['node1']);
    expect(names(v.namespaces())).toEqual(['ns1']);
    expect(names(v.pods('ns1'))).toEqual(['pod1']);
    expect(v.pods('other')).toEqual([]);
    expect(v.egressIP('eip1')?.spec.egressIPs).toEqual(['192.168.126.101']);
    expect(v.node('node1')?.metadata?.annotations?.['k8s.ovn.org/node-primary-ifaddr']).toBe(
      '{"ipv4":"192.168.126.11/24"}',
    );
    expect(changes.map((c) => `${c.type} ${c.kind}`).sort()).toEqual([
      'add EgressIP',
      'add Namespace',
      'add Node',
      'add Pod',
    ]);
    const paths = server.requests.map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/nodes',
        '/apis/k8s.ovn.org/v1/egressips',
        '/api/v1/pods',
        '/api/v1/namespaces',
      ]),
    );
  });

  it('delivers watch events to the view with the previous version of the object', async () => {
    changes = [];
    server.upsert('nodes', makeNode({ name: 'node2', v4: '192.168.126.12/24' }));
    server.upsert('namespaces', makeNamespace('ns1', { team: 'other' }));
    server.remove('pods', 'pod1', 'ns1');
    await until('events applied', 5000, async () =>
      source.view.pods().length === 0 && source.view.node('node2') ? true : undefined,
    );
    await until('namespace update', 5000, async () =>
      changes.some((c) => c.kind === 'Namespace') ? true : undefined,
    );
    const ns = changes.find((c) => c.kind === 'Namespace');
    expect(ns?.type).toBe('update');
    expect(ns?.old?.metadata?.labels?.team).toBe('eip1');
    expect(ns?.object.metadata?.labels?.team).toBe('other');
    expect(changes.find((c) => c.kind === 'Pod')?.type).toBe('delete');
  });

  it('relists after 410 Gone and catches up with changes it never saw', async () => {
    const listsBefore = server.requests.filter((r) => r.path === '/api/v1/nodes').length;
    server.upsert('nodes', makeNode({ name: 'node2', v4: '192.168.126.12/24' }));
    await until('node2 seen', 5000, async () => source.view.node('node2'));
    // Deleted without a watch event, then history compacted: only a relist can reveal it.
    server.remove('nodes', 'node1', undefined, { silent: true });
    server.expireWatches();
    await until('relist removed node1', 5000, async () =>
      source.view.node('node1') === undefined ? true : undefined,
    );
    expect(server.requests.filter((r) => r.path === '/api/v1/nodes').length).toBe(listsBefore + 1);
    expect(
      changes.some((c) => c.kind === 'Node' && c.type === 'delete' && c.object.metadata?.name === 'node1'),
    ).toBe(true);
    // The watch is back: later changes still arrive.
    server.upsert('nodes', makeNode({ name: 'node3', v4: '192.168.126.13/24' }));
    await until('node3 after relist', 5000, async () => source.view.node('node3'));
  });

  it('restarts a watch that fails and resumes from its resourceVersion without relisting', async () => {
    const lists = () => server.requests.filter((r) => r.path === '/api/v1/nodes').length;
    const watches = () => server.requests.filter((r) => r.path.startsWith('/api/v1/nodes?watch=true')).length;
    const [listsBefore, watchesBefore] = [lists(), watches()];
    server.failWatches(8);
    server.closeWatches();
    server.upsert('nodes', makeNode({ name: 'node2', v4: '192.168.126.12/24' }));
    await until('node2 seen after the failures', 10_000, async () => source.view.node('node2'));
    // The 8 injected failures are spread over the four informers; nodes retried at least once.
    expect(watches()).toBeGreaterThan(watchesBefore + 1);
    expect(lists()).toBe(listsBefore);
    expect(
      changes.some((c) => c.kind === 'Node' && c.type === 'add' && c.object.metadata?.name === 'node2'),
    ).toBe(true);
  });

  it('writes status with a JSON patch on the object (the CRD has no /status) and sees it come back', async () => {
    await source.writeStatus('eip1', [{ node: 'node1', egressIP: '192.168.126.101' }]);
    const first = server.requests.filter((r) => r.method === 'PATCH');
    expect(first).toEqual([
      {
        method: 'PATCH',
        path: '/apis/k8s.ovn.org/v1/egressips/eip1',
        contentType: 'application/json-patch+json',
        body: [
          { op: 'add', path: '/status', value: { items: [{ node: 'node1', egressIP: '192.168.126.101' }] } },
        ],
      },
    ]);
    expect(server.get('egressips', 'eip1')?.status).toEqual({
      items: [{ node: 'node1', egressIP: '192.168.126.101' }],
    });
    await until('status in cache', 5000, async () => source.view.egressIP('eip1')?.status);
    await source.writeStatus('eip1', []);
    const second = server.requests.filter((r) => r.method === 'PATCH')[1];
    expect(second?.body).toEqual([{ op: 'replace', path: '/status', value: { items: [] } }]);
    expect(server.get('egressips', 'eip1')?.status).toEqual({ items: [] });
    expect(server.get('egressips', 'eip1')?.spec).toEqual({
      egressIPs: ['192.168.126.101'],
      namespaceSelector: { matchLabels: { team: 'eip1' } },
    });
  });

  it('finds no /status endpoint for EgressIP, as with upstream CRD (subresources: {})', async () => {
    const { CustomObjectsApi } = await import('@kubernetes/client-node');
    const custom = server.kubeConfig().makeApiClient(CustomObjectsApi);
    const id = { group: 'k8s.ovn.org', version: 'v1', plural: 'egressips', name: 'eip1' };
    await expect(
      custom.patchClusterCustomObjectStatus({ ...id, body: [{ op: 'add', path: '/status', value: {} }] }),
    ).rejects.toMatchObject({ code: 404 });
    await expect(custom.getClusterCustomObjectStatus(id)).rejects.toMatchObject({ code: 404 });
    expect(server.get('egressips', 'eip1')?.status).toBeUndefined();
  });

  it('fails status writes for a missing object with a typed error', async () => {
    await expect(source.writeStatus('nope', [])).rejects.toMatchObject({
      name: 'StatusWriteError',
      code: 404,
      egressIP: 'nope',
    });
  });

  it('records Events in the default namespace and aggregates repeats', async () => {
    const ev = {
      type: 'Warning' as const,
      reason: 'NoMatchingNodeFound',
      message: 'no assignable nodes for EgressIP: eip1',
    };
    await source.recordEvent('eip1', ev);
    await source.recordEvent('eip1', ev);
    await source.recordEvent('eip1', { ...ev, reason: 'UnassignedRequest', message: 'other' });
    const events = server.list('events', 'default');
    expect(events).toHaveLength(2);
    const first = events.find((e) => e.reason === 'NoMatchingNodeFound');
    expect(first).toMatchObject({
      type: 'Warning',
      message: 'no assignable nodes for EgressIP: eip1',
      count: 2,
      involvedObject: {
        kind: 'EgressIP',
        name: 'eip1',
        apiVersion: 'k8s.ovn.org/v1',
        uid: server.get('egressips', 'eip1')?.metadata.uid,
      },
      source: { component: 'ovnkit-egressip-controller' },
    });
    expect(first?.metadata.name).toMatch(/^eip1\.[0-9a-f]+$/);
  });
});
