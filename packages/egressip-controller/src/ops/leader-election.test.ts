import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FakeClock } from '../queue/clock.js';
import { LeaderElector, LeaseConflictError, type LeaseLock, type LeaseRecord } from './leader-election.js';

/** An in-memory lease with optimistic concurrency, and a switch to cut one replica off. */
function memoryLease() {
  let stored: LeaseRecord | undefined;
  let version = 0;
  const lockFor = (cut: () => boolean): LeaseLock => ({
    description: 'mem/lease',
    async get() {
      if (cut()) throw new Error('partitioned');
      return stored;
    },
    async create(r) {
      if (cut()) throw new Error('partitioned');
      if (stored) throw new LeaseConflictError('exists');
      stored = { ...r, version: String(++version) };
      return stored;
    },
    async update(r) {
      if (cut()) throw new Error('partitioned');
      if (r.version !== stored?.version) throw new LeaseConflictError('stale');
      stored = { ...r, version: String(++version) };
      return stored;
    },
  });
  return { lockFor, get: () => stored };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('LeaderElector', () => {
  it('never lets two replicas lead at once, whatever the partitions (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ step: fc.integer({ min: 50, max: 3000 }), cutA: fc.boolean(), cutB: fc.boolean() }),
          { minLength: 1, maxLength: 25 },
        ),
        async (plan) => {
          const clock = new FakeClock();
          const lease = memoryLease();
          const cut = { a: false, b: false };
          const leading = new Set<string>();
          let overlap = false;
          const mk = (id: 'a' | 'b') =>
            new LeaderElector({
              lock: lease.lockFor(() => cut[id]),
              identity: id,
              clock,
              leaseDurationMs: 1500,
              renewDeadlineMs: 1000,
              retryPeriodMs: 200,
              onStartedLeading: () => {
                leading.add(id);
                if (leading.size > 1) overlap = true;
              },
              onStoppedLeading: () => leading.delete(id),
            });
          const a = mk('a');
          const b = mk('b');
          a.start();
          b.start();
          await flush();
          for (const s of plan) {
            cut.a = s.cutA;
            cut.b = s.cutB;
            // Advance in retry-period steps so every tick's promise chain settles.
            for (let t = 0; t < s.step; t += 100) {
              clock.advance(100);
              await flush();
            }
          }
          expect(overlap).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes over a lapsed lease only after leaseDuration of silence, counting transitions', async () => {
    const clock = new FakeClock();
    const lease = memoryLease();
    let cutA = false;
    const events: string[] = [];
    const mk = (id: string, cut: () => boolean) =>
      new LeaderElector({
        lock: lease.lockFor(cut),
        identity: id,
        clock,
        leaseDurationMs: 1500,
        renewDeadlineMs: 1000,
        retryPeriodMs: 200,
        onStartedLeading: () => events.push(`${id}+@${clock.now()}`),
        onStoppedLeading: () => events.push(`${id}-@${clock.now()}`),
      });
    const a = mk('a', () => cutA);
    a.start();
    await flush();
    const b = mk('b', () => false);
    b.start();
    await flush();
    clock.advance(1000);
    await flush();
    expect(events).toEqual(['a+@0']);
    cutA = true;
    for (let i = 0; i < 30; i++) {
      clock.advance(100);
      await flush();
    }
    // a last renewed at t=1000; it gives up at its renew deadline; b waits for the lease to lapse.
    expect(events[1]).toBe('a-@2000');
    const bStart = Number(events[2]?.split('@')[1]);
    expect(events[2]?.startsWith('b+')).toBe(true);
    expect(bStart).toBeGreaterThanOrEqual(2400);
    expect(lease.get()?.holderIdentity).toBe('b');
    expect(lease.get()?.leaseTransitions).toBe(1);
    await b.stop();
    expect(lease.get()?.holderIdentity).toBeUndefined();
  });

  it('rejects a renew deadline that is not shorter than the lease', () => {
    const lease = memoryLease();
    expect(
      () =>
        new LeaderElector({
          lock: lease.lockFor(() => false),
          identity: 'x',
          leaseDurationMs: 1000,
          renewDeadlineMs: 1000,
          onStartedLeading: () => {},
          onStoppedLeading: () => {},
        }),
    ).toThrow(RangeError);
  });
});
