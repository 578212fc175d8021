// The built ovnkit as a real child process: signals, exit codes and stderr as an operator sees
// them. Needs the build (npm test runs it first; `npx tsc -b` by hand).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');

export interface CliProcess {
  readonly child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Resolves with the first match of `re` in stderr (checked on every chunk). */
  waitForStderr(re: RegExp): Promise<RegExpExecArray>;
  /** The exit code (or 128 + signal number when a signal ended it). */
  readonly exited: Promise<number>;
  /** Resolves with the exit code, or fails (and SIGKILLs the process) after `ms`. */
  exitWithin(ms: number): Promise<number>;
}

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function startCli(argv: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...argv], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  let done = false;
  // 'close' comes after the output streams ended, so stderr is complete by then.
  const exited = new Promise<number>((resolve) =>
    child.on('close', (code, signal) => {
      done = true;
      for (const w of waiters.splice(0)) w();
      resolve(code ?? 128 + (SIGNALS[signal ?? ''] ?? 0));
    }),
  );
  const proc: CliProcess = {
    child,
    stderr: () => err,
    stdout: () => out,
    exited,
    waitForStderr(re) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(err);
          if (m) return resolve(m);
          if (done) return reject(new Error(`ovnkit exited before stderr matched ${re}:\n${err}`));
          waiters.push(check);
        };
        check();
      });
    },
    async exitWithin(ms) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`ovnkit still running ${ms} ms later; stderr:\n${err}`));
        }, ms);
      });
      try {
        return await Promise.race([exited, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return proc;
}
