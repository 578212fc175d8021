// The seed walkthrough: simpson is served by egressip-demo, bouvier never is; failover moves rows.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { egressIP, namespace, node, pod } from './support/cluster-fixtures.js';
import {
  addressSetsV4,
  featurePoliciesV4,
  replyTrafficPolicy,
  reroute,
  snat,
  sortRows,
} from './support/expected-rows.js';
import { egressIpRows, type NbHarness, startNbHarness, versions } from './support/nb-harness.js';

const nodes = [
  node({
    name: 'node-a',
    ifaddr: '192.168.126.11/24',
    subnet: '10.128.0.0/23',
    id: 2,
    egressAssignable: true,
  }),
  node({
    name: 'node-b',
    ifaddr: '192.168.126.12/24',
    subnet: '10.128.2.0/23',
    id: 3,
    egressAssignable: true,
  }),
];
const namespaces = [namespace('simpson', { house: 'simpson' }), namespace('bouvier', { house: 'bouvier' })];
const pods = [
  pod({ namespace: 'simpson', name: 'homer', node: 'node-a', ips: ['10.128.0.5'] }),
  pod({ namespace: 'simpson', name: 'marge', node: 'node-b', ips: ['10.128.2.5'] }),
  pod({ namespace: 'bouvier', name: 'selma', node: 'node-a', ips: ['10.128.0.6'] }),
  pod({ namespace: 'bouvier', name: 'patty', node: 'node-b', ips: ['10.128.2.6'] }),
];
const demo = (egressNode: string) =>
  egressIP('egressip-demo', ['192.168.126.100'], { house: 'simpson' }, [
    { node: egressNode, egressIP: '192.168.126.100' },
  ]);
const nodeIps = ['192.168.126.11', '192.168.126.12'];
const feature = [...featurePoliciesV4(), replyTrafficPolicy()];

function expectedFor(egressNode: string, joinIp: string) {
  return {
    policies: sortRows([
      ...feature,
      reroute('egressip-demo', 'simpson', 'homer', '10.128.0.5', [joinIp]),
      reroute('egressip-demo', 'simpson', 'marge', '10.128.2.5', [joinIp]),
    ]),
    nats: sortRows([
      snat('egressip-demo', 'simpson', 'homer', '10.128.0.5', '192.168.126.100', egressNode),
      snat('egressip-demo', 'simpson', 'marge', '10.128.2.5', '192.168.126.100', egressNode),
    ]),
    addressSets: sortRows(addressSetsV4(['10.128.0.5', '10.128.2.5'], nodeIps)),
    qos: [],
  };
}

describe('seed walkthrough: egressip-demo serves simpson, fails over, never bouvier', () => {
  let h: NbHarness;
  let r: NbReconciler;
  const state = (eips: ReturnType<typeof demo>[]): ClusterState => ({
    egressIPs: eips,
    nodes,
    namespaces,
    pods,
  });

  beforeAll(async () => {
    h = await startNbHarness();
    await topologyInit({ nb: h.nb, nodes });
    r = new NbReconciler({ nb: h.nb });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('EgressIP on node-a: reroutes to 100.64.0.2 and SNATs on GR_node-a for homer and marge only', async () => {
    await r.reconcile(state([demo('node-a')]));
    expect(egressIpRows(await h.snapshot())).toEqual(expectedFor('node-a', '100.64.0.2'));
  });

  it('failover to node-b: one transaction moves nexthops and SNATs; bouvier still has no row', async () => {
    const before = h.nb.writeTransactions;
    const res = await r.reconcile(state([demo('node-b')]));
    expect(res.transactions).toBe(1);
    expect(h.nb.writeTransactions - before).toBe(1);
    const rows = egressIpRows(await h.snapshot());
    expect(rows).toEqual(expectedFor('node-b', '100.64.0.3'));
    const all = JSON.stringify(rows);
    expect(all).not.toContain('bouvier');
    expect(all).not.toContain('10.128.0.6');
    expect(all).not.toContain('10.128.2.6');
  });

  it('and back to node-a; then a restart changes nothing', async () => {
    await r.reconcile(state([demo('node-a')]));
    expect(egressIpRows(await h.snapshot())).toEqual(expectedFor('node-a', '100.64.0.2'));
    const v = versions(await h.snapshot());
    await h.reconnect();
    r = new NbReconciler({ nb: h.nb });
    expect((await r.reconcile(state([demo('node-a')]))).transactions).toBe(0);
    expect(h.nb.writeTransactions).toBe(0);
    expect(versions(await h.snapshot())).toEqual(v);
  });

  it('deleting the EgressIP removes its rows and the served members; the feature rows stay', async () => {
    await r.reconcile(state([]));
    expect(egressIpRows(await h.snapshot())).toEqual({
      policies: sortRows(feature),
      nats: [],
      addressSets: sortRows(addressSetsV4([], nodeIps)),
      qos: [],
    });
  });
});
