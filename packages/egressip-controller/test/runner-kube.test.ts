// The controller against the in-process API server through @kubernetes/client-node:
// assignment -> status patch on the object -> Events; failover on label removal and on a failed
// reachability probe (real TCP dials, loopback only); /metrics, /healthz, /readyz.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { until } from '@ovnkit/testkit';
import { createKubeSource } from '../src/k8s/kube-cluster-source.js';
import { type Controller, createController } from '../src/runner/controller.js';
import { type DialFn, tcpDial } from '../src/runner/reachability.js';
import { makeEgressIP, makeNamespace, makeNode } from './fake-apiserver/objects.js';
import { FakeApiServer } from './fake-apiserver/server.js';

let server: FakeApiServer;
const controllers: Controller[] = [];

beforeEach(async () => {
  server = await FakeApiServer.start();
});
afterEach(async () => {
  for (const c of controllers.splice(0)) await c.stop();
  await server.close();
});

// Management IPs on loopback (node-subnets 127.0.<i>.0/24 -> 127.0.<i>.2): probes stay local.
const node = (i: number, labelled = true) =>
  makeNode({ name: `node${i}`, v4: `192.168.126.${10 + i}/24`, subnet: `127.0.${i}.0/24`, labelled });

function start(opts: Partial<Parameters<typeof createController>[0]> = {}) {
  const c = createController({
    source: createKubeSource({ kubeConfig: server.kubeConfig(), restartBaseMs: 20 }),
    ...opts,
  });
  controllers.push(c);
  return c;
}

const statusOf = (name: string) => server.get('egressips', name)?.status?.items;

