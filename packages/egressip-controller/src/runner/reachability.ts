// Egress node reachability (spec 3.5), the "legacy dial" method: every 5 s, for each labelled
// and ready node, a TCP connect to <management IP>:9. Connected or refused = reachable; a
// timeout or EHOSTUNREACH = unreachable. Total budget T seconds (default 1, 0 = no probing):
// with T=1 the first attempt gets 700/#IPs ms and later ones 100/#IPs ms, 100 ms apart; with
// another T every attempt gets 900/#IPs ms. (The gRPC health-check method is not implemented.)
import { Socket } from 'node:net';
import { EGRESS_ASSIGNABLE_LABEL, isNodeReady, parseNodeEgressInfo } from '../allocation/node-egress-info.js';
import type { ClusterView } from '../api/types.js';
import type { Logger } from '../ops/logger.js';
import { type Clock, systemClock, type TimerHandle } from '../queue/clock.js';

/** One probe: resolves true when the node should count as reachable. */
export type DialFn = (ip: string, port: number, timeoutMs: number) => Promise<boolean>;

export const DISCARD_PORT = 9;

/**
 * The upstream "legacy dial": a TCP connect; refused counts as reachable, a timeout or EHOSTUNREACH does not.
 */
export const tcpDial: DialFn = (ip, port, timeoutMs) =>
  new Promise((resolve) => {
    const socket = new Socket();
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(Math.max(1, timeoutMs), () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(err.code !== 'EHOSTUNREACH' && err.code !== 'ETIMEDOUT'),
    );
    socket.connect({ host: ip, port });
  });

/** Node reachability probing, as ovn-kubernetes does it. */
export interface ReachabilityOptions {
  /** `egressip-reachability-total-timeout` in seconds (default 1; 0 disables probing). */
  readonly totalTimeoutSeconds?: number;
  /** Probe period (default 5000 ms, as upstream). */
  readonly intervalMs?: number;
  /** Probe port (default 9, the discard service). */
  readonly port?: number;
  readonly dial?: DialFn;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Told about every transition; the runner re-assigns the node's IPs. */
  readonly onTransition?: (node: string, reachable: boolean) => void;
}

const sleep = (clock: Clock, ms: number) => new Promise<void>((r) => clock.setTimeout(r, ms));

/** Upstream's isReachableLegacy: attempts until one succeeds or the budget is spent. */
export async function probeNode(
  mgmtIPs: readonly string[],
  totalTimeoutSeconds: number,
  dial: DialFn,
  port: number,
  clock: Clock = systemClock,
): Promise<boolean> {
  if (totalTimeoutSeconds === 0) return true;
  const n = mgmtIPs.length;
  if (n === 0) return false;
  const first = Math.floor((totalTimeoutSeconds === 1 ? 700 : 900) / n);
  const retry = totalTimeoutSeconds === 1 ? Math.floor(100 / n) : first;
  const end = clock.now() + totalTimeoutSeconds * 1000;
  let timeout = first;
  while (clock.now() < end) {
    for (const ip of mgmtIPs) if (await dial(ip, port, timeout)) return true;
    await sleep(clock, 100);
    timeout = retry;
  }
  return false;
}

export class ReachabilityMonitor {
  readonly #view: ClusterView;
  readonly #opts: ReachabilityOptions;
  readonly #clock: Clock;
  readonly #state = new Map<string, boolean>();
  #timer: TimerHandle | undefined;
  #running = false;
  #round: Promise<void> = Promise.resolve();

  constructor(view: ClusterView, opts: ReachabilityOptions = {}) {
    this.#view = view;
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
  }

  get enabled(): boolean {
    return (this.#opts.totalTimeoutSeconds ?? 1) !== 0;
  }

  /** Verdicts so far; nodes never probed are absent (treated as reachable). */
  get verdicts(): ReadonlyMap<string, boolean> {
    return this.#state;
  }

  /** Runs one round now, then one every interval. */
  async start(): Promise<void> {
    if (!this.enabled || this.#running) return;
    this.#running = true;
    await this.probeAll();
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    await this.#round;
  }

  /** One round over every labelled, ready node; transitions are reported. */
  probeAll(): Promise<void> {
    this.#round = this.#round.then(() => this.#probeRound());
    return this.#round;
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = this.#clock.setTimeout(() => {
      void this.probeAll().then(() => this.#schedule());
    }, this.#opts.intervalMs ?? 5000);
  }

  async #probeRound(): Promise<void> {
    const t = this.#opts.totalTimeoutSeconds ?? 1;
    const seen = new Set<string>();
    await Promise.all(
      this.#view.nodes().map(async (node) => {
        const name = node.metadata?.name ?? '';
        seen.add(name);
        if (!(EGRESS_ASSIGNABLE_LABEL in (node.metadata?.labels ?? {})) || !isNodeReady(node)) return;
        let mgmtIPs: readonly string[] = [];
        try {
          mgmtIPs = parseNodeEgressInfo(node)?.mgmtIPs ?? [];
        } catch {
          return;
        }
        const reachable = await probeNode(
          mgmtIPs,
          t,
          this.#opts.dial ?? tcpDial,
          this.#opts.port ?? DISCARD_PORT,
          this.#clock,
        );
        const was = this.#state.get(name);
        this.#state.set(name, reachable);
        if (was !== undefined && was !== reachable) {
          this.#opts.logger?.warn(reachable ? 'egress node reachable again' : 'egress node unreachable', {
            node: name,
            mgmtIPs,
          });
          this.#opts.onTransition?.(name, reachable);
        } else if (was === undefined && !reachable) {
          this.#opts.logger?.warn('egress node unreachable', { node: name, mgmtIPs });
          this.#opts.onTransition?.(name, reachable);
        }
      }),
    );
    for (const name of this.#state.keys()) if (!seen.has(name)) this.#state.delete(name);
  }
}
