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
