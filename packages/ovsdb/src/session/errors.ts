// Errors a session raises. A transaction whose outcome is unknown has its own class, because the
// caller must decide (or use `transactSafely`): resending blindly could apply it twice.
import { OvsdbError } from '../errors/ovsdb-error.js';

/**
 * The connection dropped after the transaction was sent and before its reply arrived: it may or
 * may not have been committed. It is never resent automatically.
 */
export class TransactionOutcomeUnknownError extends OvsdbError {
  override name = 'TransactionOutcomeUnknownError';
  constructor(
    readonly remote: string,
    readonly operations: readonly unknown[],
    options?: { cause?: unknown },
  ) {
    super(
      `the connection to ${remote} dropped before the reply to a transaction of ${operations.length} operation(s): it may or may not have been committed`,
      options,
    );
  }
}

/** A deadline passed: connecting, the initial sync, or a transaction waiting for the connection. */
export class SessionTimeoutError extends OvsdbError {
  override name = 'SessionTimeoutError';
  constructor(
    readonly phase: 'connect' | 'sync' | 'transact' | 'ready' | 'propagation',
    readonly timeoutMs: number,
    detail: string,
  ) {
    super(`${phase} deadline of ${timeoutMs} ms passed: ${detail}`);
  }
}

/** The session was closed (by `close()`), so nothing more will happen on it. */
export class SessionClosedError extends OvsdbError {
  override name = 'SessionClosedError';
  constructor(what: string) {
    super(`session closed: ${what}`);
  }
}

/** Options that cannot work together or refer to tables/columns the server does not have. */
export class SessionConfigError extends OvsdbError {
  override name = 'SessionConfigError';
}

/** A safe transaction was asked for operations it cannot make safe (no insert to verify by). */
export class UnsafeTransactionError extends OvsdbError {
  override name = 'UnsafeTransactionError';
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. Nothing was sent after it. */
export class SessionAbortedError extends OvsdbError {
  override name = 'SessionAbortedError';
  constructor(
    readonly phase: 'ready' | 'transact' | 'propagation' | 'condition',
    reason: unknown,
  ) {
    super(`${phase} aborted by the caller`, { cause: reason });
  }
}

/**
 * Every remote was tried once before the session was ever ready, and none could serve it (refused,
 * timed out after connectTimeoutMs, dropped). `session.ready` rejects with it; the session keeps
 * retrying with backoff until closed, so `whenReady()` may still succeed later.
 */
export class SessionUnreachableError extends OvsdbError {
  override name = 'SessionUnreachableError';
  constructor(
    readonly attempts: ReadonlyArray<{ readonly remote: string; readonly error: Error | undefined }>,
  ) {
    super(
      `no remote could serve the session: ${attempts.map((a) => `${a.remote} (${a.error?.message ?? 'closed'})`).join('; ')}`,
      { cause: attempts[attempts.length - 1]?.error },
    );
  }
}
