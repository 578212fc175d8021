// Running the system tools the lab drives (ip, ovs-vsctl, ovn-nbctl, curl, ...), with errors
// that name the command line and what it printed.
import { type ChildProcess, execFile, execFileSync } from 'node:child_process';
import { findBinary } from '@ovnkit/testkit';

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | string | null,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`'${argv.join(' ')}' failed (exit ${exitCode}): ${stderr.trim() || 'no output'}`, options);
  }
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Text fed to stdin. */
  input?: string;
}

// Commands still running, so that an interrupted lab can stop them too (they mention its paths).
const running = new Set<ChildProcess>();

/** SIGKILLs every command started by run() that has not finished; returns their pids. */
export function killRunningCommands(): number[] {
  const pids: number[] = [];
  for (const child of running) {
    if (child.pid !== undefined) pids.push(child.pid);
    child.kill('SIGKILL');
  }
  return pids;
}

/** Runs `program args` and resolves with its stdout; rejects with a CommandError. */
export function run(program: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
  const bin = program.startsWith('/') ? program : findBinary(program);
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin,
      args,
      {
        env: opts.env ?? process.env,
        timeout: opts.timeoutMs ?? 30_000,
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException & { code?: number | string }).code ?? null;
          reject(
            new CommandError([program, ...args], err.killed ? 'killed (timeout)' : code, stderr, {
              cause: err,
            }),
          );
        } else resolve(stdout);
      },
    );
    running.add(child);
    child.on('exit', () => running.delete(child));
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** The synchronous form, for signal handlers that must finish before the process exits. */
export function runSync(program: string, args: readonly string[], timeoutMs = 5000): string {
  const bin = program.startsWith('/') ? program : findBinary(program);
  return execFileSync(bin, args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `program args` inside network namespace `netns`. */
export function runIn(
  netns: string,
  program: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<string> {
  return run(
    'ip',
    ['netns', 'exec', netns, program.startsWith('/') ? program : findBinary(program), ...args],
    opts,
  );
}
