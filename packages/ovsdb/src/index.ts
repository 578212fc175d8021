// @ovnkit/ovsdb public API. Keep the list grouped by folder, folders in alphabetical order.

// client/
export { type ConnectOptions, connect, createClient } from './client/connect.js';
export {
  type CallOptions,
  type MonitorCallOptions,
  type NotificationHandler,
  OvsdbClient,
} from './client/ovsdb-client.js';
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

// Code generation (codegen/): build-time; the `ovsdb-codegen` bin wraps generateModule.
export { CodegenError, type GenerateOptions, generateModule, typeNameOf } from './codegen/generate-module.js';

// errors/
export {
  AllRemotesFailedError,
  ConnectError,
  ConnectionClosedError,
  TlsError,
} from './errors/connection-errors.js';
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
export type { JsonArray, JsonObject, JsonPrimitive, JsonValue } from './json/json-value.js';
export { RawMessage, RawObject } from './json/raw-message.js';
// Data model: native values <-> wire, row decoding, validation, model vs live schema (model/)
export {
  checkModelAgainstSchema,
  findSchemaMismatches,
  type SchemaMismatch,
  SchemaMismatchError,
} from './model/check-model.js';
export { isNamedUuid, type NamedUuid, namedUuid } from './model/named-uuid.js';
export { compileRowCodec, type NativeRow, type RowCodec, rowCodec, rowCodecs } from './model/row-codec.js';
export type {
  AtomOf,
  ColumnNameOf,
  ColumnTypeOf,
  ColumnValue,
  InsertOf,
  IsRequiredOnInsert,
  MutableColumnOf,
  RowOf,
  TableNameOf,
  UpdateOf,
  WriteAtomOf,
  WriteValue,
} from './model/row-types.js';
export { type RowMode, validateRow } from './model/validate-row.js';
export { ValidationError, type ValidationIssue } from './model/validation-error.js';
export { compileValueCodec, type ValueCodec, type ValueDecoder } from './model/value-codec.js';
export type {
  ChangeBatch,
  ChangeCause,
  ChangeListener,
  ChangesOptions,
  FeedBatch,
  ResyncBatch,
  RowChange,
} from './replica/change-feed.js';
export {
  IndexArityError,
  ReplicaError,
  ReplicaUpdateError,
  TableNotReplicatedError,
  UnknownIndexError,
} from './replica/errors.js';
export type { IndexNameOf, IndexPartOf } from './replica/index-names.js';
// Replica and change feed (replica/)
export {
  type IndexDeclaration,
  Replica,
  type ReplicaOptions,
  type SnapshotOptions,
  type UpdateMessage,
} from './replica/replica.js';
export { type ReplicaIndex, ReplicaTable } from './replica/replica-table.js';
export {
  type TableCodecsOptions,
  type TableSelection,
  tableCodecsFromSchema,
  UnknownSchemaColumnError,
  UnknownSchemaTableError,
} from './replica/schema-codecs.js';
export type {
  IndexSpec,
  ReplicaRow,
  TableCodec,
  TableRows,
  TableUpdates,
  TableUpdates2,
} from './replica/types.js';
export {
  ReplicaWaitAbortedError,
  ReplicaWaitTimeoutError,
  type WaitForRowOptions,
} from './replica/wait-for-row.js';
// rpc/
export { encodeJson } from './rpc/json-encode.js';
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_MESSAGE_BYTES,
  JsonSplitter,
  type JsonSplitterOptions,
} from './rpc/json-splitter.js';
export {
  type CloseListener,
  DEFAULT_RAW_MESSAGE_MIN_BYTES,
  type NotificationListener,
  RpcConnection,
  type RpcConnectionOptions,
  type RpcRequestOptions,
  type RpcStats,
} from './rpc/rpc-connection.js';

