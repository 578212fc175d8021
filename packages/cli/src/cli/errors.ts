// Errors the CLI turns into exit codes and "what to do" hints (see cli/exit-codes.ts).
import {
  AllRemotesFailedError,
  ConnectError,
  ConnectionClosedError,
  InvalidOptionError,
  InvalidRemoteError,
  OvsdbServerError,
  RequestTimeoutError,
} from '@ovnkit/ovsdb';
import { EXIT, type ExitCode } from './exit-codes.js';

/** Bad command line; the message names the argument. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A command that exists but cannot run here (e.g. its backing package is missing). */
export class NotAvailableError extends Error {
  override name = 'NotAvailableError';
}

/** Input data (a manifest, a status file) is unreadable or malformed. */
export class InputDataError extends Error {
  override name = 'InputDataError';
}

export interface Classified {
  code: ExitCode;
  message: string;
  hint?: string;
}

export function classifyError(err: unknown, db: string): Classified {
  const e = err instanceof Error ? err : new Error(String(err));
  if (e instanceof UsageError)
    return {
      code: EXIT.USAGE,
      message: e.message,
      hint: `run 'ovnkit ${e.command ? `${e.command} ` : ''}--help' for usage`,
    };
  if (e instanceof InvalidRemoteError || e instanceof InvalidOptionError) {
    return {
      code: EXIT.USAGE,
      message: e.message,
      hint: 'check --db (e.g. unix:/var/run/ovn/ovnnb_db.sock, tcp:IP:PORT, ssl:IP:PORT with -p/-c/-C)',
    };
  }
  if (
    e instanceof ConnectError ||
    e instanceof AllRemotesFailedError ||
    e instanceof ConnectionClosedError ||
    e instanceof RequestTimeoutError
  ) {
    return {
      code: EXIT.CANNOT_CONNECT,
      message: `${db}: ${e.message}`,
      hint: 'is ovsdb-server running there? set --db or OVN_NB_DB to the Northbound database, or raise --timeout',
    };
  }
  if (e.name === 'ControllerStartError') {
    const kube = (e as { waitingFor?: string }).waitingFor === 'kubernetes';
    return {
      code: EXIT.CANNOT_CONNECT,
      message: e.message,
      hint: kube
        ? 'the Kubernetes API did not answer: check KUBECONFIG / --kubeconfig, or raise --timeout'
        : 'is ovsdb-server running there? set --db or OVN_NB_DB, or raise --timeout',
    };
  }
  if (e.name === 'KubeConnectError')
    return {
      code: EXIT.CANNOT_CONNECT,
      message: e.message,
      hint: 'check KUBECONFIG / --kubeconfig, or use --manifests DIR',
    };
  if (e instanceof OvsdbServerError)
    return {
      code: EXIT.TRANSACTION_REJECTED,
      message: e.message,
      hint: 'the server refused the request; check the database name and schema version',
    };
  if (e instanceof NotAvailableError) return { code: EXIT.FAILED, message: e.message };
  return { code: EXIT.FAILED, message: e.message };
}
