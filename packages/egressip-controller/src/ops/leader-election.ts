// Leader election on a lease, with client-go's semantics: acquire when the lease is free or
// expired (judged by when WE last saw it change, so clocks need not agree), renew every retry
// period, give leadership up when renewals keep failing for the renew deadline, release on
// stop so a standby takes over at once. Two replicas never both act as leader as long as
// renewDeadline < leaseDuration.
import { type Clock, systemClock, type TimerHandle } from '../queue/clock.js';
import type { Logger } from './logger.js';

/** The content of a Lease as leader election reads and writes it. */
export interface LeaseRecord {
  readonly holderIdentity: string | undefined;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: Date | undefined;
  readonly renewTime: Date | undefined;
  readonly leaseTransitions: number;
  /** Opaque version for optimistic concurrency (resourceVersion). */
  readonly version?: string;
}

/** Someone else changed the lease between our read and our write. */
export class LeaseConflictError extends Error {
  override readonly name = 'LeaseConflictError';
}

/** Storage of one lease (a coordination.k8s.io/v1 Lease in Kubernetes). */
export interface LeaseLock {
  readonly description: string;
  get(): Promise<LeaseRecord | undefined>;
  /** Throws LeaseConflictError if it already exists. */
  create(record: LeaseRecord): Promise<LeaseRecord>;
  /** Throws LeaseConflictError if `record.version` is stale. */
  update(record: LeaseRecord): Promise<LeaseRecord>;
}

/** Options of {@link LeaderElector}: the lock, who we are, and client-go's timings. */
export interface LeaderElectionOptions {
  readonly lock: LeaseLock;
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly onStartedLeading: () => void;
  readonly onStoppedLeading: () => void;
  /** A read or write of the lease failed (counted by the runner). */
  readonly onAttemptFailed?: (error: unknown) => void;
}

/** Leader election with client-go's semantics on a {@link LeaseLock}: acquire, renew, release on stop. */
export class LeaderElector {
  readonly #o: Required<Omit<LeaderElectionOptions, 'logger' | 'onAttemptFailed'>> &
    Pick<LeaderElectionOptions, 'logger' | 'onAttemptFailed'>;
  #leader = false;
  #running = false;
  #timer: TimerHandle | undefined;
  #observed: { key: string; at: number } | undefined;
  #lastRenew = 0;
  #loop: Promise<void> = Promise.resolve();

  constructor(opts: LeaderElectionOptions) {
    this.#o = {
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      clock: systemClock,
      ...opts,
    };
    if (this.#o.renewDeadlineMs >= this.#o.leaseDurationMs)
      throw new RangeError('renewDeadlineMs must be shorter than leaseDurationMs');
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#tick();
  }

  /** Stop campaigning; a leader releases the lease so another replica can take over at once. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    await this.#loop;
    if (this.#leader) {
      this.#setLeader(false);
      try {
        const cur = await this.#o.lock.get();
        if (cur?.holderIdentity === this.#o.identity) {
          await this.#o.lock.update({
            ...cur,
            holderIdentity: undefined,
            leaseDurationSeconds: 1,
            renewTime: new Date(this.#o.clock.now()),
          });
        }
      } catch (err) {
        this.#o.logger?.warn('lease release failed', { lease: this.#o.lock.description, error: String(err) });
      }
    }
  }

  #tick(): void {
    this.#loop = this.#loop.then(async () => {
      if (!this.#running) return;
      const ok = await this.#tryAcquireOrRenew().catch((err: unknown) => {
        this.#o.onAttemptFailed?.(err);
        this.#o.logger?.debug('lease attempt failed', {
          lease: this.#o.lock.description,
          error: String(err),
        });
        return false;
      });
      const now = this.#o.clock.now();
      if (ok) {
        this.#lastRenew = now;
        if (!this.#leader) this.#setLeader(true);
      } else if (this.#leader && now - this.#lastRenew >= this.#o.renewDeadlineMs) {
        this.#setLeader(false);
      }
      if (this.#running) this.#timer = this.#o.clock.setTimeout(() => this.#tick(), this.#o.retryPeriodMs);
    });
  }

  #setLeader(leader: boolean): void {
    this.#leader = leader;
    this.#o.logger?.info(leader ? 'became leader' : 'lost leadership', {
      lease: this.#o.lock.description,
      identity: this.#o.identity,
    });
    if (leader) this.#o.onStartedLeading();
    else this.#o.onStoppedLeading();
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const now = this.#o.clock.now();
    const me = this.#o.identity;
    const fresh: LeaseRecord = {
      holderIdentity: me,
      leaseDurationSeconds: Math.ceil(this.#o.leaseDurationMs / 1000),
      acquireTime: new Date(now),
      renewTime: new Date(now),
      leaseTransitions: 0,
    };
    const cur = await this.#o.lock.get();
    if (!cur) {
      await this.#o.lock.create(fresh);
      return true;
    }
    const key = `${cur.holderIdentity ?? ''}|${cur.renewTime?.getTime() ?? ''}|${cur.version ?? ''}`;
    if (this.#observed?.key !== key) this.#observed = { key, at: now };
    const held = cur.holderIdentity !== undefined && cur.holderIdentity !== '';
    const expired = this.#observed.at + cur.leaseDurationSeconds * 1000 <= now;
    if (held && cur.holderIdentity !== me && !expired) return false;
    const mine = cur.holderIdentity === me;
    await this.#o.lock.update({
      ...fresh,
      acquireTime: mine ? cur.acquireTime : new Date(now),
      leaseTransitions: mine ? cur.leaseTransitions : cur.leaseTransitions + 1,
      ...(cur.version !== undefined ? { version: cur.version } : {}),
    });
    return true;
  }
}
