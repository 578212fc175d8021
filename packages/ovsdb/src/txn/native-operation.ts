// Operations as the builder keeps them: plain data with native values, not yet validated or
// encoded. compile() turns them into wire operations.
/** `[column, function, value]`, or `true` / `false` (an Open vSwitch extension: all rows / none). */
export type NativeCondition = readonly [string, string, unknown] | boolean;
/** A mutation with a native value: column, mutator, value. */
export type NativeMutation = readonly [string, string, unknown];

/** An operation with native values, before encoding to wire JSON. */
export type NativeOperation =
  | {
      readonly op: 'insert';
      readonly table: string;
      readonly row: Readonly<Record<string, unknown>>;
      readonly uuidName?: string;
      readonly uuid?: string;
    }
  | {
      readonly op: 'select';
      readonly table: string;
      readonly where: readonly NativeCondition[];
      readonly columns?: readonly string[];
      /** Open vSwitch extension: rows sorted by these columns, ascending, in OVSDB datum order. */
      readonly sort?: readonly string[];
    }
  | {
      readonly op: 'update';
      readonly table: string;
      readonly where: readonly NativeCondition[];
      readonly row: Readonly<Record<string, unknown>>;
    }
  | {
      readonly op: 'mutate';
      readonly table: string;
      readonly where: readonly NativeCondition[];
      readonly mutations: readonly NativeMutation[];
    }
  | { readonly op: 'delete'; readonly table: string; readonly where: readonly NativeCondition[] }
  | {
      readonly op: 'wait';
      readonly table: string;
      readonly where: readonly NativeCondition[];
      readonly columns: readonly string[];
      readonly until: '==' | '!=';
      readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
      readonly timeoutMs?: number;
    }
  | { readonly op: 'commit'; readonly durable: boolean }
  | { readonly op: 'abort' }
  | { readonly op: 'comment'; readonly comment: string }
  | { readonly op: 'assert'; readonly lock: string };
