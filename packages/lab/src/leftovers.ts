// What a lab could leave behind, looked up from the kernel and /proc (used by tests and teardown).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { listNetns } from './netns.js';

export interface Leftovers {
  readonly namespaces: string[];
  /** Pids (other than ours) whose command line mentions the lab directory. */
  readonly pids: number[];
  readonly dirExists: boolean;
}

export function pidsMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      // Zombies have an empty cmdline: they are already dead, only waiting to be reaped.
      if (cmdline.includes(text)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

export async function findLeftovers(prefix: string, dir: string): Promise<Leftovers> {
  return { namespaces: await listNetns(`${prefix}-`), pids: pidsMentioning(dir), dirExists: existsSync(dir) };
}

export function isClean(l: Leftovers): boolean {
  return l.namespaces.length === 0 && l.pids.length === 0 && !l.dirExists;
}

/** Busy-waits (for signal handlers, which cannot await) until none of `pids` is alive or dying. */
export function waitUntilGoneSync(pids: readonly number[], deadlineMs: number): void {
  const end = Date.now() + deadlineMs;
  const alive = (pid: number) => {
    try {
      // A zombie (already dead, not yet reaped) has an empty command line.
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').length > 0;
    } catch {
      return false;
    }
  };
  while (pids.some(alive) && Date.now() < end) {
    // spin: a few milliseconds at most, the processes were SIGKILLed
  }
}

/**
 * Resolves with the leftovers once none remain, or with what is still there at the deadline.
 * (After a process dies, its watchdogs take a moment: testkit's reaper greps command lines for
 * the lab directory while it cleans up.)
 */
export async function settledLeftovers(prefix: string, dir: string, deadlineMs = 10_000): Promise<Leftovers> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const l = await findLeftovers(prefix, dir);
    if (isClean(l) || Date.now() > end) return l;
    await new Promise((r) => setTimeout(r, 50));
  }
}
