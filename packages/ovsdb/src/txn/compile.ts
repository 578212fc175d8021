// Validation and encoding of builder operations: every problem across every operation is
// collected into one ValidationError before anything is encoded.

import { isNamedUuid } from '../model/named-uuid.js';
import { rowCodec } from '../model/row-codec.js';
import { checkRow, isReadOnlyColumn, propertyPath } from '../model/validate-row.js';
import { checkAtom, checkValue, hasLoneSurrogate } from '../model/validate-value.js';
import { ValidationError, type ValidationIssue } from '../model/validation-error.js';
import { compileValueCodec, describe, type ValueCodec } from '../model/value-codec.js';
import {
  type BaseType,
  type ColumnType,
  columnShape,
  type DatabaseSchema,
  maxOf,
  type TableSchema,
} from '../schema/types.js';
import { isIdentifier, isUuidString, type WireValue } from '../wire/notation.js';
import {
  CONDITION_FUNCTIONS,
  MUTATORS,
  type Operation,
  type WireCondition,
  type WireMutation,
} from '../wire/operation.js';
import type { NativeCondition, NativeMutation, NativeOperation } from './native-operation.js';

const UUID_TYPE: ColumnType = { key: { type: 'uuid' }, min: 1, max: 1 };
const ORDERING = new Set(['<', '<=', '>', '>=']);
const ARITHMETIC = new Set(['+=', '-=', '*=', '/=', '%=']);

type Report = (table: string, column: string, path: string, message: string) => void;

/** The type a column has in a condition or mutation; `_uuid` and `_version` are uuids. */
function columnTypeOf(table: TableSchema, column: string): ColumnType | undefined {
  return isReadOnlyColumn(column) ? UUID_TYPE : table.columns[column]?.type;
}

/**
 * The type of an `includes` argument or an `insert` mutation value: from none up to the column's
 * max elements (ovsdb-server relaxes only the min for these, and checks every constraint).
 */
function upToMax(t: ColumnType): ColumnType {
  return { ...t, min: 0 };
}

/** The type of an `excludes` argument or a `delete` mutation value: any number of elements. */
function anySize(t: ColumnType): ColumnType {
  return { ...t, min: 0, max: 'unlimited' };
}

/**
 * The type an `includes`/`excludes` argument is checked and encoded with. An optional column's
 * value (one element or undefined) keeps its own shape; an array is a set of elements (for
 * `includes` on an optional column, its size is checked separately: a set type with max 1 would
 * read as optional).
 */
function elementsArgumentType(t: ColumnType, fn: string, value: unknown): ColumnType {
  const shape = columnShape(t);
  if (shape === 'scalar') return t;
  if (Array.isArray(value) && (fn === 'excludes' || shape === 'optional')) return anySize(t);
  return upToMax(t);
}

/** The key type without range constraints (arithmetic operands: the server checks results). */
function unbounded(b: BaseType): BaseType {
  const { minInteger: _a, maxInteger: _b, minReal: _c, maxReal: _d, enum: _e, ...rest } = b;
  return rest;
}

function checkConditions(
  tname: string,
  table: TableSchema,
  where: readonly NativeCondition[],
  path: string,
  report: Report,
): void {
  if (!Array.isArray(where)) {
    report(tname, '', path, 'where must be an array of [column, function, value]');
    return;
  }
  where.forEach((cond, i) => {
    const p = `${path}[${i}]`;
    if (typeof cond === 'boolean') return;
    if (!Array.isArray(cond) || cond.length !== 3) {
      report(tname, '', p, `a condition is [column, function, value], got ${describe(cond)}`);
      return;
    }
    const [column, fn, value] = cond;
    const t = columnTypeOf(table, column);
    if (!t) {
      report(tname, String(column), p, `unknown column "${column}" in table ${tname}`);
      return;
    }
    if (!(CONDITION_FUNCTIONS as readonly string[]).includes(fn)) {
      report(
        tname,
        column,
        p,
        `unknown condition function "${fn}" (expected one of ${CONDITION_FUNCTIONS.join(' ')})`,
      );
      return;
    }
    const sink = (vp: string, m: string) => report(tname, column, vp, m);
    if (ORDERING.has(fn)) {
      if ((t.key.type !== 'integer' && t.key.type !== 'real') || t.max !== 1 || t.value) {
        report(
          tname,
          column,
          p,
          `"${fn}" needs a single-valued integer or real column; ${column} is not one`,
        );
        return;
      }
      checkAtom(t.key, value, `${p}[2]`, sink);
    } else if (fn === 'includes' || fn === 'excludes') {
      checkValue(elementsArgumentType(t, fn, value), value, `${p}[2]`, sink);
      if (fn === 'includes' && columnShape(t) === 'optional' && Array.isArray(value) && value.length > 1)
        report(tname, column, `${p}[2]`, `allows at most 1 element, got ${value.length}`);
    } else {
      checkValue(t, value, `${p}[2]`, sink);
    }
  });
}

