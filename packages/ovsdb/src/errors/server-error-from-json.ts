// Turns the server's error JSON (a bare string, or an {error, details, syntax} object) into a typed error.
import { OvsdbServerError, type ServerErrorBody, type ServerErrorContext } from './server-error.js';
import { SERVER_ERROR_CLASSES } from './server-errors.js';

/** Reads an RFC 7047 error value; returns undefined when `json` is not one. */
export function toServerErrorBody(json: unknown): ServerErrorBody | undefined {
  if (typeof json === 'string') return { error: json };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o.error !== 'string') return undefined;
  return {
    error: o.error,
    details: typeof o.details === 'string' ? o.details : undefined,
    syntax: typeof o.syntax === 'string' ? o.syntax : undefined,
  };
}

/** The typed error for a server error value; malformed values become a generic OvsdbServerError. */
export function serverErrorFromJson(json: unknown, ctx: ServerErrorContext): OvsdbServerError {
  const body = toServerErrorBody(json) ?? { error: 'malformed error', details: JSON.stringify(json) };
  const Class = SERVER_ERROR_CLASSES.get(body.error) ?? OvsdbServerError;
  return new Class(body, ctx);
}
