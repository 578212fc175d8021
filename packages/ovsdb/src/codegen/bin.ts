#!/usr/bin/env node
// ovsdb-codegen <schema.ovsschema> [-o out.ts] [--import <module>]: see run-codegen.ts.
import { runCodegen } from './run-codegen.js';

process.exitCode = runCodegen(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
});
