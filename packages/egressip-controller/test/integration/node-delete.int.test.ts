// Node deletion in the single zone (issue 11), as ovn-kubernetes' egressip_test "should perform
// proper OVN transactions when node's gateway objects are already deleted": the node hosting a
// pod is deleted together with its gateway objects while the pod stays, and the EgressIP status
// moves to another node. In both orders of events: no priority-100 reroute is (re)created for
// the pod, the egress-reply QoS stays on the deleted node's switch, the SNAT follows the status,
// the pod stays in the served set. If the status moved first, the reroute it has is kept.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EgressIP } from '../../src/api/types.js';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { egressIP, namespace, node, pod, WORKERS } from './support/cluster-fixtures.js';
import {
  addressSetsV4,
  featurePoliciesV4,
  replyQosV4,
  replyTrafficPolicy,
  reroute,
  snat,
  sortRows,
} from './support/expected-rows.js';
import { egressIpRows, type NbHarness, startNbHarness } from './support/nb-harness.js';
import { startQosMarkNb } from './support/qos-mark-schema.js';

const [W0, W1, W2] = WORKERS.map((w) => w.name) as [string, string, string];
const allNodes = WORKERS.map(node);
const withoutW0 = allNodes.slice(1);
const namespaces = [namespace('simpsons', { house: 'simpson' })];
const homer = pod({ namespace: 'simpsons', name: 'homer', node: W0, ips: ['10.129.3.232'] });
const EIP = '192.168.126.100';
const on = (n: string): EgressIP =>
  egressIP('egressip-demo', [EIP], { house: 'simpson' }, [{ node: n, egressIP: EIP }]);

describe('node deleted with its gateway objects while its pod stays (single zone)', () => {
  let nbServer: Awaited<ReturnType<typeof startQosMarkNb>>;
  let h: NbHarness;
  let r: NbReconciler;
  beforeEach(async () => {
    nbServer = await startQosMarkNb();
    h = await startNbHarness(nbServer.server);
    await topologyInit({ nb: h.nb, nodes: allNodes });
    r = new NbReconciler({ nb: h.nb });
    await r.reconcile({ egressIPs: [on(W0)], nodes: allNodes, namespaces, pods: [homer] });
  });
  afterEach(async () => {
    await h?.stop();
    await nbServer?.stop();
  });
  const step = (egressIPs: EgressIP[], nodes = withoutW0): Promise<unknown> =>
    r.reconcile({ egressIPs, nodes, namespaces, pods: [homer] } satisfies ClusterState);
  /** What ovn-kubernetes' gateway cleanup removes for a node: its GR (ports go with it) and ext switch. */
  const deleteGatewayObjects = async (n: string) => {
    const snap = await h.snapshot();
    const gr = snap.Logical_Router.find((x) => x.name === `GR_${n}`)!;
    const ext = snap.Logical_Switch.find((x) => x.name === `ext_${n}`)!;
    await h.nb.transact([
      { op: 'delete', table: 'Logical_Router', where: [['_uuid', '==', ['uuid', gr._uuid]]] },
      { op: 'delete', table: 'Logical_Switch', where: [['_uuid', '==', ['uuid', ext._uuid]]] },
    ]);
  };
  const expectRows = async (policies: object[], nats: object[]) => {
    const rows = egressIpRows(await h.snapshot());
    expect(rows.policies).toEqual(sortRows([...featurePoliciesV4(), replyTrafficPolicy(), ...policies]));
    expect(rows.nats).toEqual(nats);
    expect(rows.addressSets).toEqual(
      sortRows(addressSetsV4(['10.129.3.232'], ['192.168.126.52', '192.168.126.53'])),
    );
    // The deleted node's switch keeps its reference; the others have theirs.
    expect(rows.qos).toEqual([replyQosV4([W0, W1, W2])]);
  };
  const nat1 = snat('egressip-demo', 'simpsons', 'homer', '10.129.3.232', EIP, W1);

  it('node (and gateway objects) deleted first, then the status moves: no reroute comes back', async () => {
    await deleteGatewayObjects(W0);
    await step([on(W0)]); // the status still names the deleted node
    await step([on(W1)]);
    await expectRows([], [nat1]);
  });

  it('status moves first, then the node goes: the reroute to the new node is kept', async () => {
    await step([on(W1)], allNodes);
    await deleteGatewayObjects(W0);
    await step([on(W1)]);
    await expectRows([reroute('egressip-demo', 'simpsons', 'homer', '10.129.3.232', ['100.64.0.5'])], [nat1]);
  });
});
