// Schema-conditional rows: against an NB schema whose QoS.action accepts `mark` (NB >= 7.1), the
// priority-103 reply-traffic QoS rows are written and attached to every node switch.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OvsdbServer, schemaPath, startOvsdbServer } from '@ovnkit/testkit';
import { NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import { node, WORKERS } from './support/cluster-fixtures.js';
import { egressIpRows, type NbHarness, startNbHarness, versions } from './support/nb-harness.js';

const OC = 'default-network-controller';
const nodes = WORKERS.map(node);

describe('QoS mark rows where the schema has them', () => {
  let dir: string;
  let server: OvsdbServer;
  let h: NbHarness;
  beforeAll(async () => {
    // OVN 23.03 ships NB 7.0.0; the `mark` key arrived in 7.1 (OVN 23.06). Same schema plus that key.
    dir = mkdtempSync(join(tmpdir(), 'ovnkit-qos-schema-'));
    const schema = JSON.parse(readFileSync(schemaPath('nb'), 'utf8'));
    schema.version = '7.1.0';
    schema.tables.QoS.columns.action.type.key.enum = ['set', ['dscp', 'mark']];
    schema.tables.QoS.columns.action.type.value = { type: 'integer', minInteger: 0, maxInteger: 4294967295 };
    writeFileSync(join(dir, 'nb-7.1.ovsschema'), JSON.stringify(schema));
    server = await startOvsdbServer({ schemas: [join(dir, 'nb-7.1.ovsschema')] });
    h = await startNbHarness(server);
    await topologyInit({ nb: h.nb, nodes });
  });
  afterAll(async () => {
    await h?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes Q1 and references it from every node switch; nothing is reported as skipped; re-run writes nothing', async () => {
    const r = new NbReconciler({ nb: h.nb });
    const res = await r.reconcile({ egressIPs: [], nodes, namespaces: [], pods: [] });
    expect(res.notes).toEqual([]);
    expect(r.skippedFeatures).toEqual([]);
    const snap = await h.snapshot();
    expect(egressIpRows(snap).qos).toEqual([
      {
        priority: 103,
        direction: 'from-lport',
        match: 'ip4.src == $a8519615025667110816 && ct.trk && ct.rpl',
        action: { mark: 42 },
        bandwidth: {},
        external_ids: {
          'k8s.ovn.org/owner-controller': OC,
          'k8s.ovn.org/owner-type': 'EgressIP',
          'k8s.ovn.org/id': `${OC}:EgressIP:103:EgressIP-Mark-Reply-Traffic:ip4:default`,
          'k8s.ovn.org/name': 'EgressIP-Mark-Reply-Traffic',
          priority: '103',
          'ip-family': 'ip4',
          network: 'default',
        },
        switches: ['worker-0-sl79n', 'worker-1-abcde', 'worker-2-fghij'],
      },
    ]);
    const before = versions(snap);
    expect((await r.reconcile({ egressIPs: [], nodes, namespaces: [], pods: [] })).transactions).toBe(0);
    expect(versions(await h.snapshot())).toEqual(before);
  });

  it('a node that goes away drops its switch reference; a new one gets it', async () => {
    const r = new NbReconciler({ nb: h.nb });
    await r.reconcile({ egressIPs: [], nodes: nodes.slice(0, 2), namespaces: [], pods: [] });
    expect(egressIpRows(await h.snapshot()).qos[0]!.switches).toEqual(['worker-0-sl79n', 'worker-1-abcde']);
    await r.reconcile({ egressIPs: [], nodes, namespaces: [], pods: [] });
    expect(egressIpRows(await h.snapshot()).qos[0]!.switches).toEqual([
      'worker-0-sl79n',
      'worker-1-abcde',
      'worker-2-fghij',
    ]);
  });
});
