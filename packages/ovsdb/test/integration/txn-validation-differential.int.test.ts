// Client-side validation must agree with ovsdb-server: for random rows (valid or not), our
// validator accepts a row exactly when the real server accepts it. The rows are sent raw (encoded
// without validation) inside a transaction that ends in `abort`, so the database never changes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AbortedError,
  ConnectionClosedError,
  connect,
  type OvsdbClient,
  OvsdbServerError,
  rowCodec,
  validateRow,
  type WireValue,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import fc from 'fast-check';
import { Sink } from '../types/sink-schema.js';

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

/** True when the server accepts the insert (it then fails only on the trailing abort). */
async function serverAccepts(row: Record<string, unknown>): Promise<boolean> {
  const wire: Record<string, WireValue> = {};
  for (const [c, v] of Object.entries(row))
    if (v !== undefined || codec.columns.get(c)?.shape === 'optional')
      wire[c] = codec.columns.get(c)!.encode(v);
  try {
    await client.transact('Sink', [{ op: 'insert', table: 'Thing', row: wire }, { op: 'abort' }]);
  } catch (err) {
    if (err instanceof AbortedError) return true;
    if (err instanceof OvsdbServerError) return false;
    // What the server cannot even parse (a subnormal real) makes it drop the connection.
    if (err instanceof ConnectionClosedError && server.log().includes('number outside valid range')) {
      client = await connect({ remote: server.remote });
      return false;
    }
    throw err;
  }
  throw new Error('an aborted transaction succeeded');
}

// Values around every constraint of the Thing table: enums, ranges, lengths, set sizes, duplicates.
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '字', '😀'), maxLength: 10 });
const rowArb = fc.record(
  {
    name: text,
    kind: fc.constantFrom('red', 'green', 'blue', 'mauve', ''),
    prio: fc.integer({ min: -3, max: 103 }),
    big: fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
    ratio: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
    nick: fc.option(text, { nil: undefined }),
    tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 4 }),
    slots: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 5 }),
    labels: fc.dictionary(fc.constantFrom('a', 'b', 'k8s.ovn.org/id'), text),
  },
  { requiredKeys: [] },
);

describe('validation agrees with ovsdb-server', () => {
  it('accepts exactly the rows the server accepts', async () => {
    await fc.assert(
      fc.asyncProperty(rowArb, async (row) => {
        const issues = validateRow(Sink, 'Thing', row, 'insert');
        const accepted = await serverAccepts(row);
        expect({ row, issues: issues.map((i) => `${i.path}: ${i.message}`), accepted }).toEqual({
          row,
          issues: accepted ? [] : expect.arrayContaining([expect.any(String)]),
          accepted: issues.length === 0,
        });
      }),
      { numRuns: 200 },
    );
  });
});
