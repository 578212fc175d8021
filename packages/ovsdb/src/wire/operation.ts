// RFC 7047 section 5.2: the operations of a `transact` request, their conditions and mutations,
// and the per-operation results. Wire-only member names (`uuid-name`) appear only in this folder.
import type { WireRow, WireUuid, WireValue } from './notation.js';

/** The condition functions of RFC 7047. */
export const CONDITION_FUNCTIONS = ['==', '!=', 'includes', 'excludes', '<', '<=', '>', '>='] as const;
/** One of the {@link CONDITION_FUNCTIONS}. */
export type ConditionFunction = (typeof CONDITION_FUNCTIONS)[number];

/** The mutators of RFC 7047. */
export const MUTATORS = ['+=', '-=', '*=', '/=', '%=', 'insert', 'delete'] as const;
/** One of the {@link MUTATORS}. */
export type Mutator = (typeof MUTATORS)[number];

/** `[column, function, value]` (RFC 7047 5.1 <condition>), or `true` / `false` (Open vSwitch). */
export type WireCondition = readonly [string, ConditionFunction, WireValue] | boolean;
/** `[column, mutator, value]` (RFC 7047 5.1 <mutation>). */
export type WireMutation = readonly [string, Mutator, WireValue];

/** RFC 7047 `insert`. */
export interface InsertOperation {
  readonly op: 'insert';
  readonly table: string;
  readonly row: WireRow;
  readonly 'uuid-name'?: string;
  /** Open vSwitch extension (2.13+): the uuid the new row must get. */
  readonly uuid?: string;
}
/** RFC 7047 `select`. */
export interface SelectOperation {
  readonly op: 'select';
  readonly table: string;
  readonly where: readonly WireCondition[];
  readonly columns?: readonly string[];
  /**
   * Open vSwitch extension (ovsdb-server 3.1 honours it; RFC 7047 has no such member): the rows
   * come back sorted by these columns, ascending, in OVSDB datum order.
   */
  readonly sort?: readonly string[];
}
/** RFC 7047 `update`. */
export interface UpdateOperation {
  readonly op: 'update';
  readonly table: string;
  readonly where: readonly WireCondition[];
  readonly row: WireRow;
}
/** RFC 7047 `mutate`. */
export interface MutateOperation {
  readonly op: 'mutate';
  readonly table: string;
  readonly where: readonly WireCondition[];
  readonly mutations: readonly WireMutation[];
}
/** RFC 7047 `delete`. */
export interface DeleteOperation {
  readonly op: 'delete';
  readonly table: string;
  readonly where: readonly WireCondition[];
}
/** RFC 7047 `wait`. */
export interface WaitOperation {
  readonly op: 'wait';
  readonly table: string;
  readonly where: readonly WireCondition[];
  readonly columns: readonly string[];
  readonly until: '==' | '!=';
  readonly rows: readonly WireRow[];
  /** Milliseconds; absent means wait forever (RFC 7047 5.2.6). */
  readonly timeout?: number;
}
/** RFC 7047 `commit`. */
export interface CommitOperation {
  readonly op: 'commit';
  readonly durable: boolean;
}
/** RFC 7047 `abort`. */
export interface AbortOperation {
  readonly op: 'abort';
}
/** RFC 7047 `comment`. */
export interface CommentOperation {
  readonly op: 'comment';
  readonly comment: string;
}
/** RFC 7047 `assert`. */
export interface AssertOperation {
  readonly op: 'assert';
  readonly lock: string;
}

/** Any RFC 7047 operation. */
export type Operation =
  | InsertOperation
  | SelectOperation
  | UpdateOperation
  | MutateOperation
  | DeleteOperation
  | WaitOperation
  | CommitOperation
  | AbortOperation
  | CommentOperation
  | AssertOperation;

/** The `op` names. */
export type OperationName = Operation['op'];

/** Result of a successful insert. */
export interface InsertResult {
  readonly uuid: WireUuid;
}
/** Result of a successful select. */
export interface SelectResult {
  readonly rows: readonly WireRow[];
}
/** Result of a successful update, mutate or delete. */
export interface CountResult {
  readonly count: number;
}
/** A failed operation, or the extra element for a failed commit (RFC 7047 4.1.3). */
export interface ErrorResult {
  readonly error: string;
  readonly details?: string;
  readonly syntax?: string;
}
/**
 * One element of a `transact` result array. `{}` answers wait, commit, comment and assert; `null`
 * marks operations after the first failure that the server did not run.
 */
export type OperationResult =
  | InsertResult
  | SelectResult
  | CountResult
  | ErrorResult
  | Record<string, never>
  | null;

/** Whether an operation result is an error (`{ error, details? }`). */
export function isErrorResult(r: unknown): r is ErrorResult {
  return typeof r === 'object' && r !== null && typeof (r as { error?: unknown }).error === 'string';
}
