import { describe, expect, it } from '@jest/globals';
import { backoffDelay } from './backoff.js';
import { FakeClock } from './clock.js';
import { TerminalError, WorkQueue } from './work-queue.js';

/** A promise with its resolve function exposed, to hold a handler mid-run. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => {
    open = r;
  });
  return { p, open };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('WorkQueue', () => {
  it('runs a key once however often it is added before it starts', async () => {
    const g = gate();
    const runs: string[] = [];
    const q = new WorkQueue({
      clock: new FakeClock(),
      handler: async (k) => {
        runs.push(k);
        if (k === 'busy') await g.p;
      },
    });
    q.add('busy');
    q.add('a');
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.depth).toBe(2);
    g.open();
    await q.idle();
    expect(runs).toEqual(['busy', 'a', 'b']);
  });

  it('never runs one key on two workers; a re-add during the run runs it again afterwards', async () => {
    const g = gate();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const q = new WorkQueue({
      concurrency: 4,
      clock: new FakeClock(),
      handler: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs++;
        if (runs === 1) await g.p;
        active--;
      },
    });
    q.add('k');
    await tick();
    expect(q.running).toBe(1);
    q.add('k');
    q.add('k');
    await tick();
    expect(q.running).toBe(1);
    expect(q.depth).toBe(1);
    g.open();
    await q.idle();
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
  });

  it('bounds concurrency across different keys', async () => {
    const g = gate();
    let active = 0;
    let maxActive = 0;
    const q = new WorkQueue({
      concurrency: 2,
      clock: new FakeClock(),
      handler: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await g.p;
        active--;
      },
    });
    for (const k of ['a', 'b', 'c', 'd', 'e']) q.add(k);
    await tick();
    expect(q.running).toBe(2);
    expect(q.depth).toBe(3);
    g.open();
    await q.idle();
    expect(maxActive).toBe(2);
  });

  it('retries a failing key with per-key exponential backoff on the injected clock', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const seen: Array<[number, number | undefined]> = [];
    const q = new WorkQueue({
      clock,
      backoff: { baseMs: 10, maxMs: 50 },
      onError: (_k, _e, failures, retry) => seen.push([failures, retry]),
      handler: async () => {
        calls++;
        if (calls <= 4) throw new Error('boom');
      },
    });
    q.add('k');
    await tick();
    expect(calls).toBe(1);
    expect(clock.pendingDelays()).toEqual([10]);
    clock.advance(9);
    await tick();
    expect(calls).toBe(1);
    for (const step of [1, 20, 40, 50]) {
      clock.advance(step);
      await tick();
    }
    expect(calls).toBe(5);
    expect(seen).toEqual([
      [1, 10],
      [2, 20],
      [3, 40],
      [4, 50],
    ]);
    expect(q.failures('k')).toBe(0);
    await q.idle();
  });

  it('does not retry terminal errors and drops a key after maxRetries', async () => {
    const clock = new FakeClock();
    const dropped: string[] = [];
    const q = new WorkQueue({
      clock,
      maxRetries: 1,
      onError: (k, _e, _f, retry) => {
        if (retry === undefined) dropped.push(k);
      },
      handler: async (k) => {
        throw k === 'terminal' ? new TerminalError('bad input') : new Error('again');
      },
    });
    q.add('terminal');
    q.add('flaky');
    await tick();
    expect(dropped).toEqual(['terminal']);
    clock.advance(1000);
    await tick();
    await q.idle();
    expect(dropped).toEqual(['terminal', 'flaky']);
  });

  it('honours requeueAfterMs without counting a failure, and a direct add pre-empts the delay', async () => {
    const clock = new FakeClock();
    let runs = 0;
    const q = new WorkQueue({
      clock,
      handler: async () => (++runs === 1 ? { requeueAfterMs: 5000 } : undefined),
    });
    q.add('k');
    await tick();
    expect(q.delayed).toBe(1);
    q.add('k');
    expect(q.delayed).toBe(0);
    await q.idle();
    expect(runs).toBe(2);
    expect(q.failures('k')).toBe(0);
  });

  it('shutdown drops waiting work and delayed retries, waits for running handlers, and refuses new keys', async () => {
    const clock = new FakeClock();
    const g = gate();
    const ran: string[] = [];
    const q = new WorkQueue({
      clock,
      handler: async (k) => {
        ran.push(k);
        if (k === 'slow') await g.p;
      },
    });
    q.add('slow');
    q.add('waiting');
    q.addAfter('later', 100);
    await tick();
    const done = q.shutdown();
    q.add('new');
    g.open();
    await done;
    clock.advance(1000);
    await tick();
    expect(ran).toEqual(['slow']);
    expect(clock.pendingTimers).toBe(0);
    await q.idle();
  });

  it('computes capped exponential delays', () => {
    const p = { baseMs: 5, maxMs: 1000 };
    expect([1, 2, 3, 8, 9, 50].map((n) => backoffDelay(p, n))).toEqual([5, 10, 20, 640, 1000, 1000]);
  });
});
