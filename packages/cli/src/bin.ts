#!/usr/bin/env node
// The `ovnkit` executable: hands argv to run() and reports its exit code through process.exitCode
// (never process.exit while output may be pending). SIGINT/SIGTERM abort io.signal; commands end
// on it, and whatever they leave open (a socket to a server that never answers) cannot keep the
// process alive: it exits once run() returns, or after STOP_GRACE_MS at the latest.
import { InterruptedError, type StopSignal } from './cli/interrupt.js';
import { run } from './main.js';

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

const STOP_GRACE_MS = 4500;
const LINGER_MS = 2000;
const stop = new AbortController();
let interrupted: InterruptedError | undefined;
for (const sig of ['SIGINT', 'SIGTERM'] as const satisfies StopSignal[]) {
  process.on(sig, () => {
    const first = interrupted === undefined;
    interrupted ??= new InterruptedError(sig);
    if (!first) process.exit(interrupted.exitCode); // a second signal: now
    stop.abort(interrupted);
    setTimeout(() => process.exit(interrupted?.exitCode), STOP_GRACE_MS).unref();
  });
}

process.exitCode = await run(process.argv.slice(2), {
  signal: stop.signal,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
// stdout and stderr are synchronous for files and pipes on Linux, so nothing is lost here.
if (interrupted) process.exit();
// The command is over: a handle it failed to release (a connection left open by a library
// error path) must not keep the process alive.
setTimeout(() => process.exit(), LINGER_MS).unref();
