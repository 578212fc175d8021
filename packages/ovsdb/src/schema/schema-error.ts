// A malformed schema, with every problem found (not just the first).
/** One problem of a malformed schema: where and what. */
export interface SchemaProblem {
  /** Where, e.g. `tables.Logical_Switch.columns.ports.type.key.refTable`. */
  readonly path: string;
  readonly message: string;
}

/** A schema is malformed; `problems` lists every problem found. */
export class SchemaError extends Error {
  override name = 'SchemaError';
  readonly problems: readonly SchemaProblem[];

  constructor(problems: readonly SchemaProblem[]) {
    const lines = problems.map((p) => `  ${p.path || '(schema)'}: ${p.message}`);
    super(
      `invalid OVSDB schema (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.problems = problems;
  }
}
