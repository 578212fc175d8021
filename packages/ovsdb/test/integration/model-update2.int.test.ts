// Row decoding and update2 diff application against what a real ovsdb-server sends: a local copy
// built from monitor_cond `initial` rows and `modify` diffs must equal a fresh select after every
// random change (sets, maps with string and integer keys, optional and scalar columns).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, executeTransaction, type NativeRow, type OvsdbClient, rowCodec, txn } from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import fc from 'fast-check';
import { Sink } from '../types/sink-schema.js';

type Row2 = {
  initial?: Record<string, unknown>;
  insert?: Record<string, unknown>;
  modify?: Record<string, unknown>;
  delete?: null;
};

let server: OvsdbServer;
let client: OvsdbClient;

beforeAll(async () => {
  server = await startOvsdbServer({ schemas: [join(import.meta.dirname, '..', 'types', 'sink.ovsschema')] });
  client = await connect({ remote: server.remote });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

const codec = rowCodec(Sink, 'Thing');
const columns = [...codec.columns.keys()];

/** A local copy of Thing kept from update2 notifications with the model's codecs. */
function applyUpdates(copy: Map<string, NativeRow>, updates: Record<string, Record<string, Row2>>): void {
  for (const [uuid, u] of Object.entries(updates.Thing ?? {})) {
    const full = u.initial ?? u.insert;
    if (full) copy.set(uuid, codec.decodeRow(full, uuid));
    else if (u.delete === null) copy.delete(uuid);
    else if (u.modify) {
      const old = copy.get(uuid)!;
      const next: Record<string, unknown> = { ...old };
      for (const [c, diff] of Object.entries(u.modify))
        next[c] = codec.columns.get(c)!.applyDiff(old[c], diff);
      copy.set(uuid, Object.freeze(next) as NativeRow);
    }
  }
}

function canonical(rows: Iterable<NativeRow>): unknown[] {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return [...v].map(String).sort();
    if (v instanceof Map) return [...v].map(([k, x]) => `${k}=${x}`).sort();
    if (v && typeof v === 'object')
      return Object.entries(v)
        .map(([k, x]) => `${k}=${x}`)
        .sort();
    return v;
  };
  return [...rows]
    .map((r) => Object.fromEntries(['_uuid', ...columns].map((c) => [c, norm(r[c])])))
    .sort((a, b) => String(a._uuid).localeCompare(String(b._uuid)));
}

describe('update2 application with the model codecs', () => {
  it('keeps a copy equal to the server through random changes', async () => {
    const copy = new Map<string, NativeRow>();
    const off = client.onNotification((n) => {
      if (n.kind === 'update2') applyUpdates(copy, n.updates as Record<string, Record<string, Row2>>);
    });
    await executeTransaction(
      client,
      txn(Sink).insert('Thing', { name: 'seed', kind: 'red', tags: ['a'], labels: { x: '1' } }),
    );
    const initial = await client.monitorCond('Sink', 'm', { Thing: [{ columns }] });
    applyUpdates(copy, initial as Record<string, Record<string, Row2>>);

    const word = fc.constantFrom('a', 'b', 'c', 'd');
    const change = fc.record({
      tags: fc.uniqueArray(word),
      labels: fc.dictionary(word, word),
      weights: fc.uniqueArray(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, 1, 2)), {
        selector: (p) => p[0],
      }),
      nick: fc.option(word, { nil: undefined }),
      flag: fc.boolean(),
      big: fc.oneof(fc.integer(), fc.constant(2n ** 62n)),
      slots: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 4 }), async (changes) => {
        for (const c of changes) {
          await executeTransaction(
            client,
            txn(Sink).update('Thing', [['name', '==', 'seed']], { ...c, weights: new Map(c.weights) }),
          );
        }
        // The server sends a transaction's update2 before its reply, so the copy is current here.
        const { results } = await executeTransaction(client, txn(Sink).select('Thing', []));
        expect(canonical(copy.values())).toEqual(canonical(results[0].rows));
      }),
      { numRuns: 15 },
    );
    off();
  });
});
