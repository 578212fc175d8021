// The one table of ovnkit exit codes (documented in README.md).
/** The exit codes of `ovnkit`, one per outcome (the README's table). */
export const EXIT = {
  /** The command did what was asked. */
  OK: 0,
  /** The command ran but failed: a row not found, an ambiguous name, bad data. */
  FAILED: 1,
  /** Bad command line: unknown command or option, missing or extra argument. */
  USAGE: 2,
  /** The database (or Kubernetes API) could not be reached or the connection broke. */
  CANNOT_CONNECT: 3,
  /** The server rejected a transaction (an OVSDB error reply). */
  TRANSACTION_REJECTED: 4,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
