// A malformed schema, with every problem found (not just the first).
export interface SchemaProblem {
  /** Where, e.g. `tables.Logical_Switch.columns.ports.type.key.refTable`. */
  readonly path: string;
  readonly message: string;
}

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
