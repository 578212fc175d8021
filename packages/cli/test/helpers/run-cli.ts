// Runs ovnkit in-process through run(argv, io) and captures what it writes.
import { run } from '../../src/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  /** stdout as raw bytes (latin1), for byte-for-byte comparisons. */
  bytes: string;
  stderr: string;
}

export async function ovnkit(
  argv: string[],
  env: Record<string, string | undefined> = {},
  isTTY = false,
): Promise<CliResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) => ({
    write: (c: string | Uint8Array) =>
      into.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c)),
  });
  const code = await run(argv, { stdout: sink(out), stderr: sink(err), env, isTTY });
  const o = Buffer.concat(out);
  return {
    code,
    stdout: o.toString('utf8'),
    bytes: o.toString('latin1'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}
