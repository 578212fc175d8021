// Recognising the client's errors by shape, so the session does not depend on class identity
// across the connection port.

/** The server does not know the method (older ovsdb-server): fall back to an older monitor. */
export function isUnknownMethod(err: unknown): boolean {
  const e = err as { error?: unknown; message?: unknown } | undefined;
  if (e?.error === 'unknown method') return true;
  return typeof e?.message === 'string' && /unknown method/.test(e.message);
}

/** The connection closed while the request was pending; `sent` says whether it reached the socket. */
export function connectionClosedInfo(err: unknown): { sent: boolean } | undefined {
  const e = err as { name?: unknown; mayHaveBeenExecuted?: unknown } | undefined;
  if (e?.name !== 'ConnectionClosedError') return undefined;
  return { sent: e.mayHaveBeenExecuted === true };
}

/** The per-request timeout elapsed (the request was sent). */
export function isRequestTimeout(err: unknown): boolean {
  return (err as { name?: unknown } | undefined)?.name === 'RequestTimeoutError';
}

/** The caller's signal aborted the request before it was written (so it was never sent). */
export function isRequestAborted(err: unknown): boolean {
  return (err as { name?: unknown } | undefined)?.name === 'RequestAbortedError';
}
