// Schema-conditional rows: against an NB schema whose QoS.action accepts `mark` (NB >= 7.1), the
// priority-103 reply-traffic QoS rows are written and attached to every node switch.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { node, WORKERS } from './support/cluster-fixtures.js';
import { replyQosV4 } from './support/expected-rows.js';
import { egressIpRows, type NbHarness, startNbHarness, versions } from './support/nb-harness.js';
import { startQosMarkNb } from './support/qos-mark-schema.js';

const nodes = WORKERS.map(node);

describe('QoS mark rows where the schema has them', () => {
  let nbServer: Awaited<ReturnType<typeof startQosMarkNb>>;
  let h: NbHarness;
  beforeAll(async () => {
    nbServer = await startQosMarkNb();
    h = await startNbHarness(nbServer.server);
    await topologyInit({ nb: h.nb, nodes });
  });
  afterAll(async () => {
    await h?.stop();
    await nbServer?.stop();
  });

  it('writes Q1 and references it from every node switch; nothing is reported as skipped; re-run writes nothing', async () => {
    const r = new NbReconciler({ nb: h.nb });
    const res = await r.reconcile({ egressIPs: [], nodes, namespaces: [], pods: [] });
    expect(res.notes).toEqual([]);
    expect(r.skippedFeatures).toEqual([]);
    const snap = await h.snapshot();
    expect(egressIpRows(snap).qos).toEqual([
      replyQosV4(['worker-0-sl79n', 'worker-1-abcde', 'worker-2-fghij']),
    ]);
    const before = versions(snap);
    expect((await r.reconcile({ egressIPs: [], nodes, namespaces: [], pods: [] })).transactions).toBe(0);
    expect(versions(await h.snapshot())).toEqual(before);
  });

  it('a node object that goes away leaves its switch reference (as the node delete of ovn-kubernetes does); a new one gets it', async () => {
    const r = new NbReconciler({ nb: h.nb });
    await r.reconcile({ egressIPs: [], nodes: nodes.slice(0, 2), namespaces: [], pods: [] });
    // ovn-kubernetes' egressip_test "node's gateway objects are already deleted": the deleted
    // node's switch still references the QoS afterwards (issue 11, node deletion).
    expect(egressIpRows(await h.snapshot()).qos[0]!.switches).toEqual([
      'worker-0-sl79n',
      'worker-1-abcde',
      'worker-2-fghij',
    ]);
    const detached = await h.snapshot();
    const sw = detached.Logical_Switch.find((s) => s.name === 'worker-2-fghij')!;
    await h.nb.transact([
      {
        op: 'mutate',
        table: 'Logical_Switch',
        where: [['_uuid', '==', ['uuid', sw._uuid]]],
        mutations: [['qos_rules', 'delete', ['set', sw.qos_rules.map((u) => ['uuid', u])]]],
      },
    ]);
    expect(egressIpRows(await h.snapshot()).qos[0]!.switches).toEqual(['worker-0-sl79n', 'worker-1-abcde']);
    await r.reconcile({ egressIPs: [], nodes, namespaces: [], pods: [] });
    expect(egressIpRows(await h.snapshot()).qos[0]!.switches).toEqual([
      'worker-0-sl79n',
      'worker-1-abcde',
      'worker-2-fghij',
    ]);
  });
});
