// Failures to reach a server or to keep talking to it.
import { OvsdbError } from './ovsdb-error.js';

/** Connecting to a remote failed (refused, unreachable, timed out, bad TLS files, ...). */
export class ConnectError extends OvsdbError {
  override name = 'ConnectError';
  /** The remote that was tried, in OVS syntax (`tcp:127.0.0.1:6641`). */
  readonly remote: string;

  constructor(remote: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot connect to ${remote}: ${reason}`, options);
    this.remote = remote;
  }
}

/**
 * The TLS handshake failed: the server's certificate does not chain to the configured CA, or the
 * server rejected our certificate. Like OVS, host names are not checked, only the chain.
 */
export class TlsError extends ConnectError {
  override name = 'TlsError';
  /** OpenSSL/Node code such as `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, when known. */
  readonly code: string | undefined;

  constructor(remote: string, reason: string, code: string | undefined, options?: { cause?: unknown }) {
    super(remote, `TLS handshake failed: ${reason}${code ? ` (${code})` : ''}`, options);
    this.code = code;
  }
}

/** Every remote of a list failed; `attempts` holds each remote's own error in the order tried. */
export class AllRemotesFailedError extends OvsdbError {
  override name = 'AllRemotesFailedError';
  readonly attempts: ReadonlyArray<{ remote: string; error: Error }>;

  constructor(attempts: ReadonlyArray<{ remote: string; error: Error }>) {
    super(
      `cannot connect to any of ${attempts.length} remotes: ${attempts.map((a) => `${a.remote} (${a.error.message})`).join('; ')}`,
      { cause: attempts[attempts.length - 1]?.error },
    );
    this.attempts = attempts;
  }
}

/**
 * The connection closed while a request was pending. When `mayHaveBeenExecuted` is true the
 * request had been handed to the socket, so the server may have executed it (a transact's
 * outcome is then unknown); when false it was never sent.
 */
export class ConnectionClosedError extends OvsdbError {
  override name = 'ConnectionClosedError';
  readonly method: string | undefined;
  readonly mayHaveBeenExecuted: boolean;

  constructor(what: string, opts: { method?: string; mayHaveBeenExecuted?: boolean; cause?: unknown } = {}) {
    const suffix =
      opts.method === undefined
        ? ''
        : opts.mayHaveBeenExecuted
          ? `; the ${opts.method} request was sent and may have been executed`
          : `; the ${opts.method} request was not sent`;
    super(`${what}${suffix}`, { cause: opts.cause });
    this.method = opts.method;
    this.mayHaveBeenExecuted = opts.mayHaveBeenExecuted ?? false;
  }
}
