// Builds the runner's NB port from the NB engineer's NbReconciler, either over a reconciler the
// caller already holds or by opening an NB session (a live replica: snapshots cost no round
// trip) on an NB remote ("unix:/path", "tcp:host:port", ...).
import { SessionConfigError, type SessionStatus } from '@ovnkit/ovsdb';
import type { NbSide, NbStatus } from '../api/nb-port.js';
import { openNbConnection } from '../nb/nb-session.js';
import { NB_DATABASE } from '../nb/transactor.js';
import type { Logger } from '../ops/logger.js';
import { NbReconciler } from '../reconcile/reconcile-nb.js';
import { ownersOf } from '../reconcile/row-owners.js';
import { type ClusterNetworkConfig, InvalidClusterConfigError } from '../render/config.js';
import { retryingNbSide } from './retrying-nb-side.js';

/** Wraps an {@link NbReconciler} as the runner's {@link NbSide}. */
export function nbSideFromReconciler(reconciler: NbReconciler, close?: () => Promise<void>): NbSide {
  return {
    ready: async () => {
      await reconciler.schema();
    },
    syncStale: (state) => reconciler.syncStale(state),
    reconcile: (state) => reconciler.reconcile(state),
    reconcileEgressIP: (name, state) => reconciler.reconcile(state, { egressIP: name }),
    ...(close ? { close } : {}),
  };
}

/** Options of {@link connectNbSide}. */
export interface NbConnectOptions {
  /** NB remote(s) in OVS syntax, e.g. "unix:/run/ovn/ovnnb_db.sock" or "tcp:10.0.0.1:6641". */
  readonly remote: string | readonly string[];
  readonly config?: Partial<ClusterNetworkConfig>;
  /** Where the opened session is announced (its state changes are logged by the runner). */
  readonly logger?: Logger;
  /** Deadline for the replica's first sync (default 30 s). */
  readonly readyTimeoutMs?: number;
  /** The interconnect zone this NB serves; undefined: the single zone (every node local). */
  readonly zone?: string;
}

/** Opens the NB session (resolves once its replica holds the initial snapshot). */
export async function connectNbSide(opts: NbConnectOptions): Promise<NbSide> {
  const conn = await openNbConnection({
    remote: opts.remote,
    ...(opts.readyTimeoutMs ? { readyTimeoutMs: opts.readyTimeoutMs } : {}),
  });
  let reconciler: NbReconciler;
  try {
    reconciler = new NbReconciler({
      nb: conn.nb,
      snapshot: () => conn.snapshot(),
      ...(opts.config ? { config: opts.config } : {}),
      ...(opts.zone !== undefined ? { zone: opts.zone } : {}),
      // No logger: the runner logs every reconcile note once (render-notes.ts), skipped features too.
    });
  } catch (err) {
    // A bad setting must not leave the session (and with it the process) open.
    await conn.close();
    throw err;
  }
  opts.logger?.info('NB session open', { remote: conn.session.status.remote, nb: NB_DATABASE });
  const session = conn.session;
  const status = (s: SessionStatus): NbStatus => ({
    state: s.state,
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
    ...(s.remote !== undefined ? { remote: s.remote } : {}),
    ...(s.delayMs !== undefined ? { delayMs: s.delayMs } : {}),
  });
  return {
    ...nbSideFromReconciler(reconciler, () => conn.close()),
    status: () => status(session.status),
    onStatus: (listener) => session.onStatus((s) => listener(status(s))),
    watchRows: (listener) =>
      session.replica.onChange((batch) => {
        const owners = ownersOf(batch.changes);
        if (owners.all || owners.egressIPs.size > 0) listener(owners);
      }),
  };
}

/**
 * Watch mode: an NB side returned at once that keeps opening its session until the NB answers
 * (see retrying-nb-side.ts). Bad settings and a schema that cannot serve us still fail `ready()`.
 */
export function retryingConnectNbSide(opts: NbConnectOptions & { readonly readyWaits?: boolean }): NbSide {
  return retryingNbSide({
    open: () => connectNbSide(opts),
    remote: typeof opts.remote === 'string' ? opts.remote : opts.remote.join(','),
    isFatal: (err) => err instanceof InvalidClusterConfigError || err instanceof SessionConfigError,
    ...(opts.zone !== undefined ? { zone: opts.zone } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.readyWaits !== undefined ? { readyWaits: opts.readyWaits } : {}),
  });
}
