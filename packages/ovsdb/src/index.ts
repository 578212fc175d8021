// @ovnkit/ovsdb public API. Keep the list grouped by folder, folders in alphabetical order.

// client/
export { type ConnectOptions, connect, createClient } from './client/connect.js';
export { type CallOptions, type NotificationHandler, OvsdbClient } from './client/ovsdb-client.js';
export {
  type MonitorCondSinceResult,
  type MonitorRequest,
  type MonitorRequests,
  type OperationResultJson,
  type OvsdbNotification,
  type RowUpdate2Json,
  type RowUpdateJson,
  type TableUpdates2Json,
  type TableUpdatesJson,
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
  OvsdbUnknownTableError,
  PermissionError,
  ReferentialIntegrityViolationError,
  ResourcesExhaustedError,
  SERVER_ERROR_CLASSES,
  TimedOutError,
  UnknownColumnError,
  UnknownDatabaseError,
  UnknownMethodError,
  UnknownMonitorError,
  UntaggedOvsdbError,
} from './errors/server-errors.js';

// Replica and change feed (replica/)
export { Replica, type IndexDeclaration, type ReplicaOptions, type SnapshotOptions, type UpdateMessage } from './replica/replica.js';
export { ReplicaTable, type ReplicaIndex } from './replica/replica-table.js';
export type { ChangeBatch, ChangeCause, ChangeListener, ChangesOptions, FeedBatch, ResyncBatch, RowChange } from './replica/change-feed.js';
export type { ColumnCodec, IndexSpec, ReplicaRow, TableCodec, TableRows, TableUpdates, TableUpdates2 } from './replica/types.js';
export { IndexArityError, ReplicaError, ReplicaUpdateError, TableNotReplicatedError, UnknownIndexError } from './replica/errors.js';
export {
  ColumnValueError,
  columnCodec,
  type TableSelection,
  tableCodecsFromSchema,
  UnknownSchemaColumnError,
  UnknownSchemaTableError,
} from './replica/schema-codecs.js';

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

// Sessions: connection + replica, reconnection, clusters (session/)
export { openSession } from './session/open-session.js';
export {
  type PropagationOptions,
  type SafeTransactOptions,
  type SafeTransactResult,
  Session,
  type ServerView,
  type SessionStats,
  type TransactOptions,
} from './session/session.js';
export type { MonitorMethod, SessionOptions, SessionTableOptions } from './session/options.js';
export type { SessionState, SessionStatus } from './session/status.js';
export type { ServerDbInfo } from './session/server-status.js';
export { Backoff, type BackoffOptions } from './session/backoff.js';
export { type Clock, systemClock } from './session/clock.js';
export type { ConnectFn, ConnectRequest, ConnectionEvents, SessionConnection } from './session/connection.js';
export {
  SessionClosedError,
  SessionConfigError,
  SessionTimeoutError,
  TransactionOutcomeUnknownError,
  UnsafeTransactionError,
} from './session/errors.js';

// transport/
export { createMemoryTransportPair, type MemoryTransportOptions } from './transport/memory-transport.js';
export { type OpenTransport, type OpenTransportOptions, openTransport } from './transport/open-transport.js';
export { DEFAULT_OVSDB_PORT, parseRemote, parseRemotes, type Remote } from './transport/remote.js';
export type { TlsOptions } from './transport/tls-options.js';
export type { Transport, TransportHandlers } from './transport/transport.js';
