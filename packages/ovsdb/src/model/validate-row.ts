// Row-level checks: unknown columns, read-only `_uuid`/`_version`, immutable columns on update,
// columns insert must name, and every value against its column type.
import { isRequiredOnInsert } from '../schema/default-value.js';
import { columnShape, type DatabaseSchema, type TableSchema } from '../schema/types.js';
import { checkValue } from './validate-value.js';
import type { ValidationIssue } from './validation-error.js';

/** insert: a new row; update: a change to existing rows; partial: a row fragment (wait rows). */
export type RowMode = 'insert' | 'update' | 'partial';

/** Receives one problem with the column it concerns. */
export type RowIssueSink = (column: string, path: string, message: string) => void;

export function isReadOnlyColumn(column: string): boolean {
  return column === '_uuid' || column === '_version';
}

export function propertyPath(base: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

const required = new WeakMap<TableSchema, readonly string[]>();

/** Columns insert must name, worked out once per table. */
function requiredColumns(table: TableSchema): readonly string[] {
  let cols = required.get(table);
  if (!cols) {
    cols = Object.entries(table.columns)
      .filter(([, col]) => isRequiredOnInsert(col.type))
      .map(([c]) => c);
    required.set(table, cols);
  }
  return cols;
}

/** Checks a native row for `mode`, reporting every problem through `report`. */
export function checkRow(
  table: TableSchema,
  tableName: string,
  row: unknown,
  mode: RowMode,
  path: string,
  report: RowIssueSink,
): void {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    report(
      '',
      path,
      `expected a row object, got ${row === null ? 'null' : Array.isArray(row) ? 'an array' : typeof row}`,
    );
    return;
  }
  for (const [column, value] of Object.entries(row)) {
    const p = () => propertyPath(path, column);
    if (isReadOnlyColumn(column)) {
      if (mode !== 'partial') report(column, p(), `${column} is read-only (set by the server)`);
      continue;
    }
    const col = table.columns[column];
    if (!col) {
      report(column, p(), `unknown column "${column}" in table ${tableName}`);
      continue;
    }
    // undefined leaves a scalar or collection column out (the TS optional-property meaning);
    // for an optional column it is the empty value, so it is written.
    if (value === undefined && columnShape(col.type) !== 'optional') continue;
    if (mode === 'update' && !col.mutable) report(column, p(), `column ${column} is not mutable`);
    checkValue(col.type, value, p, (vp, message) => report(column, vp, message));
  }
  if (mode === 'insert') {
    for (const column of requiredColumns(table)) {
      if ((row as Record<string, unknown>)[column] === undefined) {
        report(
          column,
          propertyPath(path, column),
          'is required on insert: its default value is not allowed by the column type',
        );
      }
    }
  }
}

/**
 * Validates a native row against a table of `schema`; returns every problem (empty when valid).
 * Paths start at `row`.
 */
export function validateRow(
  schema: DatabaseSchema,
  table: string,
  row: unknown,
  mode: RowMode,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ts = schema.tables[table];
  if (!ts)
    return [{ table, column: '', path: 'row', message: `unknown table "${table}" in schema ${schema.name}` }];
  checkRow(ts, table, row, mode, 'row', (column, path, message) =>
    issues.push({ table, column, path, message }),
  );
  return issues;
}
