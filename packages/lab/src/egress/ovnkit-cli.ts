// Running the project's own `ovnkit` command (packages/cli, built) from the lab, and finding out
// which of its subcommands exist yet.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Daemon, startDaemon } from '@ovnkit/testkit';
import { run } from '../exec.js';

/** packages/cli/dist/bin.js, located from this file (works from src/ under Jest and from dist/). */
export const OVNKIT_BIN = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));

export function ovnkit(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  return run(process.execPath, [OVNKIT_BIN, ...args], { timeoutMs });
}

/** True when the built CLI documents `<command...>` with every one of `flags` in its help. */
export async function ovnkitHas(command: readonly string[], flags: readonly string[]): Promise<boolean> {
  if (!existsSync(OVNKIT_BIN)) return false;
  try {
    const help = await ovnkit([...command, '--help'], 15_000);
    return flags.every((f) => help.includes(f));
  } catch {
    return false;
  }
}

/** The CLI says a command exists but is not wired up yet (it lands piece by piece). */
export function isNotAvailable(err: unknown): boolean {
  return /not available|not wired|not implemented/i.test(err instanceof Error ? err.message : String(err));
}

/** `ovnkit args` as a background daemon; `guard` (the lab directory) must appear in `args`. */
export function startOvnkitDaemon(args: readonly string[], guard: string): Daemon {
  // testkit resolves the program on PATH; the node found there runs the CLI like npm would.
  return startDaemon('node', [OVNKIT_BIN, ...args], guard);
}
