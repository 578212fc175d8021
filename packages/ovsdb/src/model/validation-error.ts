// Client-side validation failures, all of them at once, found before anything is sent.
/** One problem found in an operation: where (table, column, path) and what. */
export interface ValidationIssue {
  readonly table: string;
  /** The column concerned; empty when the problem is with the operation itself. */
  readonly column: string;
  /** Where in the transaction, e.g. `ops[2].row.external_ids["k8s.ovn.org/id"]`. */
  readonly path: string;
  readonly message: string;
}

/** Operations failed validation against the schema before being sent; `issues` lists every problem. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const lines = issues.map((i) => `  ${i.path}: ${i.message}`);
    super(`${issues.length} invalid value${issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
    this.issues = issues;
  }
}
