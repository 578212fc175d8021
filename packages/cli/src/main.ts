// The ovnkit entry: parse argv against the command specs (node:util parseArgs), run the command,
// and turn every outcome into an exit code (cli/exit-codes.ts). Never touches `process`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type CommandContext,
  type CommandSpec,
  GLOBAL_OPTIONS,
  type OptionSpec,
  type OutputFormat,
} from './cli/command-spec.js';
import { classifyError, UsageError } from './cli/errors.js';
import { EXIT } from './cli/exit-codes.js';
import { renderCommandHelp, renderMainHelp } from './cli/help.js';
import { InterruptedError, whenInterrupted } from './cli/interrupt.js';
import { type CliIo, paint, useColor } from './cli/io.js';
import { type DbOptions, DEFAULT_NB_REMOTE } from './cli/nb-reader.js';
import { COMMANDS } from './cli/registry.js';

export type { CliIo } from './cli/io.js';

/** The version of `@ovnkit/cli`, read from its package.json (`ovnkit --version`). */
export const VERSION: string = (() => {
  try {
    return (
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    ).version;
  } catch {
    return '0.0.0';
  }
})();

const TAKES_VALUE = new Set(
  Object.entries(GLOBAL_OPTIONS).flatMap(([n, o]) =>
    o.type === 'string' ? [`--${n}`, ...(o.short ? [`-${o.short}`] : [])] : [],
  ),
);

/** The positional words before any command-specific option: used to pick the command. */
function leadingWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (TAKES_VALUE.has(a)) i++;
      continue;
    }
    words.push(a);
    if (words.length === 2) break;
  }
  return words;
}

function findCommand(words: readonly string[]): CommandSpec | undefined {
  return COMMANDS.find((c) => c.path.every((p, i) => words[i] === p));
}

/**
 * Splits argv into option tokens and positionals. After the command words, a token that is not
 * one of the command's options is an argument even if it starts with '-' (ovn-nbctl accepts
 * `show -dash` for a switch named "-dash"); before them, every dash token is an option.
 */
function splitArgs(argv: readonly string[], spec: CommandSpec): { options: string[]; positionals: string[] } {
  const all = { ...GLOBAL_OPTIONS, ...spec.options };
  const long = new Map(Object.entries(all).map(([n, o]) => [`--${n}`, o]));
  const short = new Map<string, OptionSpec>(
    Object.entries(all).flatMap(([, o]) => (o.short ? [[`-${o.short}`, o] as [string, OptionSpec]] : [])),
  );
  const options: string[] = [];
  const positionals: string[] = [];
  let seenWords = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const inCommand = seenWords >= spec.path.length;
    const known = long.get(a.split('=')[0]!) ?? short.get(a);
    if (a.startsWith('-') && a.length > 1 && (known || !inCommand)) {
      options.push(a);
      if (known?.type === 'string' && !a.includes('=') && i + 1 < argv.length) options.push(argv[++i]!);
      continue;
    }
    positionals.push(a);
    seenWords++;
  }
  return { options, positionals };
}

