// Follows the NB session: every state change is logged once, with its reason, and mirrored in
// the ovnkit_egressip_nb_connected gauge. A lost NB is the first thing an operator looks for.
import type { NbSide, NbStatus } from '../api/nb-port.js';
import type { Logger } from '../ops/logger.js';
import type { ControllerMetrics } from '../ops/metrics.js';

/** Subscribes to `nb`'s session; returns the unsubscribe function (a no-op without a session). */
export function followNbStatus(nb: NbSide, logger: Logger, metrics: ControllerMetrics): () => void {
  let last = nb.status?.();
  metrics.nbConnected.set(last === undefined || last.state === 'ready' ? 1 : 0);
  if (!nb.onStatus) return () => {};
  return nb.onStatus((s: NbStatus) => {
    if (s.state === last?.state) return;
    const meta = {
      state: s.state,
      previous: last?.state,
      ...(s.remote !== undefined ? { remote: s.remote } : {}),
      ...(s.reason !== undefined ? { reason: s.reason } : {}),
      ...(s.delayMs !== undefined ? { retryInMs: s.delayMs } : {}),
    };
    const lost = s.state === 'disconnected' || (s.state === 'closed' && last?.state !== 'closed');
    if (lost) logger.warn('NB session state changed', meta);
    else logger.info('NB session state changed', meta);
    last = s;
    metrics.nbConnected.set(s.state === 'ready' ? 1 : 0);
  });
}

/** The /readyz reason for the NB, naming the remote (or zones) and why; undefined when ready. */
export function nbNotReady(nb: NbSide, startedUp: boolean): string | undefined {
  const s = nb.status?.();
  if (startedUp && (s === undefined || s.state === 'ready')) return undefined;
  const detail = s ? `${s.remote ? ` (${s.remote})` : ''}${s.reason ? `: ${s.reason}` : ''}` : '';
  return `${startedUp ? `NB session ${s?.state}` : 'NB not connected yet'}${detail}`;
}