function checkMutations(
  tname: string,
  table: TableSchema,
  mutations: readonly NativeMutation[],
  path: string,
  report: Report,
): void {
  // An empty list is fine: ovsdb-server answers with the count of matching rows.
  if (!Array.isArray(mutations)) {
    report(tname, '', path, 'mutations must be an array of [column, mutator, value]');
    return;
  }
  mutations.forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!Array.isArray(m) || m.length !== 3) {
      report(tname, '', p, `a mutation is [column, mutator, value], got ${describe(m)}`);
      return;
    }
    const [column, mutator, value] = m;
    if (isReadOnlyColumn(column)) {
      report(tname, column, p, `${column} is read-only (set by the server)`);
      return;
    }
    const col = table.columns[column];
    if (!col) {
      report(tname, String(column), p, `unknown column "${column}" in table ${tname}`);
      return;
    }
    const sink = (vp: string, msg: string) => report(tname, column, vp, msg);
    if (!col.mutable) report(tname, column, p, `column ${column} is not mutable`);
    const t = col.type;
    if (!(MUTATORS as readonly string[]).includes(mutator)) {
      report(tname, column, p, `unknown mutator "${mutator}" (expected one of ${MUTATORS.join(' ')})`);
    } else if (ARITHMETIC.has(mutator)) {
      const numeric = t.key.type === 'integer' || (t.key.type === 'real' && mutator !== '%=');
      if (!numeric || t.value) {
        report(
          tname,
          column,
          p,
          `"${mutator}" needs an ${mutator === '%=' ? 'integer' : 'integer or real'} column (not a map); ${column} is not one`,
        );
      } else if (
        checkAtom(unbounded(t.key), value, `${p}[2]`, sink) &&
        (mutator === '/=' || mutator === '%=') &&
        (value === 0 || value === 0n)
      ) {
        report(tname, column, `${p}[2]`, 'division by zero');
      }
    } else if (columnShape(t) === 'scalar') {
      report(tname, column, p, `"${mutator}" needs a set or map column; ${column} holds exactly one value`);
    } else {
      // The value is a set of elements (or keys, to delete map entries by key) or a map. Like
      // ovsdb-server: an insert may hold up to the column's max members, a delete any number;
      // every member must meet the column's constraints.
      const byKeys = t.value !== undefined && mutator === 'delete' && Array.isArray(value);
      const asCollection: ColumnType = byKeys ? { key: t.key, min: 0, max: 'unlimited' } : anySize(t);
      checkValue(asCollection, value, `${p}[2]`, sink);
      const n = Array.isArray(value)
        ? value.length
        : value instanceof Map
          ? value.size
          : Object.keys(value ?? {}).length;
      if (mutator === 'insert' && n > maxOf(t))
        report(tname, column, `${p}[2]`, `allows at most ${t.max} members, got ${n}`);
    }
  });
}

