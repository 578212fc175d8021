// JSON-RPC behaviour over the in-memory transport pair: the far end is a scripted peer that reads
// the bytes we write, so every assertion is about what actually crossed the "wire".
import { describe, expect, it } from '@jest/globals';
import { ConnectionClosedError } from '../errors/connection-errors.js';
import { FramingError, MessageTooLargeError } from '../errors/framing-errors.js';
import { RequestAbortedError, RequestTimeoutError } from '../errors/request-errors.js';
import { UnknownMethodError } from '../errors/server-errors.js';
import type { JsonObject, JsonValue } from '../json/json-value.js';
import { createMemoryTransportPair } from '../transport/memory-transport.js';
import type { Transport } from '../transport/transport.js';
import { encodeJson } from './json-encode.js';
import { JsonSplitter } from './json-splitter.js';
import { RpcConnection, type RpcConnectionOptions } from './rpc-connection.js';

/** The far end: decodes what the connection sends and can send raw bytes back. */
class Peer {
  readonly received: JsonObject[] = [];
  private waiters: Array<() => void> = [];
  private readonly splitter = new JsonSplitter();
  closed = false;
  constructor(readonly transport: Transport) {
    transport.attach({
      data: (chunk) =>
        this.splitter.push(chunk, (v) => {
          this.received.push(v as JsonObject);
          for (const w of this.waiters.splice(0)) w();
        }),
      drain: () => undefined,
      close: () => {
        this.closed = true;
      },
    });
  }
  send(v: JsonValue | string): void {
    this.transport.write(Buffer.from(typeof v === 'string' ? v : encodeJson(v)));
  }
  async waitFor(n: number): Promise<JsonObject[]> {
    while (this.received.length < n) await new Promise<void>((r) => this.waiters.push(r));
    return this.received;
  }
}

function pair(opts?: RpcConnectionOptions, highWaterMark?: number): { rpc: RpcConnection; peer: Peer } {
  const [a, b] = createMemoryTransportPair({ highWaterMark });
  return { rpc: new RpcConnection(a, opts), peer: new Peer(b) };
}

