// Watch mode with one zone's NB unreachable at startup: the controller assigns and writes status,
// the reachable zones get their rows, /readyz names the missing zone; once an ovsdb-server
// appears at that zone's socket path, the zone is written too and /readyz turns 200.
import { join } from 'node:path';
import { afterEach, expect, it } from '@jest/globals';
import { makeTempDir, type OvsdbServer, removeTempDir, startOvsdbServer, until } from '@ovnkit/testkit';
import {
  type Controller,
  createController,
  createMemoryClusterSource,
  retryingZoneNbSides,
} from '../../src/index.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { egressIP, namespace, pod } from '../integration/support/cluster-fixtures.js';
import { type NbHarness, startNbHarness } from '../integration/support/nb-harness.js';
import { startZones, ZONE_NODES, type Zone, zoneRows } from './zone-fixtures.js';

const [W0, W1, W2] = ['worker-0-sl79n', 'worker-1-abcde', 'worker-2-fghij'] as const;
const EIP = '192.168.126.100';
const cluster = {
  nodes: ZONE_NODES.map((n) => ({
    ...n,
    metadata: {
      ...n.metadata,
      labels: (n.metadata?.name === W1 ? { 'k8s.ovn.org/egress-assignable': '' } : {}) as Record<
        string,
        string
      >,
    },
  })),
  namespaces: [namespace('simpsons', { house: 'simpson' })],
  pods: [
    pod({ namespace: 'simpsons', name: 'homer', node: W0, ips: ['10.129.3.232'] }),
    pod({ namespace: 'simpsons', name: 'bart', node: W2, ips: ['10.131.0.10'] }),
  ],
  egressIPs: [egressIP('egressip-demo', [EIP], { house: 'simpson' }, [])],
};

let zones: Zone[] = [];
let controller: Controller | undefined;
let late: NbHarness | undefined;
let lateServer: OvsdbServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await controller?.stop();
  await Promise.all(zones.map((z) => z.h.stop()));
  await late?.stop();
  await lateServer?.stop();
  if (dir) removeTempDir(dir);
});

const readyz = async () => {
  const r = await fetch(`${controller?.healthUrl}/readyz`);
  return { code: r.status, body: await r.text() };
};
const reroutes = async (h: NbHarness) =>
  zoneRows(await h.snapshot())
    .policies.filter((p) => p.priority === 100)
    .map((p) => p.match);

it('one zone NB absent: the others are written, /readyz names it, and it is written once it appears', async () => {
  zones = await startZones(ZONE_NODES.filter((n) => n.metadata?.name !== W2));
  dir = makeTempDir('ovnkit-late-zone-');
  const lateRemote = `unix:${join(dir, 'nb.sock')}`;
  const source = createMemoryClusterSource(cluster);
  controller = createController({
    source,
    nb: retryingZoneNbSides({
      zones: [
        ...zones.map((z) => ({ zone: z.name, remote: z.h.server.remote })),
        { zone: W2, remote: lateRemote },
      ],
      config: { profile: 'B' },
    }),
    reachability: false,
    healthPort: 0,
    retryStart: true,
  });
  await controller.start();
  await controller.idle();
  // Kubernetes side and the reachable zones: not held back by the missing one.
  expect(source.statusWrites).toEqual([{ name: 'egressip-demo', items: [{ node: W1, egressIP: EIP }] }]);
  const w0 = zones.find((z) => z.name === W0)!;
  expect(await reroutes(w0.h)).toEqual(['ip4.src == 10.129.3.232']);
  const notReady = await readyz();
  expect(notReady.code).toBe(503);
  expect(notReady.body).toContain(`zone ${W2} `);
  expect(notReady.body).toContain(lateRemote);
  expect(notReady.body).not.toContain(`zone ${W0} `);

  lateServer = await startOvsdbServer({ schemas: ['nb'], dir, name: 'nb' });
  late = await startNbHarness(lateServer);
  await topologyInit({ nb: late.nb, nodes: [ZONE_NODES[2]!], config: { profile: 'B' } });
  await until('the late zone gets its reroute', 20_000, async () => {
    const r = await reroutes(late!);
    return r.length > 0 ? r : undefined;
  });
  expect(await reroutes(late)).toEqual(['ip4.src == 10.131.0.10']);
  await until('/readyz turns 200', 20_000, async () => ((await readyz()).code === 200 ? true : undefined));
});
