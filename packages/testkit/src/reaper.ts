// Leftover protection: a detached watchdog that outlives this process.
// It holds the read end of a pipe whose write end is ours; when we die (even by SIGKILL) the pipe
// closes, and it kills the servers we registered (only if their command line still names their
// temp dir, so a recycled pid is never hit) and removes the temp dirs.
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

const SCRIPT = `
pairs=""
while read -r kind pid dir; do
  case "$kind" in
    pid) pairs="$pairs $pid:$dir" ;;
    dir) pairs="$pairs 0:$pid" ;;
  esac
done
for pair in $pairs; do
  pid="\${pair%%:*}"; dir="\${pair#*:}"
  if [ "$pid" != 0 ] && [ -r "/proc/$pid/cmdline" ] && tr '\\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$dir"; then
    kill -9 "$pid" 2>/dev/null
  fi
done
sleep 0.2 2>/dev/null
for pair in $pairs; do rm -rf -- "\${pair#*:}"; done
`;

let reaper: ChildProcess | undefined;
const liveDirs = new Set<string>();
const livePids = new Map<number, string>();

function ensureReaper(): ChildProcess {
  if (reaper) return reaper;
  reaper = spawn('/bin/sh', ['-c', SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  reaper.unref();
  // The pipe must not keep our event loop alive.
  (reaper.stdin as unknown as { unref?: () => void }).unref?.();
  reaper.stdin?.on('error', () => {});
  installExitHandlers();
  return reaper;
}

/** Registers a temp dir to be removed if this process dies without cleaning up. */
export function guardDir(dir: string): void {
  liveDirs.add(dir);
  ensureReaper().stdin?.write(`dir ${dir}\n`);
}

/** Registers a server pid (whose command line mentions `dir`) to be killed if this process dies. */
export function guardPid(pid: number, dir: string): void {
  livePids.set(pid, dir);
  ensureReaper().stdin?.write(`pid ${pid} ${dir}\n`);
}

export function releasePid(pid: number): void {
  livePids.delete(pid);
}

export function releaseDir(dir: string): void {
  liveDirs.delete(dir);
}

let handlersInstalled = false;
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanup = () => {
    for (const pid of livePids.keys()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      cleanup();
      process.kill(process.pid, sig);
    });
  }
}