describe('RpcConnection', () => {
  it('sends requests with increasing ids and matches replies by id, in any order', async () => {
    const { rpc, peer } = pair();
    const p1 = rpc.request('m1', [1]);
    const p2 = rpc.request('m2', ['x']);
    const [r1, r2] = await peer.waitFor(2);
    expect(r1).toEqual({ method: 'm1', params: [1], id: 1 });
    expect(r2).toEqual({ method: 'm2', params: ['x'], id: 2 });
    peer.send({ id: 2, result: 'two', error: null });
    peer.send({ id: 1, result: { big: 12345678901234567890n }, error: null });
    expect(await p2).toBe('two');
    expect(await p1).toEqual({ big: 12345678901234567890n });
    await rpc.close();
  });

  it("answers the server's echo request at once, with its params and id", async () => {
    const { rpc, peer } = pair();
    peer.send({ method: 'echo', params: ['probe', 7], id: 'echo' });
    const [reply] = await peer.waitFor(1);
    expect(reply).toEqual({ id: 'echo', result: ['probe', 7], error: null });
    peer.send({ method: 'surprise', params: [], id: 5 });
    const [, second] = await peer.waitFor(2);
    expect(second).toEqual({ id: 5, result: null, error: 'unknown method' });
    await rpc.close();
  });

  it('routes notifications in order, before the reply that follows them', async () => {
    const { rpc, peer } = pair();
    const events: string[] = [];
    rpc.onNotification((method, params) => events.push(`${method}:${JSON.stringify(params)}`));
    const p = rpc.request('transact', []).then(() => events.push('reply'));
    await peer.waitFor(1);
    peer.send('{"method":"update2","params":["m",{}],"id":null}{"id":1,"result":[],"error":null}');
    await p;
    expect(events).toEqual(['update2:["m",{}]', 'reply']);
    await rpc.close();
  });

  it('rejects with the typed server error, pointing at the caller', async () => {
    const { rpc, peer } = pair();
    const p = rpc.request('nope', []);
    await peer.waitFor(1);
    peer.send({ id: 1, result: null, error: 'unknown method' });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownMethodError);
    expect((err as Error).stack).toMatch(/rpc-connection\.test\.ts/);
    await rpc.close();
  });

  it('fails pending calls with ConnectionClosedError saying whether they were sent', async () => {
    const { rpc, peer } = pair();
    const sent = rpc.request('transact', ['DB']);
    await peer.waitFor(1);
    const notSent = rpc.request('transact', ['DB']); // still in the outbox (flushed in a microtask)
    peer.transport.destroy();
    rpc.destroy(new Error('link down'));
    const e1 = (await sent.catch((e: unknown) => e)) as ConnectionClosedError;
    const e2 = (await notSent.catch((e: unknown) => e)) as ConnectionClosedError;
    expect(e1).toBeInstanceOf(ConnectionClosedError);
    expect(e1.mayHaveBeenExecuted).toBe(true);
    expect(e1.message).toMatch(/the transact request was sent and may have been executed/);
    expect(e2.mayHaveBeenExecuted).toBe(false);
    expect(e1.stack).toMatch(/rpc-connection\.test\.ts/);
  });

  it('reports a server-side close and rejects later calls', async () => {
    const { rpc, peer } = pair();
    const p = rpc.request('slow', []);
    await peer.waitFor(1);
    peer.transport.end();
    expect(await rpc.closed).toBeUndefined();
    const err = (await p.catch((e: unknown) => e)) as ConnectionClosedError;
    expect(err.message).toMatch(/closed by the server/);
    await expect(rpc.request('later', [])).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('closes with a FramingError on garbage and on a message cut off at EOF', async () => {
    const g = pair();
    const pending = g.rpc.request('x', []);
    g.peer.send('<html>');
    expect(await g.rpc.closed).toBeInstanceOf(FramingError);
    expect(((await pending.catch((e: unknown) => e)) as Error).cause).toBeInstanceOf(FramingError);

    const t = pair();
    t.peer.send('{"id":1,"result":');
    t.peer.transport.end();
    const reason = await t.rpc.closed;
    expect(reason).toBeInstanceOf(FramingError);
    expect(reason?.message).toMatch(/stream ended inside a message/);
  });

  it('closes with MessageTooLargeError on an endless message', async () => {
    const { rpc, peer } = pair({ maxMessageBytes: 10000 });
    peer.send('{"id":1,"result":"');
    for (let i = 0; i < 100 && rpc.isOpen; i++) {
      peer.send('a'.repeat(1000));
      await new Promise((r) => setImmediate(r));
    }
    expect(await rpc.closed).toBeInstanceOf(MessageTooLargeError);
  });

  it('aborts: before sending drops the request, after sending forgets the reply', async () => {
    const { rpc, peer } = pair();
    const ac = new AbortController();
    const dropped = rpc.request('never', [], { signal: ac.signal });
    ac.abort('stop');
    const err = (await dropped.catch((e: unknown) => e)) as RequestAbortedError;
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(err.cause).toBe('stop');
    const ac2 = new AbortController();
    const sent = rpc.request('sent', [], { signal: ac2.signal });
    await peer.waitFor(1);
    expect(peer.received.map((m) => m.method)).toEqual(['sent']);
    ac2.abort();
    await expect(sent).rejects.toBeInstanceOf(RequestAbortedError);
    peer.send({ id: 2, result: 1, error: null });
    const ping = rpc.request('ping', []);
    await peer.waitFor(2);
    peer.send({ id: 3, result: 'pong', error: null });
    expect(await ping).toBe('pong');
    expect(rpc.stats.unmatchedReplies).toBe(1);
    await rpc.close();
  });

  it('times out a request with RequestTimeoutError and ignores the late reply', async () => {
    const { rpc, peer } = pair();
    const err = await rpc.request('slow', [], { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    peer.send({ id: 1, result: 'late', error: null });
    const next = rpc.request('next', []);
    await peer.waitFor(2);
    peer.send({ id: 2, result: 'ok', error: null });
    expect(await next).toBe('ok');
    expect(rpc.stats.unmatchedReplies).toBe(1);
    await rpc.close();
  });

  it('batches a burst of requests into few writes and respects backpressure', async () => {
    const { rpc, peer } = pair({}, 1024);
    const n = 2000;
    const all = Array.from({ length: n }, (_, i) => rpc.request('m', [i, 'x'.repeat(100)]));
    await peer.waitFor(n);
    expect(peer.received.map((m) => (m.params as number[])[0])).toEqual(
      Array.from({ length: n }, (_, i) => i),
    );
    for (const m of peer.received)
      peer.send({ id: m.id as number, result: m.params as JsonValue, error: null });
    expect((await Promise.all(all)).length).toBe(n);
    await rpc.close();
  });

  it('a throwing notification listener does not stop the read loop', async () => {
    const errors: unknown[] = [];
    const { rpc, peer } = pair({ onListenerError: (e) => errors.push(e) });
    rpc.onNotification(() => {
      throw new Error('listener bug');
    });
    const p = rpc.request('m', []);
    await peer.waitFor(1);
    peer.send('{"method":"update","params":[null,{}],"id":null}{"id":1,"result":true,"error":null}');
    expect(await p).toBe(true);
    expect((errors[0] as Error).message).toBe('listener bug');
    await rpc.close();
  });
});
