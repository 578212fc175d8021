// Commands are data: name, usage, options, examples and a run function. main.ts parses the
// command line against a spec; help and shell completion are rendered from the same specs.
import type { CliIo } from './io.js';
import type { DbOptions } from './nb-reader.js';

/** One command-line option: string or boolean, short letter, repeatable, help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly value?: string;
  readonly help: string;
}

/** `--format`: the table (ovn-nbctl's text) or stable JSON. */
export type OutputFormat = 'table' | 'json';

/**
 * What a command's run function gets: the I/O, its arguments and options, the NB to use, the output format.
 */
export interface CommandContext {
  readonly io: CliIo;
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly db: DbOptions;
  /** Every `--db` given, in order (zone views read them all; other commands use the last, `db`). */
  readonly dbs: readonly string[];
  readonly format: OutputFormat;
  readonly color: boolean;
}

/**
 * One ovnkit command as data: the words that select it, help text, options, and the function that runs it.
 */
export interface CommandSpec {
  /** Words that select the command, e.g. ['egressip', 'list']. */
  readonly path: readonly string[];
  readonly summary: string;
  readonly usage: string;
  readonly description?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals: { readonly min: number; readonly max: number };
  readonly examples: readonly string[];
  /** Completion candidates for the first positional (e.g. table names). */
  readonly completes?: readonly string[];
  /** Checks the options without side effects (throws UsageError); run by parseCommandLine. */
  check?(ctx: CommandContext): void;
  /** Exit code for every error of this command, when its other codes carry a meaning (plan: 2 = changes). */
  readonly errorExit?: number;
  /** The command ends itself on `io.signal` (else run() returns as soon as the signal fires). */
  readonly stopsOnSignal?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  db: {
    type: 'string',
    multiple: true,
    value: 'DATABASE',
    help: 'Northbound remote (default $OVN_NB_DB or unix:/var/run/ovn/ovnnb_db.sock); egress-IP views take one per zone',
  },
  'private-key': { type: 'string', short: 'p', value: 'FILE', help: 'SSL private key' },
  certificate: { type: 'string', short: 'c', value: 'FILE', help: 'SSL certificate' },
  'ca-cert': { type: 'string', short: 'C', value: 'FILE', help: 'SSL CA certificate' },
  timeout: { type: 'string', short: 't', value: 'SECS', help: 'give up after SECS seconds (0 = never)' },
  format: { type: 'string', short: 'f', value: 'table|json', help: 'output format (default table)' },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};
