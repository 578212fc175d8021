#!/usr/bin/env node
// The `ovnkit` executable. Its first lines send the request of `ovnkit show` (early/), so that
// ovsdb-server builds the reply while Node.js loads and compiles the rest of the CLI
// (run-process.ts and all it imports), which it does next. SIGINT/SIGTERM abort the stop signal
// from the very start; commands end on it, and whatever they leave open (a socket to a server
// that never answers) cannot keep the process alive: it exits after STOP_GRACE_MS at the latest.
import { InterruptedError, type StopSignal } from './cli/interrupt.js';
import { NB_DB } from './cli/nb-remote.js';
import { startEarlyRead } from './early/early-read.js';
import { plainShowRemote } from './early/show-argv.js';
import { SHOW_COLUMNS } from './render/show-columns.js';

const STOP_GRACE_MS = 4500;
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

const showRemote = plainShowRemote(process.argv.slice(2), process.env);
const early = showRemote === undefined ? undefined : startEarlyRead(showRemote, NB_DB, SHOW_COLUMNS);
// One turn of the event loop: a unix socket's connect completes and the request is written
// before the (synchronous) loading of the rest begins.
if (early) await new Promise((resolve) => setImmediate(resolve));
const { runProcess } = await import('./run-process.js');
await runProcess({ early, signal: stop.signal, interrupted: () => interrupted !== undefined });
