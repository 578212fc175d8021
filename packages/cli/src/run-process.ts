// The `ovnkit` process around run(): output errors, exit code, no lingering. Loaded by bin.ts
// once it has sent any early request and installed the signal handlers.
import type { EarlyRead } from './early/early-read.js';
import { run } from './main.js';

const LINGER_MS = 2000;

/** What bin.ts hands over: its early read, the stop signal, whether a signal came. */
export interface ProcessStart {
  readonly early: EarlyRead | undefined;
  readonly signal: AbortSignal;
  interrupted(): boolean;
}

/** Runs ovnkit on process.argv and sets process.exitCode. */
export async function runProcess(start: ProcessStart): Promise<void> {
  // A reader that went away (`ovnkit show | head -1`) ends us quietly, as it does ovn-nbctl; any
  // other output failure (a full disk) is one line on stderr and exit 1, never a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    try {
      process.stderr.write(`ovnkit: cannot write the output: ${err.message}\n`);
    } finally {
      process.exit(1);
    }
  });
  process.stderr.on('error', () => process.exit(1));

  const { early } = start;
  process.exitCode = await run(process.argv.slice(2), {
    signal: start.signal,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    ...(early ? { early } : {}),
  });
  early?.close(); // unused (another command, or options the early guess did not foresee)
  // stdout and stderr are synchronous for files and pipes on Linux, so nothing is lost here.
  if (start.interrupted()) process.exit();
  // The command is over: a handle it failed to release (a connection left open by a library
  // error path) must not keep the process alive.
  setTimeout(() => process.exit(), LINGER_MS).unref();
}