describe('controller with the Kubernetes source', () => {
  it('reports NoMatchingNodeFound, then assigns as soon as a node is labelled, patching status on the object', async () => {
    server.upsert('nodes', node(1, false));
    server.upsert('namespaces', makeNamespace('ns1', { team: 'eip1' }));
    server.upsert('egressips', makeEgressIP('eip1', ['192.168.126.101']));
    const c = start();
    await c.start();
    await c.idle();
    expect(statusOf('eip1')).toBeUndefined();
    const events = server.list('events', 'default');
    expect(events.map((e) => [e.reason, e.message])).toEqual([
      [
        'NoMatchingNodeFound',
        'no assignable nodes for EgressIP: eip1, please tag at least one node with label: k8s.ovn.org/egress-assignable',
      ],
    ]);
    // The reason is also on the object, for health checks that read only the object (Argo CD).
    const reason =
      'no assignable nodes for EgressIP: eip1, please tag at least one node with label: k8s.ovn.org/egress-assignable';
    expect(server.get('egressips', 'eip1')?.metadata.annotations?.['ovnkit.io/unassigned-egress-ips']).toBe(
      reason,
    );
    server.upsert('nodes', node(1, true));
    await until('assigned', 5000, async () => statusOf('eip1'));
    await until('reason removed', 5000, async () =>
      server.get('egressips', 'eip1')?.metadata.annotations?.['ovnkit.io/unassigned-egress-ips'] === undefined
        ? true
        : undefined,
    );
    expect(statusOf('eip1')).toEqual([{ node: 'node1', egressIP: '192.168.126.101' }]);
    const patches = server.requests.filter((r) => r.method === 'PATCH');
    // All go on the object (upstream's CRD has no status subresource): the mark as one added
    // annotation key (other annotations kept), the reason, then the status and the reason's removal.
    expect(patches.map((p) => [p.path, p.contentType, JSON.stringify(p.body)])).toEqual([
      [
        '/apis/k8s.ovn.org/v1/egressips/eip1',
        'application/json-patch+json',
        '[{"op":"add","path":"/metadata/annotations","value":{"k8s.ovn.org/egressip-mark":"50000"}}]',
      ],
      [
        '/apis/k8s.ovn.org/v1/egressips/eip1',
        'application/json-patch+json',
        JSON.stringify([
          { op: 'add', path: '/metadata/annotations/ovnkit.io~1unassigned-egress-ips', value: reason },
        ]),
      ],
      [
        '/apis/k8s.ovn.org/v1/egressips/eip1',
        'application/json-patch+json',
        '[{"op":"add","path":"/status","value":{"items":[{"node":"node1","egressIP":"192.168.126.101"}]}}]',
      ],
      [
        '/apis/k8s.ovn.org/v1/egressips/eip1',
        'application/json-patch+json',
        '[{"op":"remove","path":"/metadata/annotations/ovnkit.io~1unassigned-egress-ips"}]',
      ],
    ]);
    expect(server.get('egressips', 'eip1')?.metadata.annotations).toEqual({
      'k8s.ovn.org/egressip-mark': '50000',
    });
  });

  it('moves the IP when its node loses the label, and rejects an invalid spec with InvalidEgressIP', async () => {
    server.upsert('nodes', node(1));
    server.upsert('nodes', node(2));
    const withAnnotation = makeEgressIP('eip1', ['192.168.126.101']);
    withAnnotation.metadata.annotations = { owner: 'team-a', 'k8s.ovn.org/egressip-mark': '50003' };
    server.upsert('egressips', withAnnotation);
    server.upsert('egressips', makeEgressIP('bad', ['192.168.126.300']));
    const c = start();
    await c.start();
    await until('assigned', 5000, async () => statusOf('eip1'));
    const first = statusOf('eip1')?.[0]?.node;
    server.upsert('nodes', node(first === 'node1' ? 1 : 2, false));
    await until('moved', 5000, async () =>
      statusOf('eip1')?.[0]?.node && statusOf('eip1')?.[0]?.node !== first ? true : undefined,
    );
    expect(statusOf('eip1')).toHaveLength(1);
    const invalid = server.list('events', 'default').filter((e) => e.involvedObject.name === 'bad');
    expect(invalid.map((e) => [e.reason, e.message])).toEqual([
      ['InvalidEgressIP', 'egress IP: 192.168.126.300 for object EgressIP: bad is not a valid IP address'],
    ]);
    expect(statusOf('bad')).toBeUndefined();
    // An existing mark is kept; a new object gets the next free one without touching others' annotations.
    expect(server.get('egressips', 'eip1')?.metadata.annotations).toEqual({
      owner: 'team-a',
      'k8s.ovn.org/egressip-mark': '50003',
    });
    expect(server.get('egressips', 'bad')?.metadata.annotations).toEqual({
      'k8s.ovn.org/egressip-mark': '50000',
    });
  });

  it('fails over when the reachability probe to the egress node stops answering (loopback dials only)', async () => {
    server.upsert('nodes', node(1));
    server.upsert('nodes', node(2));
    server.upsert('egressips', makeEgressIP('eip1', ['192.168.126.101']));
    const dialed = new Set<string>();
    let dead = '';
    const dial: DialFn = async (ip, port, timeoutMs) => {
      dialed.add(ip);
      // A dead node: its management IP no longer answers at all.
      if (ip === dead) return false;
      return tcpDial(ip, port, timeoutMs);
    };
    const c = start({ reachability: { totalTimeoutSeconds: 1, intervalMs: 100, dial } });
    await c.start();
    await until('assigned', 5000, async () => statusOf('eip1'));
    const first = statusOf('eip1')?.[0]?.node ?? '';
    dead = first === 'node1' ? '127.0.1.2' : '127.0.2.2';
    await until('failed over', 10_000, async () =>
      statusOf('eip1')?.[0]?.node && statusOf('eip1')?.[0]?.node !== first ? true : undefined,
    );
    expect([...dialed].every((ip) => ip.startsWith('127.'))).toBe(true);
    expect(dialed).toEqual(new Set(['127.0.1.2', '127.0.2.2']));
    const metrics = await c.metrics.registry.getSingleMetricAsString('ovnkit_egressip_unreachable_nodes');
    expect(metrics).toContain('ovnkit_egressip_unreachable_nodes 1');
  });

  it('serves /metrics, /healthz and /readyz', async () => {
    server.upsert('nodes', node(1));
    server.upsert('egressips', makeEgressIP('eip1', ['192.168.126.101']));
    const c = start({ healthPort: 0 });
    await c.start();
    await c.idle();
    const url = c.healthUrl ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('ovnkit_egressip_reconciles_total{kind="assign",result="ok"}');
    expect(text).toContain('ovnkit_egressip_assigned_egress_ips 1');
    expect(text).toContain('ovnkit_egressip_eligible_nodes 1');
    expect(text).toContain('ovnkit_egressip_status_writes_total 1');
    expect(text).toContain('ovnkit_egressip_queue_depth');
    expect(text).toContain('ovnkit_egressip_nb_reconcile_seconds_bucket');
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });
});
