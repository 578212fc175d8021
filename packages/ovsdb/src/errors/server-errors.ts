// One class per error string ovsdb-server sends (RFC 7047 section 4.1.3 plus Open vSwitch's own),
// and the table mapping each string to its class. Names that would shadow JS globals (or the
// replica's own UnknownTableError) get an Ovsdb prefix.
import { OvsdbServerError, type ServerErrorBody, type ServerErrorContext } from './server-error.js';

/** `constraint violation`: A value breaks a schema constraint: enum, min/max, immutable column, maxRows, or a duplicate value of an index. */
export class ConstraintViolationError extends OvsdbServerError {
  override name = 'ConstraintViolationError';
  static readonly errorString = 'constraint violation';
}

/** `referential integrity violation`: The commit would leave a strong reference pointing at a deleted row. */
export class ReferentialIntegrityViolationError extends OvsdbServerError {
  override name = 'ReferentialIntegrityViolationError';
  static readonly errorString = 'referential integrity violation';
}

/** `resources exhausted`: The server ran out of a resource (RFC 7047; not emitted by ovsdb-server 3.1). */
export class ResourcesExhaustedError extends OvsdbServerError {
  override name = 'ResourcesExhaustedError';
  static readonly errorString = 'resources exhausted';
}

/** `I/O error`: The server failed to write the transaction to disk. */
export class IoError extends OvsdbServerError {
  override name = 'IoError';
  static readonly errorString = 'I/O error';
}

/** `duplicate uuid-name`: Two insert operations of one transaction use the same uuid-name. */
export class DuplicateUuidNameError extends OvsdbServerError {
  override name = 'DuplicateUuidNameError';
  static readonly errorString = 'duplicate uuid-name';
}

/** `duplicate uuid`: An insert names an explicit `uuid` that a row already has (Open vSwitch extension). */
export class DuplicateUuidError extends OvsdbServerError {
  override name = 'DuplicateUuidError';
  static readonly errorString = 'duplicate uuid';
}

/** `domain error`: A mutation is mathematically undefined, e.g. division by zero. */
export class OvsdbDomainError extends OvsdbServerError {
  override name = 'OvsdbDomainError';
  static readonly errorString = 'domain error';
}

/** `range error`: A mutation's result is out of the integer range or the column's min/max. */
export class OvsdbRangeError extends OvsdbServerError {
  override name = 'OvsdbRangeError';
  static readonly errorString = 'range error';
}

/** `timed out`: A `wait` operation's condition did not hold before its timeout. */
export class TimedOutError extends OvsdbServerError {
  override name = 'TimedOutError';
  static readonly errorString = 'timed out';
}

/** `not supported`: The server does not support what was asked (e.g. triggers in this context). */
export class NotSupportedError extends OvsdbServerError {
  override name = 'NotSupportedError';
  static readonly errorString = 'not supported';
}

/** `aborted`: The transaction contains an `abort` operation. */
export class AbortedError extends OvsdbServerError {
  override name = 'AbortedError';
  static readonly errorString = 'aborted';
}

/** `not owner`: An `assert` names a lock this session does not hold. */
export class NotOwnerError extends OvsdbServerError {
  override name = 'NotOwnerError';
  static readonly errorString = 'not owner';
}

/** `not allowed`: Writing is not allowed: read-only server or connection, or a reserved database such as _Server. */
export class NotAllowedError extends OvsdbServerError {
  override name = 'NotAllowedError';
  static readonly errorString = 'not allowed';
}

/** `permission error`: Role-based access control denied the operation. */
export class PermissionError extends OvsdbServerError {
  override name = 'PermissionError';
  static readonly errorString = 'permission error';
}

/** `syntax error`: The request or an operation is malformed (bad JSON shape, wrong type, bad uuid-name, ...). */
export class OvsdbSyntaxError extends OvsdbServerError {
  override name = 'OvsdbSyntaxError';
  static readonly errorString = 'syntax error';
}

