// One process driving several interconnect zones (labs, CI, small clusters): one NB side per
// zone behind a single NbSide, so the runner assigns once and every zone's NB follows the same
// status. Zones are written in parallel; one unreachable zone does not hold the others back.
import type { NbClusterState, NbReconcileSummary, NbSide, NbStatus } from '../api/nb-port.js';
import type { Logger } from '../ops/logger.js';
import type { ClusterNetworkConfig } from '../render/config.js';
import { connectNbSide, retryingConnectNbSide } from './nb-side.js';
import { NbNotConnectedError } from './retrying-nb-side.js';

/** One interconnect zone's NB side. */
export interface ZoneNbSide {
  /** The zone's name (the node name in OpenShift's one-node zones). */
  readonly zone: string;
  readonly side: NbSide;
}

/** Some zones failed; the others were reconciled. `failures` names each failed zone. */
export class ZoneReconcileError extends Error {
  override readonly name = 'ZoneReconcileError';
  constructor(
    readonly operation: string,
    readonly failures: ReadonlyArray<{ readonly zone: string; readonly error: unknown }>,
  ) {
    super(
      `${operation} failed in ${failures.length} zone(s): ${failures
        .map((f) => `${f.zone}: ${f.error instanceof Error ? f.error.message : String(f.error)}`)
        .join('; ')}`,
    );
  }
}

async function each<T>(
  zones: readonly ZoneNbSide[],
  operation: string,
  fn: (z: ZoneNbSide) => Promise<T>,
): Promise<T[]> {
  const settled = await Promise.allSettled(zones.map(fn));
  // A zone still making its first connection is skipped, not failed: /readyz names it, and it
  // gets a full reconcile when it connects (its watchRows asks for everything).
  const failures = settled.flatMap((s, i) =>
    s.status === 'rejected' && !(s.reason instanceof NbNotConnectedError)
      ? [{ zone: zones[i]!.zone, error: s.reason as unknown }]
      : [],
  );
  if (failures.length > 0) throw new ZoneReconcileError(operation, failures);
  return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
}

function merge(results: readonly NbReconcileSummary[]): NbReconcileSummary {
  const seen = new Set<string>();
  const notes = results
    .flatMap((r) => r.notes ?? [])
    .filter((n) => {
      const k = `${n.kind}\u0000${n.egressIP ?? ''}\u0000${n.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return {
    transactions: results.reduce((a, r) => a + r.transactions, 0),
    operations: results.reduce((a, r) => a + r.operations, 0),
    notes,
  };
}

/** Several zones' NB sides as one: every call goes to every zone at once. */
export function multiZoneNbSide(zones: readonly ZoneNbSide[]): NbSide {
  if (zones.length === 0) throw new RangeError('multiZoneNbSide: no zones');
  const names = new Set<string>();
  for (const z of zones) {
    if (names.has(z.zone)) throw new RangeError(`multiZoneNbSide: zone ${z.zone} given twice`);
    names.add(z.zone);
  }
  const scoped = zones.every((z) => z.side.reconcileEgressIP);
  const withStatus = zones.filter((z) => z.side.status);
  return {
    ...(withStatus.length > 0
      ? {
          status: () => zonesStatus(withStatus),
          onStatus: (listener: (s: NbStatus) => void) => {
            const offs = withStatus.map((z) => z.side.onStatus?.(() => listener(zonesStatus(withStatus))));
            return () => {
              for (const off of offs) off?.();
            };
          },
        }
      : {}),
    ready: async () => {
      await each(zones, 'ready', (z) => z.side.ready());
    },
    syncStale: async (s: NbClusterState) =>
      merge(await each(zones, 'startup sync', (z) => z.side.syncStale(s))),
    reconcile: async (s: NbClusterState) => merge(await each(zones, 'reconcile', (z) => z.side.reconcile(s))),
    ...(scoped
      ? {
          reconcileEgressIP: async (name: string, s: NbClusterState) =>
            merge(
              await each(zones, `reconcile of EgressIP ${name}`, (z) => z.side.reconcileEgressIP!(name, s)),
            ),
        }
      : {}),
    close: async () => {
      await Promise.allSettled(zones.map((z) => z.side.close?.()));
    },
    // Rows changed behind our back in any zone bring their owner back (level-triggered).
    watchRows: (listener) => {
      const offs = zones.flatMap((z) => (z.side.watchRows ? [z.side.watchRows(listener)] : []));
      return () => {
        for (const off of offs) off();
      };
    },
  };
}

/** `ready` when every zone is; otherwise the first unready zone's state and every unready zone named. */
function zonesStatus(zones: readonly ZoneNbSide[]): NbStatus {
  const unready = zones.flatMap((z) => {
    const s = z.side.status?.();
    return s && s.state !== 'ready' ? [{ zone: z.zone, s }] : [];
  });
  const first = unready[0];
  if (!first) return { state: 'ready' };
  const reason = unready
    .map(
      ({ zone, s }) =>
        `zone ${zone} ${s.state}${s.remote ? ` (${s.remote})` : ''}${s.reason ? `: ${s.reason}` : ''}`,
    )
    .join('; ');
  return { state: first.s.state, reason };
}

/** One zone's NB remote. */
export interface ZoneDb {
  readonly zone: string;
  /** NB remote(s) of that zone. */
  readonly remote: string | readonly string[];
}

/**
 * Watch mode: every zone's NB side at once, each retrying its first connection in the background
 * (retrying-nb-side.ts); a zone not connected yet is skipped and named by `status()`, the others
 * are written as usual.
 */
export function retryingZoneNbSides(opts: {
  readonly zones: readonly ZoneDb[];
  readonly config?: Partial<ClusterNetworkConfig>;
  readonly logger?: Logger;
}): NbSide {
  return multiZoneNbSide(
    opts.zones.map((z) => ({
      zone: z.zone,
      side: retryingConnectNbSide({
        remote: z.remote,
        zone: z.zone,
        readyWaits: false,
        ...(opts.config ? { config: opts.config } : {}),
        ...(opts.logger ? { logger: opts.logger } : {}),
      }),
    })),
  );
}

/** Opens every zone's NB session (in parallel) and joins them into one NbSide. */
export async function connectZoneNbSides(opts: {
  readonly zones: readonly ZoneDb[];
  readonly config?: Partial<ClusterNetworkConfig>;
  readonly logger?: Logger;
  readonly readyTimeoutMs?: number;
}): Promise<NbSide> {
  const sides = await Promise.allSettled(
    opts.zones.map((z) =>
      connectNbSide({
        remote: z.remote,
        zone: z.zone,
        ...(opts.config ? { config: opts.config } : {}),
        ...(opts.logger ? { logger: opts.logger } : {}),
        ...(opts.readyTimeoutMs ? { readyTimeoutMs: opts.readyTimeoutMs } : {}),
      }),
    ),
  );
  const failures = sides.flatMap((s, i) =>
    s.status === 'rejected' ? [{ zone: opts.zones[i]!.zone, error: s.reason as unknown }] : [],
  );
  if (failures.length > 0) {
    await Promise.allSettled(sides.map((s) => (s.status === 'fulfilled' ? s.value.close?.() : undefined)));
    throw new ZoneReconcileError('connect', failures);
  }
  return multiZoneNbSide(
    sides.map((s, i) => ({ zone: opts.zones[i]!.zone, side: (s as PromiseFulfilledResult<NbSide>).value })),
  );
}