function checkOperation(schema: DatabaseSchema, op: NativeOperation, i: number, report: Report): void {
  const p = `ops[${i}]`;
  if (op.op === 'commit' || op.op === 'abort' || op.op === 'comment' || op.op === 'assert') {
    if (op.op === 'comment' && typeof op.comment !== 'string')
      report('', '', `${p}.comment`, 'must be a string');
    else if (op.op === 'comment' && hasLoneSurrogate(op.comment))
      report('', '', `${p}.comment`, 'holds a lone UTF-16 surrogate (not valid Unicode text)');
    if (op.op === 'assert' && (typeof op.lock !== 'string' || op.lock === ''))
      report('', '', `${p}.lock`, 'must be a lock name');
    if (op.op === 'commit' && typeof op.durable !== 'boolean')
      report('', '', `${p}.durable`, 'must be a boolean');
    return;
  }
  const table = schema.tables[op.table];
  if (!table) {
    report(op.table, '', `${p}.table`, `unknown table "${op.table}" in schema ${schema.name}`);
    return;
  }
  const rowSink = (column: string, path: string, message: string) => report(op.table, column, path, message);
  switch (op.op) {
    case 'insert':
      checkRow(table, op.table, op.row, 'insert', `${p}.row`, rowSink);
      if (op.uuidName !== undefined && !isIdentifier(op.uuidName)) {
        report(
          op.table,
          '',
          `${p}.uuidName`,
          `${describe(op.uuidName)} is not a valid uuid-name (letters, digits, _; not starting with a digit)`,
        );
      }
      if (op.uuid !== undefined && !isUuidString(op.uuid))
        report(op.table, '', `${p}.uuid`, `${describe(op.uuid)} is not a uuid`);
      return;
    case 'select':
      checkConditions(op.table, table, op.where, `${p}.where`, report);
      checkColumnList(op.table, table, op.columns, `${p}.columns`, report);
      checkColumnList(op.table, table, op.sort, `${p}.sort`, report);
      return;
    case 'update':
      checkConditions(op.table, table, op.where, `${p}.where`, report);
      checkRow(table, op.table, op.row, 'update', `${p}.row`, rowSink);
      return;
    case 'mutate':
      checkConditions(op.table, table, op.where, `${p}.where`, report);
      checkMutations(op.table, table, op.mutations, `${p}.mutations`, report);
      return;
    case 'delete':
      checkConditions(op.table, table, op.where, `${p}.where`, report);
      return;
    case 'wait': {
      checkConditions(op.table, table, op.where, `${p}.where`, report);
      checkColumnList(op.table, table, op.columns, `${p}.columns`, report);
      if (op.until !== '==' && op.until !== '!=') report(op.table, '', `${p}.until`, 'must be "==" or "!="');
      if (op.timeoutMs !== undefined && !(Number.isInteger(op.timeoutMs) && op.timeoutMs >= 0)) {
        report(op.table, '', `${p}.timeoutMs`, 'must be a non-negative integer');
      }
      const allowed = new Set(op.columns);
      op.rows.forEach((row, r) => {
        checkRow(table, op.table, row, 'partial', `${p}.rows[${r}]`, rowSink);
        for (const c of Object.keys(row)) {
          if (!allowed.has(c))
            report(
              op.table,
              c,
              propertyPath(`${p}.rows[${r}]`, c),
              `column ${c} is not in the wait's columns`,
            );
        }
      });
      return;
    }
  }
}

function checkColumnList(
  tname: string,
  table: TableSchema,
  columns: readonly string[] | undefined,
  path: string,
  report: Report,
): void {
  columns?.forEach((c, i) => {
    if (!isReadOnlyColumn(c) && !table.columns[c])
      report(tname, String(c), `${path}[${i}]`, `unknown column "${c}" in table ${tname}`);
  });
}

/** Named-uuid references must name an insert of the same transaction; names must be unique. */
function checkNamedUuids(ops: readonly NativeOperation[], report: Report): void {
  const declared = new Set<string>();
  ops.forEach((op, i) => {
    if (op.op !== 'insert' || op.uuidName === undefined) return;
    if (declared.has(op.uuidName))
      report(op.table, '', `ops[${i}].uuidName`, `duplicate uuid-name "${op.uuidName}"`);
    declared.add(op.uuidName);
  });
  const visit = (v: unknown, table: string, path: string): void => {
    if (isNamedUuid(v)) {
      if (!declared.has(v.name))
        report(table, '', path, `namedUuid("${v.name}") names no insert in this transaction`);
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        visit(x, table, `${path}[${i}]`);
      });
    } else if (v instanceof Map)
      for (const [k, x] of v) {
        visit(k, table, path);
        visit(x, table, path);
      }
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) visit(x, table, propertyPath(path, k));
  };
  ops.forEach((op, i) => {
    if ('table' in op) visit(op, op.table, `ops[${i}]`);
  });
}

/** Validates `ops` against `schema` (throwing ValidationError with every problem), then encodes them. */
export function compileOperations(schema: DatabaseSchema, ops: readonly NativeOperation[]): Operation[] {
  const issues: ValidationIssue[] = [];
  const report: Report = (table, column, path, message) => issues.push({ table, column, path, message });
  ops.forEach((op, i) => {
    checkOperation(schema, op, i, report);
  });
  checkNamedUuids(ops, report);
  if (issues.length > 0) throw new ValidationError(issues);
  return ops.map((op) => encodeOperation(schema, op));
}

