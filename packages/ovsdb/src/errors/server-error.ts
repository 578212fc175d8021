// Base of the errors the server reports, either as a JSON-RPC error or inside a transact result.
import { OvsdbError } from './ovsdb-error.js';

/** Where a server error came from. */
export interface ServerErrorContext {
  /** The JSON-RPC method of the request (`transact`, `monitor_cond`, ...). */
  method: string;
  /** The database named by the request, when it names one. */
  database?: string;
  /** transact only: index of the failing operation; equals the number of operations when the commit failed. */
  operationIndex?: number;
  /** transact only: the failing operation as sent (undefined for a commit failure). */
  operation?: unknown;
  /** transact only: the number of operations sent. */
  operationCount?: number;
  /** transact only: the whole result array. */
  results?: readonly unknown[];
  /** What led to the error on our side (e.g. the abort reason of a cancelled request). */
  cause?: unknown;
}

/** The fields of an OVSDB error object (RFC 7047 section 3.1: error, details, syntax). */
export interface ServerErrorBody {
  error: string;
  details?: string;
  syntax?: string;
}

/**
 * An error the server reported. Subclasses exist for each error string OVSDB defines (see
 * SERVER_ERROR_CLASSES); an unknown string yields this base class, with `error` set.
 */
export class OvsdbServerError extends OvsdbError {
  override name = 'OvsdbServerError';
  /** The server's error string, verbatim (`constraint violation`). */
  readonly error: string;
  readonly details: string | undefined;
  readonly syntax: string | undefined;
  readonly method: string;
  readonly database: string | undefined;
  readonly operationIndex: number | undefined;
  readonly operation: unknown;
  /** transact only: every operation succeeded and the commit itself failed (the extra result). */
  readonly isCommitError: boolean;
  readonly results: readonly unknown[] | undefined;

  constructor(body: ServerErrorBody, ctx: ServerErrorContext) {
    super(describe(body, ctx), ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.error = body.error;
    this.details = body.details;
    this.syntax = body.syntax;
    this.method = ctx.method;
    this.database = ctx.database;
    this.operationIndex = ctx.operationIndex;
    this.operation = ctx.operation;
    this.isCommitError = ctx.operationIndex !== undefined && ctx.operationIndex === ctx.operationCount;
    this.results = ctx.results;
  }
}

function describe(body: ServerErrorBody, ctx: ServerErrorContext): string {
  const on = ctx.database ? `${ctx.method} on ${ctx.database}` : ctx.method;
  const what = `"${body.error}"${body.details ? `: ${body.details}` : ''}${body.syntax ? ` (in ${body.syntax})` : ''}`;
  if (ctx.operationIndex === undefined) return `${on} failed with ${what}`;
  if (ctx.operationIndex === ctx.operationCount) {
    return `${on}: all ${ctx.operationCount} operations succeeded but the commit failed with ${what}`;
  }
  return `${on}: operation ${ctx.operationIndex} (${summarize(ctx.operation)}) failed with ${what}`;
}

function summarize(op: unknown): string {
  if (typeof op !== 'object' || op === null) return 'unknown';
  const o = op as { op?: unknown; table?: unknown };
  return typeof o.table === 'string' ? `${String(o.op)} on ${o.table}` : String(o.op);
}
