// Builds the runner's NB port from the NB engineer's NbReconciler, either over a client the
// caller already holds or by connecting to an NB remote ("unix:/path", "tcp:host:port", ...).
import { connect, type OvsdbClient } from '@ovnkit/ovsdb';
import type { NbSide } from '../api/nb-port.js';
import { nbTransactorFromClient } from '../nb/ovsdb-transactor.js';
import type { ClusterNetworkConfig } from '../render/config.js';
import { NbReconciler } from '../reconcile/reconcile-nb.js';
import type { Logger } from '../ops/logger.js';

export function nbSideFromReconciler(reconciler: NbReconciler, close?: () => Promise<void>): NbSide {
  return {
    ready: async () => {
      await reconciler.schema();
    },
    syncStale: (state) => reconciler.syncStale(state),
    reconcile: (state) => reconciler.reconcile(state),
    ...(close ? { close } : {}),
  };
}

export interface NbConnectOptions {
  /** NB remote(s) in OVS syntax, e.g. "unix:/run/ovn/ovnnb_db.sock" or "tcp:10.0.0.1:6641". */
  readonly remote: string | readonly string[];
  readonly config?: Partial<ClusterNetworkConfig>;
  readonly logger?: Logger;
}

/** Connects to the NB and returns the port; `close()` disconnects. */
export async function connectNbSide(opts: NbConnectOptions): Promise<NbSide & { readonly client: OvsdbClient }> {
  const client = await connect({ remote: opts.remote });
  const reconciler = new NbReconciler({
    nb: nbTransactorFromClient(client),
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  return { ...nbSideFromReconciler(reconciler, () => client.close()), client };
}
