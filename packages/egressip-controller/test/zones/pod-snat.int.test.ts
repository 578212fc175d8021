// Per-pod node-IP SNAT with `disableSnatMultipleGws` (spec 4.5), in worker-0's zone NB (a real
// ovsdb-server): the gateway code's per-pod SNATs exist first; the EgressIP rows replace them
// in one transaction while an egress IP on the pod's own node serves it, and they come back when
// that stops, unless the pod is gone or completed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Pod } from '../../src/api/types.js';
import { insertOp, mutateOp, type WireOperation } from '../../src/nb/operations.js';
import type { NbSnapshot } from '../../src/nb/snapshot.js';
import { checkResults, type NbTransactor } from '../../src/nb/transactor.js';
import { namedRef, uuidSet } from '../../src/nb/wire.js';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { podSnatRows } from '../../src/render/pod-snat.js';
import { egressIP, namespace, pod } from '../integration/support/cluster-fixtures.js';
import { reroute, snat, sortRows } from '../integration/support/expected-rows.js';
import type { NbHarness } from '../integration/support/nb-harness.js';
import { podSnat, startZones, ZONE_NODES, zoneRows } from './zone-fixtures.js';

const [W0, W1] = ['worker-0-sl79n', 'worker-1-abcde'] as const;
const NODE0 = '192.168.126.51';
const namespaces = [namespace('simpsons', { house: 'simpson' })];
const homer = pod({ namespace: 'simpsons', name: 'homer', node: W0, ips: ['10.129.3.232'] });
const marge = pod({ namespace: 'simpsons', name: 'marge', node: W0, ips: ['10.129.3.233'] });
const CONFIG = { profile: 'B' as const, disableSnatMultipleGws: true };
const eipOn = (name: string, node: string, ip: string, podLabels?: Record<string, string>) =>
  egressIP(name, [ip], { house: 'simpson' }, [{ node, egressIP: ip }], podLabels);

/** Records every transaction sent, so a test can show what committed together. */
function recording(inner: NbTransactor) {
  const log: WireOperation[][] = [];
  const nb: NbTransactor = {
    schema: () => inner.schema(),
    transact: (ops) => {
      if (ops.some((o) => o.op !== 'select')) log.push([...ops]);
      return inner.transact(ops);
    },
  };
  return { nb, log };
}

/** Inserts the pods' node-IP SNATs on their GR as ovn-kubernetes' gateway code does (pods.go). */
async function gatewayCodeCreatesPodSnats(h: NbHarness, pods: readonly Pod[]): Promise<void> {
  const schema = await h.nb.schema();
  const ops: WireOperation[] = [];
  const refs = pods.flatMap((p, i) =>
    podSnatRows([NODE0], [p.status?.podIPs?.[0]?.ip ?? podIpOf(p)], { profile: 'B' }).map((row, j) => {
      const ref = namedRef(`snat${i}_${j}`);
      ops.push(insertOp(schema, 'NAT', row, ref));
      return ref;
    }),
  );
  const gr = (await h.snapshot()).Logical_Router.find((r) => r.name === `GR_${W0}`)!;
  ops.push(mutateOp('Logical_Router', gr._uuid, [['nat', 'insert', uuidSet(refs)]]));
  checkResults(ops, await h.nb.transact(ops));
}
const podIpOf = (p: Pod) =>
  (
    JSON.parse(p.metadata?.annotations?.['k8s.ovn.org/pod-networks'] ?? '{}').default
      .ip_addresses[0] as string
  ).split('/')[0]!;

const natUuid = (snap: NbSnapshot, logicalIp: string, externalIp: string) =>
  snap.NAT.find((n) => n.logical_ip === logicalIp && n.external_ip === externalIp)?._uuid;

