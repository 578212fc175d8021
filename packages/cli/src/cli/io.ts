// What a command may touch of the process: output streams, environment, whether stdout is a TTY.
import type { EarlyRead } from '../early/early-read.js';

/** A stream a command writes to (stdout, stderr). */
export interface Writable {
  write(chunk: string | Uint8Array): unknown;
}

/**
 * What a command may touch of the process: the output streams, the environment, whether stdout is a terminal,
 * and a stop signal.
 */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
  /** Aborted when the process is asked to stop (SIGINT/SIGTERM); long-running commands end then. */
  readonly signal?: AbortSignal;
  /** Rows the executable started reading before the CLI loaded (early/early-read.ts), if any. */
  readonly early?: EarlyRead;
}

/** Colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIo): boolean {
  return io.isTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== undefined);
}

export function paint(on: boolean, code: number, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}
