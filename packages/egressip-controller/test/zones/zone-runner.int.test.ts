// The deployment shapes, run by the real controller loop over an in-memory cluster source and
// one real NB per zone: one process driving every zone (assignment once), and a cluster manager
// (status only) beside one zone controller per node (rows only, status read from the source).
import { afterEach, describe, expect, it } from '@jest/globals';
import { until } from '@ovnkit/testkit';
import type { Node } from '../../src/api/types.js';
import {
  type Controller,
  connectZoneNbSides,
  createController,
  createMemoryClusterSource,
  type MemoryClusterSource,
  multiZoneNbSide,
  nbSideFromReconciler,
} from '../../src/index.js';
import { egressIP, namespace, pod } from '../integration/support/cluster-fixtures.js';
import { reroute, snat, sortRows } from '../integration/support/expected-rows.js';
import { startZones, ZONE_NODES, type Zone, zoneRows } from './zone-fixtures.js';

const [W0, W1, W2] = ['worker-0-sl79n', 'worker-1-abcde', 'worker-2-fghij'] as const;
const EIP = '192.168.126.100';
const assignable = (n: Node, on: boolean): Node => ({
  ...n,
  metadata: { ...n.metadata, labels: on ? { 'k8s.ovn.org/egress-assignable': '' } : {} },
});
const cluster = (egressNode: string) => ({
  nodes: ZONE_NODES.map((n) => assignable(n, n.metadata?.name === egressNode)),
  namespaces: [namespace('simpsons', { house: 'simpson' })],
  pods: [
    pod({ namespace: 'simpsons', name: 'homer', node: W0, ips: ['10.129.3.232'] }),
    pod({ namespace: 'simpsons', name: 'bart', node: W2, ips: ['10.131.0.10'] }),
  ],
  egressIPs: [egressIP('egressip-demo', [EIP], { house: 'simpson' }, [])],
});
const transit = { [W0]: '100.88.0.4', [W1]: '100.88.0.5', [W2]: '100.88.0.6' } as Record<string, string>;
const join = { [W0]: '100.64.0.4', [W1]: '100.64.0.5', [W2]: '100.64.0.6' } as Record<string, string>;

/** Every zone's per-pod rows for the EgressIP served from `egressNode`. */
async function expectServedFrom(zones: Zone[], egressNode: string) {
  const pods = { [W0]: ['homer', '10.129.3.232'], [W2]: ['bart', '10.131.0.10'] } as Record<
    string,
    [string, string]
  >;
  for (const z of zones) {
    const rows = zoneRows(await z.h.snapshot());
    const local = pods[z.name];
    const hop = z.name === egressNode ? join[egressNode]! : transit[egressNode]!;
    expect(rows.policies.filter((p) => p.priority === 100)).toEqual(
      local ? [reroute('egressip-demo', 'simpsons', local[0], local[1], [hop])] : [],
    );
    expect(rows.nats).toEqual(
      z.name === egressNode
        ? sortRows(
            Object.values(pods).map(([p, ip]) =>
              snat('egressip-demo', 'simpsons', p, ip, EIP, egressNode, '32768-60999'),
            ),
          )
        : [],
    );
  }
}

describe('deployment shapes over real zone NBs', () => {
  let zones: Zone[] = [];
  let controllers: Controller[] = [];
  afterEach(async () => {
    for (const c of controllers) await c.stop();
    await Promise.all(zones.map((z) => z.h.stop()));
    controllers = [];
    zones = [];
  });
  const failover = async (source: MemoryClusterSource, to: string) => {
    for (const n of cluster(to).nodes) source.set('Node', n);
    for (const c of controllers) await c.idle();
  };

  it('one process drives every zone: one assignment, one status write, every zone follows', async () => {
    zones = await startZones(ZONE_NODES);
    const source = createMemoryClusterSource(cluster(W1));
    const nb = multiZoneNbSide(
      zones.map((z) => ({ zone: z.name, side: nbSideFromReconciler(z.reconciler) })),
    );
    const c = createController({ source, nb, reachability: false });
    controllers = [c];
    await c.start();
    await c.idle();
    expect(source.statusWrites).toEqual([{ name: 'egressip-demo', items: [{ node: W1, egressIP: EIP }] }]);
    await expectServedFrom(zones, W1);
    await failover(source, W0);
    expect(source.statusWrites.map((w) => w.items)).toEqual([
      [{ node: W1, egressIP: EIP }],
      [{ node: W0, egressIP: EIP }],
    ]);
    await expectServedFrom(zones, W0);
  });

  it('a row deleted behind its back in one zone NB is restored (sessions: connectZoneNbSides)', async () => {
    zones = await startZones(ZONE_NODES);
    const source = createMemoryClusterSource(cluster(W1));
    const nb = await connectZoneNbSides({
      zones: zones.map((z) => ({ zone: z.name, remote: z.h.server.remote })),
      config: { profile: 'B' },
    });
    const c = createController({ source, nb, reachability: false });
    controllers = [c];
    await c.start();
    await c.idle();
    await expectServedFrom(zones, W1);
    const egress = zones.find((z) => z.name === W1)!;
    const [nats] = (await egress.h.client.transact('OVN_Northbound', [
      { op: 'select', table: 'NAT', where: [['external_ip', '==', EIP]] },
    ])) as Array<{ rows: Array<{ _uuid: [string, string] }> }>;
    const uuid = nats!.rows[0]!._uuid;
    await egress.h.client.transact('OVN_Northbound', [
      {
        op: 'mutate',
        table: 'Logical_Router',
        where: [['name', '==', `GR_${W1}`]],
        mutations: [['nat', 'delete', uuid]],
      },
    ]);
    await until('the NAT is restored', 20_000, async () => {
      try {
        await expectServedFrom(zones, W1);
        return true;
      } catch {
        return undefined;
      }
    });
  });

  it('a cluster manager writes status only; zone controllers write rows only, from that status', async () => {
    zones = await startZones(ZONE_NODES);
    const source = createMemoryClusterSource(cluster(W1));
    const manager = createController({ source, reachability: false });
    const zoneControllers = zones.map((z) =>
      createController({
        source,
        nb: nbSideFromReconciler(z.reconciler),
        assign: false,
        reachability: false,
      }),
    );
    controllers = [manager, ...zoneControllers];
    // Zone controllers first: with no status yet they write no EgressIP rows and no status.
    for (const c of zoneControllers) await c.start();
    for (const c of zoneControllers) await c.idle();
    expect(source.statusWrites).toEqual([]);
    for (const z of zones) expect(zoneRows(await z.h.snapshot()).nats).toEqual([]);
    await manager.start();
    for (const c of controllers) await c.idle();
    expect(source.statusWrites).toEqual([{ name: 'egressip-demo', items: [{ node: W1, egressIP: EIP }] }]);
    await expectServedFrom(zones, W1);
    await failover(source, W2);
    expect(source.statusWrites).toHaveLength(2);
    await expectServedFrom(zones, W2);
  });
});
