// Namespaces outlive their creator, so a hard kill (SIGKILL) of the lab's process would leave them
// behind. A detached watchdog holds the read end of a pipe from us; when the pipe closes (our
// normal teardown, or our death) it deletes every namespace we told it about that still exists.
import { type ChildProcess, spawn } from 'node:child_process';
import { findBinary } from '@ovnkit/testkit';

const SCRIPT = `
names=""
while read -r name; do names="$names $name"; done
for n in $names; do "$0" netns delete "$n" 2>/dev/null; done
`;

export interface NetnsGuard {
  watch(name: string): void;
  /** Ends the watchdog (it deletes whatever is still there) and resolves when it has exited. */
  close(): Promise<void>;
}

export function startNetnsGuard(): NetnsGuard {
  const child: ChildProcess = spawn('/bin/sh', ['-c', SCRIPT, findBinary('ip')], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.stdin?.on('error', () => {});
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    watch: (name) => {
      child.stdin?.write(`${name}\n`);
    },
    close: async () => {
      child.stdin?.end();
      await exited;
    },
  };
}