/** `unknown column`: An operation names a column the table does not have. */
export class UnknownColumnError extends OvsdbServerError {
  override name = 'UnknownColumnError';
  static readonly errorString = 'unknown column';
}

/** `unknown table`: An operation names a table the database does not have. */
export class OvsdbUnknownTableError extends OvsdbServerError {
  override name = 'OvsdbUnknownTableError';
  static readonly errorString = 'unknown table';
}

/** `unknown database`: The request names a database the server does not serve. */
export class UnknownDatabaseError extends OvsdbServerError {
  override name = 'UnknownDatabaseError';
  static readonly errorString = 'unknown database';
}

/** `unknown method`: The server does not implement the JSON-RPC method. */
export class UnknownMethodError extends OvsdbServerError {
  override name = 'UnknownMethodError';
  static readonly errorString = 'unknown method';
}

/** `unknown monitor`: monitor_cancel or monitor_cond_change names a monitor this session does not have. */
export class UnknownMonitorError extends OvsdbServerError {
  override name = 'UnknownMonitorError';
  static readonly errorString = 'unknown monitor';
}

/** `canceled`: The request was canceled: by a `cancel` request, or because its database was removed or converted. */
export class CanceledError extends OvsdbServerError {
  override name = 'CanceledError';
  static readonly errorString = 'canceled';
}

/** `database not available`: The database exists but cannot serve yet (e.g. a cluster member still joining). */
export class DatabaseNotAvailableError extends OvsdbServerError {
  override name = 'DatabaseNotAvailableError';
  static readonly errorString = 'database not available';
}

/** `internal error`: The server hit an internal inconsistency. */
export class OvsdbInternalError extends OvsdbServerError {
  override name = 'OvsdbInternalError';
  static readonly errorString = 'internal error';
}

/** `ovsdb error`: An error the server raised without a specific tag (e.g. a duplicate set element or map key). */
export class UntaggedOvsdbError extends OvsdbServerError {
  override name = 'UntaggedOvsdbError';
  static readonly errorString = 'ovsdb error';
}

type ServerErrorClass = new (body: ServerErrorBody, ctx: ServerErrorContext) => OvsdbServerError;

/** Server error string -> class. Strings not listed map to OvsdbServerError itself. */
export const SERVER_ERROR_CLASSES: ReadonlyMap<string, ServerErrorClass> = new Map<string, ServerErrorClass>([
  [ConstraintViolationError.errorString, ConstraintViolationError],
  [ReferentialIntegrityViolationError.errorString, ReferentialIntegrityViolationError],
  [ResourcesExhaustedError.errorString, ResourcesExhaustedError],
  [IoError.errorString, IoError],
  [DuplicateUuidNameError.errorString, DuplicateUuidNameError],
  [DuplicateUuidError.errorString, DuplicateUuidError],
  [OvsdbDomainError.errorString, OvsdbDomainError],
  [OvsdbRangeError.errorString, OvsdbRangeError],
  [TimedOutError.errorString, TimedOutError],
  [NotSupportedError.errorString, NotSupportedError],
  [AbortedError.errorString, AbortedError],
  [NotOwnerError.errorString, NotOwnerError],
  [NotAllowedError.errorString, NotAllowedError],
  [PermissionError.errorString, PermissionError],
  [OvsdbSyntaxError.errorString, OvsdbSyntaxError],
  [UnknownColumnError.errorString, UnknownColumnError],
  [OvsdbUnknownTableError.errorString, OvsdbUnknownTableError],
  [UnknownDatabaseError.errorString, UnknownDatabaseError],
  [UnknownMethodError.errorString, UnknownMethodError],
  [UnknownMonitorError.errorString, UnknownMonitorError],
  [CanceledError.errorString, CanceledError],
  [DatabaseNotAvailableError.errorString, DatabaseNotAvailableError],
  [OvsdbInternalError.errorString, OvsdbInternalError],
  [UntaggedOvsdbError.errorString, UntaggedOvsdbError],
]);