// Schemas (schema/): parse + check .ovsschema documents into the normalised model
export {
  defaultAtom,
  defaultAtomIsValid,
  defaultWireValue,
  isRequiredOnInsert,
  ZERO_UUID,
} from './schema/default-value.js';
export { parseSchema } from './schema/parse-schema.js';
export { SchemaError, type SchemaProblem } from './schema/schema-error.js';
export {
  ATOMIC_TYPES,
  type AtomicType,
  type BaseType,
  type ColumnSchema,
  type ColumnShape,
  type ColumnType,
  columnShape,
  type DatabaseSchema,
  maxOf,
  type SchemaAtom,
  type TableSchema,
} from './schema/types.js';
export { Backoff, type BackoffOptions } from './session/backoff.js';
export { type Clock, systemClock } from './session/clock.js';
export type { ConnectFn, ConnectionEvents, ConnectRequest, SessionConnection } from './session/connection.js';
export {
  SessionAbortedError,
  SessionClosedError,
  SessionConfigError,
  SessionTimeoutError,
  SessionUnreachableError,
  TransactionOutcomeUnknownError,
  UnsafeTransactionError,
} from './session/errors.js';
export type {
  LogLevel,
  SessionLogger,
  SessionMetrics,
  SyncEvent,
  TransactionEvent,
} from './session/hooks.js';
// Sessions: connection + replica, reconnection, clusters (session/)
export {
  openSession,
  type ReplicatedRow,
  type ReplicatedRowOf,
  type ReplicatedRows,
  type SchemaSessionOptions,
  type SchemaTableSelection,
} from './session/open-session.js';
export type { MonitorMethod, SessionOptions, SessionTableOptions } from './session/options.js';
export type { ServerDbInfo } from './session/server-status.js';
export {
  type PropagationOptions,
  type SafeTransactOptions,
  type SafeTransactResult,
  type ServerView,
  Session,
  type SessionStats,
  type TransactOptions,
  type WhenReadyOptions,
} from './session/session.js';
export type { SessionState, SessionStatus } from './session/status.js';
// text/: OVSDB's text forms as Open vSwitch prints and parses them
export { compareAtoms, compareUtf8, type NativeAtom } from './text/atom-order.js';
export { atomToBare, atomToString, formatReal, ovsJsonQuote, stringNeedsQuotes } from './text/atom-text.js';
export {
  baseTypeToJson,
  canonicalJsonText,
  conditionToJsonText,
  datumToJsonText,
  type NativeClause,
  schemaToJson,
  typeToJson,
} from './text/canonical-json.js';
export {
  atomFromString,
  type Datum,
  DatumSyntaxError,
  datumFromString,
  isTokenDelim,
  parseToken,
} from './text/datum-parse.js';
export {
  type DatumPair,
  datumPairs,
  datumToBare,
  datumToString,
  type NativeValue,
} from './text/datum-text.js';
// transport/
export { createMemoryTransportPair, type MemoryTransportOptions } from './transport/memory-transport.js';
export { type OpenTransport, type OpenTransportOptions, openTransport } from './transport/open-transport.js';
export { DEFAULT_OVSDB_PORT, parseRemote, parseRemotes, type Remote } from './transport/remote.js';
export type { TlsOptions } from './transport/tls-options.js';
export type { Transport, TransportHandlers } from './transport/transport.js';
// Transactions (txn/): immutable typed builder, compile to wire ops, decode results
export { compileOperations } from './txn/compile.js';
export { decodeResults, UnexpectedResultError } from './txn/decode-results.js';
export { executeTransaction, type TransactClient, type TransactFunction } from './txn/execute.js';
export type { NativeCondition, NativeMutation, NativeOperation } from './txn/native-operation.js';
export type {
  CountOutcome,
  EmptyOutcome,
  InsertOutcome,
  Outcome,
  SelectOutcome,
  TransactionResult,
} from './txn/outcome.js';
export {
  type CompiledTransaction,
  type InsertOptions,
  Transaction,
  txn,
  type WaitOptions,
} from './txn/transaction.js';
export type {
  ArithmeticMutator,
  ConditionOf,
  EqualityFunction,
  MutationOf,
  OrderingFunction,
  PartialRowOf,
  SelectableColumnOf,
} from './txn/typed-clauses.js';
// RFC 7047 wire notation and message shapes (wire/)
export {
  atomKey,
  isIdentifier,
  isUuidString,
  isWireAtom,
  isWireMap,
  isWireNamedUuid,
  isWireSet,
  isWireUuid,
  mapPairs,
  setElements,
  type WireAtom,
  type WireMap,
  type WireNamedUuid,
  type WireRow,
  type WireSet,
  type WireUuid,
  type WireValue,
  wireMap,
  wireNamedUuid,
  wireSet,
  wireUuid,
} from './wire/notation.js';
export {
  type AbortOperation,
  type AssertOperation,
  CONDITION_FUNCTIONS,
  type CommentOperation,
  type CommitOperation,
  type ConditionFunction,
  type CountResult,
  type DeleteOperation,
  type ErrorResult,
  type InsertOperation,
  type InsertResult,
  isErrorResult,
  MUTATORS,
  type MutateOperation,
  type Mutator,
  type Operation,
  type OperationName,
  type OperationResult,
  type SelectOperation,
  type SelectResult,
  type UpdateOperation,
  type WaitOperation,
  type WireCondition,
  type WireMutation,
} from './wire/operation.js';
export type {
  Update2Params,
  Update3Params,
  WireRowUpdate,
  WireRowUpdate2,
  WireTableUpdates,
  WireTableUpdates2,
} from './wire/update.js';
export { WireFormatError } from './wire/wire-format-error.js';
