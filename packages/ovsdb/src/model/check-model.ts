// Compares a compiled-in model (a generated descriptor) with the schema the server reports, so a
// client finds out at connect time, all at once, what it cannot rely on. Tables and columns the
// server has beyond the model are fine: a newer server must not break an older client.
import { parseSchema } from '../schema/parse-schema.js';
import type { BaseType, ColumnType, DatabaseSchema } from '../schema/types.js';
import { describe } from './value-codec.js';

/** One difference between a schema the code was built for and the live schema. */
export interface SchemaMismatch {
  readonly kind: 'database' | 'missing-table' | 'missing-column' | 'type';
  readonly table?: string;
  readonly column?: string;
  readonly message: string;
}

/** The live schema lacks tables or columns the code relies on, or types differ; lists every mismatch. */
export class SchemaMismatchError extends Error {
  override name = 'SchemaMismatchError';
  readonly mismatches: readonly SchemaMismatch[];

  constructor(modelName: string, mismatches: readonly SchemaMismatch[]) {
    const lines = mismatches.map((m) => `  ${m.message}`);
    super(
      `the server's ${modelName} schema does not match the compiled-in model (${mismatches.length}):\n${lines.join('\n')}`,
    );
    this.mismatches = mismatches;
  }
}

function typeText(t: ColumnType): string {
  const base = (b: BaseType) => (b.refTable ? `uuid->${b.refTable}` : b.type);
  const inner = t.value ? `map<${base(t.key)}, ${base(t.value)}>` : base(t.key);
  return `${inner} [${t.min}..${t.max}]`;
}

function compareBase(model: BaseType, live: BaseType, what: string, out: string[]): void {
  if (model.type !== live.type) {
    out.push(`${what} is ${live.type} on the server, ${model.type} in the model`);
    return;
  }
  if (model.refTable !== live.refTable) {
    out.push(
      `${what} refers to ${live.refTable ?? 'no table'} on the server, ${model.refTable ?? 'no table'} in the model`,
    );
  }
  // Values the model may write that the server would reject.
  if (model.enum) {
    const allowed = live.enum;
    const extra = allowed ? model.enum.filter((e) => !allowed.includes(e)) : [];
    if (extra.length > 0)
      out.push(`${what} enum lacks ${extra.map((e) => describe(e)).join(', ')} on the server`);
  }
}

function compareTypes(model: ColumnType, live: ColumnType): string[] {
  const out: string[] = [];
  if (Boolean(model.value) !== Boolean(live.value)) {
    return [`is ${typeText(live)} on the server, ${typeText(model)} in the model`];
  }
  compareBase(model.key, live.key, model.value ? 'key' : 'type', out);
  if (model.value && live.value) compareBase(model.value, live.value, 'value', out);
  if (model.min !== live.min || model.max !== live.max) {
    out.push(
      `holds [${live.min}..${live.max}] values on the server, [${model.min}..${model.max}] in the model`,
    );
  }
  return out;
}

/** Every difference that matters between the model and the live schema (empty when compatible). */
export function findSchemaMismatches(model: DatabaseSchema, live: DatabaseSchema): SchemaMismatch[] {
  const out: SchemaMismatch[] = [];
  if (model.name !== live.name) {
    out.push({
      kind: 'database',
      message: `database is ${live.name} on the server, ${model.name} in the model`,
    });
  }
  for (const [table, mt] of Object.entries(model.tables)) {
    const lt = live.tables[table];
    if (!lt) {
      out.push({ kind: 'missing-table', table, message: `table ${table} is missing on the server` });
      continue;
    }
    for (const [column, mc] of Object.entries(mt.columns)) {
      const lc = lt.columns[column];
      if (!lc) {
        out.push({
          kind: 'missing-column',
          table,
          column,
          message: `column ${table}.${column} is missing on the server`,
        });
        continue;
      }
      for (const d of compareTypes(mc.type, lc.type)) {
        out.push({ kind: 'type', table, column, message: `column ${table}.${column} ${d}` });
      }
    }
  }
  return out;
}

/**
 * Throws SchemaMismatchError listing every mismatch between `model` and `liveSchema` (a parsed
 * schema or the raw `get_schema` reply). Extra server tables and columns are accepted.
 */
export function checkModelAgainstSchema(model: DatabaseSchema, liveSchema: DatabaseSchema | unknown): void {
  // parseSchema accepts its own output, so a parsed schema and a raw reply both work.
  const live = parseSchema(liveSchema);
  const mismatches = findSchemaMismatches(model, live);
  if (mismatches.length > 0) throw new SchemaMismatchError(model.name, mismatches);
}
