// Failures of one request that are decided on our side, not by the server.
import { OvsdbError } from './ovsdb-error.js';

/** The per-call `timeoutMs` elapsed before the server answered. */
export class RequestTimeoutError extends OvsdbError {
  override name = 'RequestTimeoutError';
  readonly method: string;
  readonly timeoutMs: number;

  constructor(method: string, timeoutMs: number) {
    super(`${method}: no reply within ${timeoutMs} ms`);
    this.method = method;
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired before the server answered; `cause` is the signal's reason. */
export class RequestAbortedError extends OvsdbError {
  override name = 'RequestAbortedError';
  readonly method: string;

  constructor(method: string, reason: unknown) {
    super(`${method}: aborted by the caller`, { cause: reason });
    this.method = method;
  }
}

/** The server sent something JSON-RPC or OVSDB does not allow (e.g. a reply of the wrong shape). */
export class ProtocolError extends OvsdbError {
  override name = 'ProtocolError';
}

/** A remote string is not valid OVS syntax (`unix:PATH`, `tcp:IP:PORT`, `ssl:IP:PORT`). */
export class InvalidRemoteError extends OvsdbError {
  override name = 'InvalidRemoteError';
  readonly remote: string;

  constructor(remote: string, reason: string) {
    super(`invalid remote ${JSON.stringify(remote)}: ${reason}`);
    this.remote = remote;
  }
}

/** Options passed to a function are wrong (missing TLS files, bad numbers, ...). */
export class InvalidOptionError extends OvsdbError {
  override name = 'InvalidOptionError';
}
