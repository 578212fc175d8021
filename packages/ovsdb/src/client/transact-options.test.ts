// OvsdbClient.transact reuses one request-options object while calls name the same database:
// errors must still name the database of their own call, whatever order calls are made in.
import { describe, expect, it } from '@jest/globals';
import { OvsdbServerError } from '../errors/server-error.js';
import type { JsonObject } from '../json/json-value.js';
import { JsonSplitter } from '../rpc/json-splitter.js';
import { RpcConnection } from '../rpc/rpc-connection.js';
import { createMemoryTransportPair } from '../transport/memory-transport.js';
import { OvsdbClient } from './ovsdb-client.js';

describe('OvsdbClient.transact options', () => {
  it('names each call’s own database in its error, across alternating databases', async () => {
    const [a, b] = createMemoryTransportPair();
    const client = new OvsdbClient(new RpcConnection(a));
    const splitter = new JsonSplitter();
    // The peer refuses every request as a whole (a JSON-RPC error, not an operation's).
    b.attach({
      data: (chunk) =>
        splitter.push(chunk, (m) => {
          const id = (m as JsonObject).id;
          b.write(
            Buffer.from(`{"id":${id},"result":null,"error":{"error":"unknown database","details":"x"}}`),
          );
        }),
      drain: () => undefined,
      close: () => undefined,
    });
    const dbs = ['A', 'A', 'B', 'A', 'B', 'B', 'C', 'A'];
    const calls = dbs.map((db) =>
      client.transact(db, [{ op: 'insert', table: 'T', row: {} }]).then(
        () => undefined,
        (err: unknown) => err,
      ),
    );
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e instanceof OvsdbServerError)).toBe(true);
    expect(errors.map((e) => (e as OvsdbServerError).database)).toEqual(dbs);
    expect(errors.map((e, i) => (e as Error).message.includes(`transact on ${dbs[i]}`))).toEqual(
      dbs.map(() => true),
    );
    await client.close();
  });
});
