// @ovnkit/ovsdb public API. Keep the list grouped by folder, folders in alphabetical order.

// client/
export { type ConnectOptions, connect, createClient } from './client/connect.js';
export { type CallOptions, type NotificationHandler, OvsdbClient } from './client/ovsdb-client.js';
export {
  type MonitorCondSinceResult,
  type MonitorRequest,
  type MonitorRequests,
  type OperationResult,
  type OvsdbNotification,
  type RowUpdate,
  type RowUpdate2,
  type TableUpdates,
  type TableUpdates2,
  type WireOperation,
  ZERO_TXN_ID,
} from './client/protocol-types.js';

// errors/
export { AllRemotesFailedError, ConnectError, ConnectionClosedError, TlsError } from './errors/connection-errors.js';
export { FramingError, MessageTooLargeError } from './errors/framing-errors.js';
export { OvsdbError } from './errors/ovsdb-error.js';
export {
  InvalidOptionError,
  InvalidRemoteError,
  ProtocolError,
  RequestAbortedError,
  RequestTimeoutError,
} from './errors/request-errors.js';
export { OvsdbServerError, type ServerErrorBody, type ServerErrorContext } from './errors/server-error.js';
export { serverErrorFromJson, toServerErrorBody } from './errors/server-error-from-json.js';
export {
  AbortedError,
  CanceledError,
  ConstraintViolationError,
  DatabaseNotAvailableError,
  DuplicateUuidError,
  DuplicateUuidNameError,
  IoError,
  NotAllowedError,
  NotOwnerError,
  NotSupportedError,
  OvsdbDomainError,
  OvsdbInternalError,
  OvsdbRangeError,
  OvsdbSyntaxError,
  PermissionError,
  ReferentialIntegrityViolationError,
  ResourcesExhaustedError,
  SERVER_ERROR_CLASSES,
  TimedOutError,
  UnknownColumnError,
  UnknownDatabaseError,
  UnknownMethodError,
  UnknownMonitorError,
  UnknownTableError,
  UntaggedOvsdbError,
} from './errors/server-errors.js';

// rpc/
export { encodeJson } from './rpc/json-encode.js';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_MESSAGE_BYTES, JsonSplitter, type JsonSplitterOptions } from './rpc/json-splitter.js';
export type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from './rpc/json-value.js';
export {
  type CloseListener,
  type NotificationListener,
  RpcConnection,
  type RpcConnectionOptions,
  type RpcRequestOptions,
  type RpcStats,
} from './rpc/rpc-connection.js';

// transport/
export { createMemoryTransportPair, type MemoryTransportOptions } from './transport/memory-transport.js';
export { type OpenTransport, type OpenTransportOptions, openTransport } from './transport/open-transport.js';
export { DEFAULT_OVSDB_PORT, parseRemote, parseRemotes, type Remote } from './transport/remote.js';
export type { TlsOptions } from './transport/tls-options.js';
export type { Transport, TransportHandlers } from './transport/transport.js';
