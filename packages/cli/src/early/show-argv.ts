// Which remote a plain `ovnkit show` reads, judged from argv alone, before the command-line parser
// has loaded. Anything unusual (TLS, --timeout, --egress-ip, --help, a dash argument...) answers
// undefined and the command takes the normal path. A wrong guess costs one wasted connection:
// the command uses an early read only when its fully parsed options name the same remote.
import { DEFAULT_NB_REMOTE } from '../cli/nb-remote.js';

export function plainShowRemote(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  let db: string | undefined;
  let command: string | undefined;
  let positionals = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') {
      db = argv[++i];
      if (db === undefined) return undefined;
    } else if (a.startsWith('--db=')) db = a.slice('--db='.length);
    else if (a === '--format' || a === '-f') i++;
    else if (a.startsWith('--format=')) continue;
    else if (a.startsWith('-')) return undefined;
    else if (command === undefined) {
      if (a !== 'show') return undefined;
      command = a;
    } else if (++positionals > 1) return undefined;
  }
  return command === undefined ? undefined : (db ?? env.OVN_NB_DB ?? DEFAULT_NB_REMOTE);
}
