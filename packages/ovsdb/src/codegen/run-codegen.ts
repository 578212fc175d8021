// The ovsdb-codegen command as a function: arguments in, exit code out, output through `io`.
import { readFileSync, writeFileSync } from 'node:fs';
import { SchemaError } from '../schema/schema-error.js';
import { CodegenError, generateModule } from './generate-module.js';
import { parseJsonLossless } from './parse-json-lossless.js';

export const USAGE = 'usage: ovsdb-codegen <schema.ovsschema> [-o out.ts] [--import <module>]';

export interface CodegenIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes: 0 written, 1 bad schema or unreadable file, 2 bad usage. */
export function runCodegen(argv: readonly string[], io: CodegenIo): number {
  let input: string | undefined;
  let output: string | undefined;
  let importFrom: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-o' || a === '--out' || a === '--import') {
      const v = argv[++i];
      if (v === undefined) {
        io.stderr(`ovsdb-codegen: ${a} needs a value\n${USAGE}\n`);
        return 2;
      }
      if (a === '--import') importFrom = v;
      else output = v;
    } else if (a === '-h' || a === '--help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    } else if (!a.startsWith('-') && input === undefined) {
      input = a;
    } else {
      io.stderr(`ovsdb-codegen: unexpected argument ${JSON.stringify(a)}\n${USAGE}\n`);
      return 2;
    }
  }
  if (input === undefined) {
    io.stderr(`ovsdb-codegen: no schema file given\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = generateModule(parseJsonLossless(readFileSync(input, 'utf8')), importFrom ? { importFrom } : {});
  } catch (err) {
    if (err instanceof SchemaError || err instanceof CodegenError || err instanceof SyntaxError) {
      io.stderr(`ovsdb-codegen: ${input}: ${err.message}\n`);
      return 1;
    }
    if ((err as NodeJS.ErrnoException).code !== undefined) {
      io.stderr(`ovsdb-codegen: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
  if (output === undefined) io.stdout(text);
  else writeFileSync(output, text);
  return 0;
}
