// The reconciler's notes (rows it did not write, and why) made visible: each distinct note is
// logged once and counted by kind, the latest notes of every reconcile scope are kept for the
// `--once` summary, and notes that mean an assigned egress IP has no rows are singled out.
import type { NbReconcileSummary } from '../api/nb-port.js';
import type { Logger } from '../ops/logger.js';
import type { ControllerMetrics } from '../ops/metrics.js';

export type RunnerNote = NonNullable<NbReconcileSummary['notes']>[number];

/** Kinds meaning an EgressIP's assigned IP is not programmed (no SNAT or no reroute). */
const UNPROGRAMMED = new Set(['missing-router', 'missing-nexthop', 'unknown-node', 'invalid-status-ip']);
/** Kinds that are expected states, not problems (logged at info). */
const BENIGN = new Set(['standby', 'pod-without-ip']);

const keyOf = (n: RunnerNote) => `${n.kind}\u0000${n.egressIP ?? ''}\u0000${n.message}`;

export class RenderNotes {
  readonly #log: Logger;
  readonly #metrics: ControllerMetrics;
  readonly #seen = new Set<string>();
  /** Latest notes per reconcile scope (an EgressIP name, or '' for the whole NB). */
  readonly #byScope = new Map<string, readonly RunnerNote[]>();

  constructor(log: Logger, metrics: ControllerMetrics) {
    this.#log = log;
    this.#metrics = metrics;
  }

  /**
   * Records the notes of one reconcile of `scope`: they replace that scope's previous notes; a
   * whole-NB reconcile ('') replaces every scope's, as it covered them all.
   */
  record(scope: string, notes: NbReconcileSummary['notes']): void {
    const list = notes ?? [];
    if (scope === '') this.#byScope.clear();
    this.#byScope.set(scope, list);
    for (const n of list) {
      const key = keyOf(n);
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      this.#metrics.notes.inc({ kind: n.kind });
      const meta = { kind: n.kind, ...(n.egressIP ? { egressip: n.egressIP } : {}) };
      if (BENIGN.has(n.kind)) this.#log.info(n.message, meta);
      else this.#log.warn(n.message, meta);
    }
  }

  /** Current notes, deduplicated (a whole-NB reconcile repeats the scoped ones). */
  current(): RunnerNote[] {
    const out = new Map<string, RunnerNote>();
    for (const list of this.#byScope.values()) for (const n of list) out.set(keyOf(n), n);
    return [...out.values()];
  }

  /** Current notes saying an assigned egress IP has no rows in the NB. */
  unprogrammed(): RunnerNote[] {
    return this.current().filter((n) => UNPROGRAMMED.has(n.kind));
  }
}
