// Spawning daemons so that they can never outlive the test: each runs under
// `setpriv --pdeathsig KILL` (dies with us) and is registered with the reaper.
import { type ChildProcess, spawn } from 'node:child_process';
import { findBinary } from './binaries.js';
import { guardPid, releasePid } from './reaper.js';

export interface Daemon {
  readonly pid: number;
  readonly exited: Promise<number | null>;
  readonly child: ChildProcess;
  /** Stderr collected so far (the daemons log there when their log file is not yet open). */
  stderr(): string;
  /** Sends `signal` and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `program args` in the background; `guard` must be a path that appears in its command line. */
export function startDaemon(program: string, args: string[], guard: string, env?: NodeJS.ProcessEnv): Daemon {
  const bin = findBinary(program);
  const setpriv = findBinary('setpriv');
  const child = spawn(setpriv, ['--pdeathsig', 'KILL', '--', bin, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: env ?? process.env,
  });
  if (child.pid === undefined) throw new Error(`could not start ${program}`);
  const pid = child.pid;
  guardPid(pid, guard);
  let err = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    if (err.length < 65536) err += d;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => {
      releasePid(pid);
      resolve(code ?? (signal ? -1 : null));
    });
  });
  child.unref();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    pid,
    exited,
    child,
    stderr: () => err,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
      await exited;
    },
  };
}
