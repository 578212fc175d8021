// ovn-nbctl against the lab's NB, several commands in one transaction ("--" separated).
import { run } from './exec.js';

export type NbctlCommand = readonly string[];

/** Runs the commands in one ovn-nbctl invocation (one NB transaction). */
export function nbctl(
  nbRemote: string,
  commands: readonly NbctlCommand[],
  opts: { wait?: 'sb' | 'hv' } = {},
): Promise<string> {
  const args = [`--db=${nbRemote}`, '--timeout=30', ...(opts.wait ? [`--wait=${opts.wait}`] : [])];
  commands.forEach((c, i) => {
    if (i > 0) args.push('--');
    args.push(...c);
  });
  return run('ovn-nbctl', args, { timeoutMs: 40_000 });
}
