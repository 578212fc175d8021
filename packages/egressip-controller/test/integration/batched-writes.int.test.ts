// Batched writes (several EgressIPs per transaction) against real ovsdb-servers: the NB they
// leave is exactly the one per-EgressIP transactions leave, and a batch the server refuses is
// written again EgressIP by EgressIP, so one bad EgressIP holds back nothing else and leaves
// no partial rows.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConstraintViolationError } from '@ovnkit/ovsdb';
import type { WireOperation } from '../../src/nb/operations.js';
import type { NbTransactor } from '../../src/nb/transactor.js';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import { egressIP, namespace, node, pod } from './support/cluster-fixtures.js';
import { canonicalNbDump } from './support/nb-dump.js';
import { type NbHarness, startTopologyNbs } from './support/nb-harness.js';

const nodeNames = ['n1', 'n2', 'n3'];
const nodes = nodeNames.map((name, i) =>
  node({ name, ifaddr: `192.168.126.${11 + i}/24`, subnet: `10.128.${i * 2}.0/23`, id: i + 2 }),
);
const EIPS = 12;
const name = (e: number) => `e${String(e).padStart(2, '0')}`;

/** 12 EgressIPs, each selecting its own namespace of 5 pods; `nodeOf` says where each is hosted. */
function cluster(nodeOf: (e: number) => number, only: (e: number) => boolean = () => true): ClusterState {
  const all = Array.from({ length: EIPS }, (_, e) => e);
  const namespaces = all.map((e) => namespace(`ns-${name(e)}`, { team: name(e) }));
  const pods = all.flatMap((e) =>
    Array.from({ length: 5 }, (_, p) =>
      pod({
        namespace: `ns-${name(e)}`,
        name: `p${p}`,
        node: nodeNames[(e + p) % 3]!,
        ips: [`10.128.${((e + p) % 3) * 2}.${10 + e * 5 + p}`],
      }),
    ),
  );
  const egressIPs = all
    .filter(only)
    .map((e) =>
      egressIP(name(e), [`192.168.126.${100 + e}`], { team: name(e) }, [
        { node: nodeNames[nodeOf(e)]!, egressIP: `192.168.126.${100 + e}` },
      ]),
    );
  return { egressIPs, nodes, namespaces, pods };
}

/** Passes through to the real server; transactions carrying `poisoned`'s rows get one operation the server refuses. */
function poisoning(nb: NbTransactor, poisoned: string) {
  const refused: string[][] = [];
  const transactor: NbTransactor = {
    schema: () => nb.schema(),
    async transact(ops: readonly WireOperation[]) {
      const text = JSON.stringify(ops);
      if (!text.includes(`${poisoned}_`)) return nb.transact(ops);
      refused.push(Array.from({ length: EIPS }, (_, e) => name(e)).filter((n) => text.includes(`${n}_`)));
      // A NAT type outside the schema's enum: a constraint violation, so the server aborts the transaction.
      return nb.transact([...ops, { op: 'insert', table: 'NAT', row: { type: 'not-a-nat-type' } }]);
    },
  };
  return { transactor, refused };
}

describe('batched EgressIP transactions', () => {
  let hs: NbHarness[] = [];
  beforeAll(async () => {
    hs = await startTopologyNbs(5, nodes);
  });
  afterAll(async () => {
    await Promise.all(hs.map((h) => h.stop()));
  });

  it('write exactly the NB that one transaction per EgressIP writes (cold start, failover, deletion)', async () => {
    const [one, batched] = hs;
    const perEgressIP = new NbReconciler({ nb: one!.nb, maxChangesPerBatch: 1 });
    const inBatches = new NbReconciler({ nb: batched!.nb, maxChangesPerBatch: 40 });
    const steps = [
      cluster((e) => e % 3),
      cluster((e) => (e + 1) % 3), // every EgressIP moves node
      cluster(
        (e) => (e + 1) % 3,
        (e) => e % 4 !== 0,
      ), // a third of them deleted
    ];
    for (const step of steps) {
      const a = await perEgressIP.reconcile(step);
      const b = await inBatches.reconcile(step);
      expect(b.changes).toEqual(a.changes);
      expect(b.transactions).toBeGreaterThan(0);
      expect(b.transactions).toBeLessThan(a.transactions);
      const dump = await canonicalNbDump(batched!.client);
      expect(dump).toEqual(await canonicalNbDump(one!.client));
      expect(JSON.stringify(dump)).toContain('"e01_');
      expect(JSON.stringify(dump)).not.toContain('missing ');
    }
    // Both converged: nothing left to write.
    expect((await inBatches.reconcile(steps[2]!)).transactions).toBe(0);
  });

  it('a refused batch is written EgressIP by EgressIP: the others commit, the bad one leaves no row', async () => {
    const [, , target, reference] = hs;
    const { transactor, refused } = poisoning(target!.nb, name(5));
    const r = new NbReconciler({ nb: transactor, maxChangesPerBatch: 40 });
    const err = await r.reconcile(cluster((e) => e % 3)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConstraintViolationError);
    expect((err as Error).message).toContain('not-a-nat-type');
    // The batch holding e05 (with others) was refused, then e05 alone.
    expect(refused.length).toBe(2);
    expect(refused[0]!.length).toBeGreaterThan(1);
    expect(refused[1]).toEqual([name(5)]);
    // Exactly what a cluster without e05 gives: every other EgressIP written, nothing of e05.
    await new NbReconciler({ nb: reference!.nb }).reconcile(
      cluster(
        (e) => e % 3,
        (e) => e !== 5,
      ),
    );
    const dump = await canonicalNbDump(target!.client);
    expect(dump).toEqual(await canonicalNbDump(reference!.client));
    expect(JSON.stringify(dump)).not.toContain(`${name(5)}_`);
    // Once the server accepts it, e05 is written and the rest is left as it is.
    const healed = new NbReconciler({ nb: target!.nb, maxChangesPerBatch: 40 });
    const res = await healed.reconcile(cluster((e) => e % 3));
    expect(res.transactions).toBe(1);
    expect(res.changes.delete + res.changes.update + res.changes.unlink).toBe(0);
    await new NbReconciler({ nb: reference!.nb }).reconcile(cluster((e) => e % 3));
    expect(await canonicalNbDump(target!.client)).toEqual(await canonicalNbDump(reference!.client));
  });

  it('an error that is not a refusal (outcome unknown) is thrown as is, never retried EgressIP by EgressIP', async () => {
    const h = hs[4]!;
    const sent: string[][] = [];
    const lost: NbTransactor = {
      schema: () => h.nb.schema(),
      async transact(ops: readonly WireOperation[]) {
        const text = JSON.stringify(ops);
        const names = Array.from({ length: EIPS }, (_, e) => name(e)).filter((n) => text.includes(`${n}_`));
        sent.push(names);
        if (names.includes(name(5))) throw new Error('connection lost');
        return h.nb.transact(ops);
      },
    };
    const r = new NbReconciler({ nb: lost, maxChangesPerBatch: 40, transactionsInFlight: 1 });
    await expect(r.reconcile(cluster((e) => e % 3))).rejects.toThrow('connection lost');
    // Sent once, in its batch, and nothing after it.
    expect(sent.filter((n) => n.includes(name(5)))).toHaveLength(1);
    expect(sent.at(-1)).toContain(name(5));
  });
});