function encodeRow(
  schema: DatabaseSchema,
  table: string,
  row: Readonly<Record<string, unknown>>,
): Record<string, WireValue> {
  const codecs = rowCodec(schema, table).columns;
  const out: Record<string, WireValue> = {};
  for (const [column, value] of Object.entries(row)) {
    const codec = codecs.get(column);
    if (!codec) {
      if (isReadOnlyColumn(column)) out[column] = ['uuid', value as string];
      continue;
    }
    if (value === undefined && codec.shape !== 'optional') continue;
    out[column] = codec.encode(value);
  }
  return out;
}

const uuidCodec = compileValueCodec(UUID_TYPE);

function codecFor(schema: DatabaseSchema, table: string, column: string): ValueCodec {
  return isReadOnlyColumn(column) ? uuidCodec : (rowCodec(schema, table).columns.get(column) as ValueCodec);
}

function encodeConditions(
  schema: DatabaseSchema,
  table: string,
  where: readonly NativeCondition[],
): WireCondition[] {
  return where.map((cond) => {
    if (typeof cond === 'boolean') return cond;
    const [column, fn, value] = cond;
    const codec = codecFor(schema, table, column);
    let encoded: WireValue;
    if (ORDERING.has(fn)) encoded = compileValueCodec({ ...codec.type, min: 1 }).encode(value);
    else if (Array.isArray(value) && columnShape(codec.type) === 'optional')
      encoded = compileValueCodec(elementsArgumentType(codec.type, fn, value)).encode(value);
    else encoded = codec.encode(value);
    return [column, fn, encoded] as WireCondition;
  });
}

function encodeMutations(
  schema: DatabaseSchema,
  table: string,
  mutations: readonly NativeMutation[],
): WireMutation[] {
  return mutations.map(([column, mutator, value]) => {
    const codec = codecFor(schema, table, column);
    const t = codec.type;
    let encoded: WireValue;
    if (ARITHMETIC.has(mutator)) encoded = compileValueCodec({ key: t.key, min: 1, max: 1 }).encode(value);
    else if (t.value && Array.isArray(value))
      encoded = compileValueCodec({ key: t.key, min: 0, max: 'unlimited' }).encode(value);
    else encoded = compileValueCodec(anySize(t)).encode(value);
    return [column, mutator, encoded] as WireMutation;
  });
}

function encodeOperation(schema: DatabaseSchema, op: NativeOperation): Operation {
  switch (op.op) {
    case 'insert':
      return {
        op: 'insert',
        table: op.table,
        row: encodeRow(schema, op.table, op.row),
        ...(op.uuidName !== undefined ? { 'uuid-name': op.uuidName } : {}),
        ...(op.uuid !== undefined ? { uuid: op.uuid } : {}),
      };
    case 'select':
      return {
        op: 'select',
        table: op.table,
        where: encodeConditions(schema, op.table, op.where),
        ...(op.columns ? { columns: [...op.columns] } : {}),
        ...(op.sort ? { sort: [...op.sort] } : {}),
      };
    case 'update':
      return {
        op: 'update',
        table: op.table,
        where: encodeConditions(schema, op.table, op.where),
        row: encodeRow(schema, op.table, op.row),
      };
    case 'mutate':
      return {
        op: 'mutate',
        table: op.table,
        where: encodeConditions(schema, op.table, op.where),
        mutations: encodeMutations(schema, op.table, op.mutations),
      };
    case 'delete':
      return { op: 'delete', table: op.table, where: encodeConditions(schema, op.table, op.where) };
    case 'wait':
      return {
        op: 'wait',
        table: op.table,
        where: encodeConditions(schema, op.table, op.where),
        columns: [...op.columns],
        until: op.until,
        rows: op.rows.map((r) => encodeRow(schema, op.table, r)),
        ...(op.timeoutMs !== undefined ? { timeout: op.timeoutMs } : {}),
      };
    case 'commit':
      return { op: 'commit', durable: op.durable };
    case 'abort':
      return { op: 'abort' };
    case 'comment':
      return { op: 'comment', comment: op.comment };
    case 'assert':
      return { op: 'assert', lock: op.lock };
  }
}