function toParseArgsOptions(opts: Readonly<Record<string, OptionSpec>>) {
  return Object.fromEntries(
    Object.entries(opts).map(([n, o]) => [
      n,
      { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
    ]),
  ) as Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
}

function dbOptions(values: Record<string, unknown>, env: CliIo['env']): DbOptions {
  // Like ovn-nbctl, the last --db wins for single-NB commands.
  const db = (values.db as string[] | undefined)?.at(-1) ?? env.OVN_NB_DB ?? DEFAULT_NB_REMOTE;
  const key = values['private-key'] as string | undefined;
  const cert = values.certificate as string | undefined;
  const ca = values['ca-cert'] as string | undefined;
  if ((key || cert || ca) && !(key && cert && ca))
    throw new UsageError('SSL needs all three of -p/--private-key, -c/--certificate, -C/--ca-cert');
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const secs = Number(values.timeout);
    if (!Number.isFinite(secs) || secs < 0)
      throw new UsageError(`--timeout: "${values.timeout}" is not a number of seconds`);
    timeoutMs = secs > 0 ? secs * 1000 : undefined;
  }
  return {
    db,
    ...(key && cert && ca ? { tls: { privateKey: key, certificate: cert, caCert: ca } } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  };
}

/** A command line resolved to its command and context, before anything runs (see `parseCommandLine`). */
export interface ParsedCommandLine {
  readonly spec: CommandSpec;
  readonly ctx: CommandContext;
  /** `--help` was given: print the command's help instead of running it. */
  readonly help: boolean;
}

/**
 * The command line as `run` reads it, without running anything: the command, its options and
 * positionals checked against its spec, and the command's own option checks (`spec.check`).
 * Throws UsageError naming what is wrong. The deploy/ manifest test calls this on every container.
 */
export function parseCommandLine(
  argv: readonly string[],
  io: CliIo,
  spec: CommandSpec | undefined = findCommand(leadingWords(argv)),
): ParsedCommandLine {
  if (!spec) throw new UsageError(`no command in ${JSON.stringify(argv.join(' '))}`);
  const parsed = (() => {
    try {
      const split = splitArgs(argv, spec);
      return parseArgs({
        args: [...split.options, '--', ...split.positionals],
        options: toParseArgsOptions({ ...GLOBAL_OPTIONS, ...spec.options }),
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError(
        (err as Error).message.replace(/\. To specify a positional argument.*$/s, ''),
        spec.path.join(' '),
      );
    }
  })();
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const positionals = parsed.positionals.slice(spec.path.length);
  const name = spec.path.join(' ');
  const format = (values.format ?? 'table') as string;
  const ctx: CommandContext = {
    io,
    positionals,
    options: values,
    // --help prints help whatever else is wrong on the line.
    db: values.help ? { db: DEFAULT_NB_REMOTE } : dbOptions(values, io.env),
    dbs: (values.db as string[] | undefined) ?? [],
    format: format as OutputFormat,
    color: useColor(io),
  };
  if (values.help) return { spec, ctx, help: true };
  if (positionals.length < spec.positionals.min)
    throw new UsageError(`${name}: missing argument (usage: ${spec.usage})`, name);
  if (positionals.length > spec.positionals.max)
    throw new UsageError(`${name}: unexpected argument "${positionals[spec.positionals.max]}"`, name);
  if (format !== 'table' && format !== 'json')
    throw new UsageError(`--format: "${format}" is not table or json`, name);
  spec.check?.(ctx);
  return { spec, ctx, help: false };
}

/** Runs ovnkit with `argv` (without the program name); resolves with the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const color = useColor(io);
  const words = leadingWords(argv);
  const spec = findCommand(words);
  let db = io.env.OVN_NB_DB ?? DEFAULT_NB_REMOTE;
  try {
    if (!spec) {
      if (argv.includes('--version') || argv.includes('-V')) {
        io.stdout.write(`ovnkit ${VERSION}\n`);
        return EXIT.OK;
      }
      if (words.length === 0 || argv.includes('--help') || argv.includes('-h') || words[0] === 'help') {
        const helpFor =
          words[0] === 'help'
            ? findCommand(words.slice(1).concat(argv.filter((a) => !a.startsWith('-')).slice(2)))
            : undefined;
        io.stdout.write(helpFor ? renderCommandHelp(helpFor) : renderMainHelp(COMMANDS, VERSION));
        return words.length === 0 && !argv.includes('--help') && !argv.includes('-h') ? EXIT.USAGE : EXIT.OK;
      }
      const group = COMMANDS.filter((c) => c.path[0] === words[0]);
      if (group.length)
        throw new UsageError(`${words[0]}: expected one of: ${group.map((c) => c.path[1]).join(', ')}`);
      throw new UsageError(`unknown command "${words[0]}"`);
    }
    const parsed = parseCommandLine(argv, io, spec);
    if (parsed.help) {
      io.stdout.write(renderCommandHelp(spec));
      return EXIT.OK;
    }
    db = parsed.ctx.db.db;
    const running = spec.run(parsed.ctx);
    if (spec.stopsOnSignal) return await running;
    // The command may be waiting on a peer that never answers: a signal ends it here.
    running.catch(() => undefined);
    return await Promise.race([running, whenInterrupted(io.signal)]);
  } catch (err) {
    if (err instanceof InterruptedError) {
      io.stderr.write(`${paint(color, 31, 'ovnkit:')} ${err.message}\n`);
      return err.exitCode;
    }
    const c = classifyError(err, db);
    io.stderr.write(`${paint(color, 31, 'ovnkit:')} ${c.message}\n`);
    if (c.hint) io.stderr.write(`  ${c.hint}\n`);
    return spec?.errorExit ?? c.code;
  }
}
