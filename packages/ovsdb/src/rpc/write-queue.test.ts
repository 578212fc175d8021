import { describe, expect, it } from '@jest/globals';
import type { Transport } from '../transport/transport.js';
import { WriteQueue } from './write-queue.js';

/** Resolves after the queue's scheduled flush (a process.nextTick) has run. */
const afterFlush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A transport that records writes and says "wait for drain" when told to. */
function recorder(acceptWrites: () => boolean) {
  const writes: string[] = [];
  const transport: Transport = {
    description: 'recorder',
    attach: () => undefined,
    write: (chunk) => {
      writes.push(Buffer.from(chunk).toString());
      return acceptWrites();
    },
    end: () => undefined,
    destroy: () => undefined,
  };
  return { transport, writes };
}

describe('WriteQueue', () => {
  it('joins everything queued in one tick into one write and marks owners sent', async () => {
    const { transport, writes } = recorder(() => true);
    const q = new WriteQueue(transport, { bytesOut: 0, messagesOut: 0 });
    const owner = { sent: false };
    q.push('{"a":1}', owner);
    q.push('{"b":2}', undefined);
    expect(writes).toEqual([]);
    expect(owner.sent).toBe(false);
    await afterFlush();
    expect(writes).toEqual(['{"a":1}{"b":2}']);
    expect(owner.sent).toBe(true);
  });

  it('starts writing inside a long burst, holds while blocked, resumes on drain, skips dropped', async () => {
    let accept = false;
    const { transport, writes } = recorder(() => accept);
    const counters = { bytesOut: 0, messagesOut: 0 };
    const q = new WriteQueue(transport, counters);
    const big = 'x'.repeat(100 * 1024);
    q.push(big, undefined);
    q.push(big, undefined);
    q.push(big, undefined); // crosses 256 Ki chars: written now, and the transport says "wait"
    expect(writes).toHaveLength(1);
    const late = q.push('late', { sent: false });
    const dropped = q.push('dropped', { sent: false });
    dropped.dropped = true;
    await afterFlush();
    expect(writes).toHaveLength(1); // blocked: the tick's flush wrote nothing
    accept = true;
    q.drained();
    expect(writes).toEqual([big + big + big, 'late']);
    expect(late.owner?.sent).toBe(true);
    expect(dropped.owner?.sent).toBe(false);
    expect(counters).toEqual({ bytesOut: 3 * big.length + 4, messagesOut: 4 });
  });

  it('a burst queued from promise continuations of different depths goes out in one write', async () => {
    // A pipeline refilling its window: each reply resolves a caller whose next request is made a
    // few promise hops later (async functions, awaits); all of them land in one write, in order.
    const { transport, writes } = recorder(() => true);
    const q = new WriteQueue(transport, { bytesOut: 0, messagesOut: 0 });
    const start = Promise.resolve();
    const sent: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      let p = start;
      for (let hop = 0; hop < i; hop++) p = p.then(() => undefined);
      sent.push(p.then(() => void q.push(`{"n":${i}}`, undefined)));
    }
    await Promise.all(sent);
    await afterFlush();
    expect(writes).toEqual(['{"n":0}{"n":1}{"n":2}{"n":3}{"n":4}']);
  });

  it('writes nothing after stop', async () => {
    const { transport, writes } = recorder(() => true);
    const q = new WriteQueue(transport, { bytesOut: 0, messagesOut: 0 });
    q.push('a', undefined);
    q.stop();
    q.push('b', undefined);
    await afterFlush();
    expect(writes).toEqual([]);
  });
});
