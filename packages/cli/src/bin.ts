#!/usr/bin/env node
// The `ovnkit` executable: hands argv to run() and reports its exit code through process.exitCode
// (never process.exit, so pending output is flushed).
import { run } from './main.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