describe('per-pod SNAT with disableSnatMultipleGws (spec 4.5), worker-0 zone', () => {
  let h: NbHarness;
  let rec: ReturnType<typeof recording>;
  let reconciler: NbReconciler;
  const cluster = (egressIPs: ClusterState['egressIPs'], pods: Pod[] = [homer, marge]): ClusterState => ({
    egressIPs,
    nodes: ZONE_NODES,
    namespaces,
    pods,
  });
  const nat = (eip: string, p: string, ip: string, ext: string, node = W0) =>
    snat(eip, 'simpsons', p, ip, ext, node, '32768-60999');
  const rr = (eip: string, p: string, ip: string, hop: string) => reroute(eip, 'simpsons', p, ip, [hop]);
  /** Reconciles and returns the write transactions it sent. */
  const step = async (c: ClusterState) => {
    const before = rec.log.length;
    await reconciler.reconcile(c);
    return rec.log.slice(before);
  };
  const state = async () => zoneRows(await h.snapshot());
  const eipRows = async () => {
    const r = await state();
    return {
      reroutes: r.policies.filter((p) => p.priority === 100),
      nats: r.nats,
      podSnats: r.podSnats,
      served: r.addressSets.find((a) => a.name === 'a8519615025667110816')?.addresses,
    };
  };

  beforeAll(async () => {
    const [zone] = await startZones([ZONE_NODES[0]!], CONFIG);
    h = zone!.h;
    rec = recording(h.nb);
    reconciler = new NbReconciler({ nb: rec.nb, zone: W0, config: CONFIG });
    await gatewayCodeCreatesPodSnats(h, [homer, marge]);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("with no EgressIP the gateway code's per-pod SNATs are already what the controller wants", async () => {
    const before = await h.snapshot();
    await step(cluster([]));
    const after = await h.snapshot();
    expect(natUuid(after, '10.129.3.232', NODE0)).toBe(natUuid(before, '10.129.3.232', NODE0));
    expect((await eipRows()).podSnats).toEqual(
      sortRows([podSnat(NODE0, '10.129.3.232', W0), podSnat(NODE0, '10.129.3.233', W0)]),
    );
  });

  it('served on its own node: the node SNAT goes in the same transaction that adds the EgressIP rows', async () => {
    const before = await h.snapshot();
    const homerSnat = natUuid(before, '10.129.3.232', NODE0)!;
    const txns = await step(
      cluster(
        [eipOn('eip-a', W0, '192.168.126.100', { name: 'homer' })],
        [{ ...homer, metadata: { ...homer.metadata, labels: { name: 'homer' } } }, marge],
      ),
    );
    expect(txns).toHaveLength(1);
    const ops = JSON.stringify(txns[0]);
    expect(ops).toContain('"external_ip":"192.168.126.100"'); // the EgressIP SNAT insert
    expect(ops).toContain(homerSnat); // the GR nat mutate that drops the node SNAT
    expect(await eipRows()).toEqual({
      reroutes: [rr('eip-a', 'homer', '10.129.3.232', '100.64.0.4')],
      nats: [nat('eip-a', 'homer', '10.129.3.232', '192.168.126.100')],
      podSnats: [podSnat(NODE0, '10.129.3.233', W0)],
      served: ['10.129.3.232'],
    });
  });

  const homerSel = { ...homer, metadata: { ...homer.metadata, labels: { name: 'homer' } } };

  it('failover away to worker-1: the node SNAT is restored in the transaction that removes the EgressIP SNAT', async () => {
    const txns = await step(
      cluster([eipOn('eip-a', W1, '192.168.126.100', { name: 'homer' })], [homerSel, marge]),
    );
    expect(txns).toHaveLength(1);
    const ops = JSON.stringify(txns[0]);
    expect(ops).toContain(
      `"external_ip":"${NODE0}","external_port_range":"32768-60999","logical_ip":"10.129.3.232"`,
    );
    expect(await eipRows()).toEqual({
      reroutes: [rr('eip-a', 'homer', '10.129.3.232', '100.88.0.5')],
      nats: [],
      podSnats: sortRows([podSnat(NODE0, '10.129.3.232', W0), podSnat(NODE0, '10.129.3.233', W0)]),
      served: ['10.129.3.232'],
    });
  });

  it('back on worker-0; the selector stops matching (restored), matches again; the EgressIP is deleted (restored)', async () => {
    const eip = eipOn('eip-a', W0, '192.168.126.100', { name: 'homer' });
    await step(cluster([eip], [homerSel, marge]));
    expect((await eipRows()).podSnats).toEqual([podSnat(NODE0, '10.129.3.233', W0)]);
    const relabelled = { ...homer, metadata: { ...homer.metadata, labels: { name: 'not-homer' } } };
    await step(cluster([eip], [relabelled, marge]));
    expect(await eipRows()).toEqual({
      reroutes: [],
      nats: [],
      podSnats: sortRows([podSnat(NODE0, '10.129.3.232', W0), podSnat(NODE0, '10.129.3.233', W0)]),
      served: [],
    });
    await step(cluster([eip], [homerSel, marge]));
    expect((await eipRows()).podSnats).toEqual([podSnat(NODE0, '10.129.3.233', W0)]);
    await step(cluster([], [homerSel, marge]));
    expect(await eipRows()).toEqual({
      reroutes: [],
      nats: [],
      podSnats: sortRows([podSnat(NODE0, '10.129.3.232', W0), podSnat(NODE0, '10.129.3.233', W0)]),
      served: [],
    });
  });

  it('a deleted or completed pod never gets one back', async () => {
    const all = eipOn('eip-a', W0, '192.168.126.100');
    await step(cluster([all]));
    expect((await eipRows()).podSnats).toEqual([]);
    // homer deleted, marge completed, while served
    const margeDone = { ...marge, status: { ...marge.status, phase: 'Succeeded' } };
    await step(cluster([all], [margeDone]));
    expect(await eipRows()).toEqual({ reroutes: [], nats: [], podSnats: [], served: [] });
    // the EgressIP goes too: still nothing for them
    await step(cluster([], [margeDone]));
    expect(await eipRows()).toEqual({ reroutes: [], nats: [], podSnats: [], served: [] });
    // homer comes back (a new pod): the gateway's SNAT for it is what the controller wants
    await step(cluster([], [homer, margeDone]));
    expect((await eipRows()).podSnats).toEqual([podSnat(NODE0, '10.129.3.232', W0)]);
  });

  it('two EgressIPs select one pod: the standby takes over only when the serving one is deleted', async () => {
    const a = eipOn('eip-a', W0, '192.168.126.100');
    const b = eipOn('eip-b', W1, '192.168.126.101');
    await step(cluster([a, b], [homer]));
    const served = {
      reroutes: [rr('eip-a', 'homer', '10.129.3.232', '100.64.0.4')],
      nats: [nat('eip-a', 'homer', '10.129.3.232', '192.168.126.100')],
      podSnats: [],
      served: ['10.129.3.232'],
    };
    expect(await eipRows()).toEqual(served);
    // eip-b changes (a new status) while standby: nothing moves
    await step(
      cluster([a, { ...b, status: { items: [{ node: W0, egressIP: '192.168.126.101' }] } }], [homer]),
    );
    expect(await eipRows()).toEqual(served);
    // eip-a deleted: eip-b (on worker-1) serves homer; its node SNAT comes back
    await step(cluster([b], [homer]));
    expect(await eipRows()).toEqual({
      reroutes: [rr('eip-b', 'homer', '10.129.3.232', '100.88.0.5')],
      nats: [],
      podSnats: [podSnat(NODE0, '10.129.3.232', W0)],
      served: ['10.129.3.232'],
    });
  });
});
