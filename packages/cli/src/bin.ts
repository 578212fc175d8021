#!/usr/bin/env node
// The `ovnkit` executable: hands argv to run() and reports its exit code through process.exitCode
// (never process.exit, so pending output is flushed).
import { run } from './main.js';

const stop = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());

process.exitCode = await run(process.argv.slice(2), {
  signal: stop.signal,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
