// Ctrl-C (SIGINT) and even SIGKILL at any point leave nothing behind: the demo's own handler
// tears down on SIGINT; on SIGKILL testkit's reaper and the lab's namespace watchdog do.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { findLeftovers, settledLeftovers } from '@ovnkit/lab';
import { until } from '@ovnkit/testkit';

const DEMO = fileURLToPath(new URL('../dist/demo-main.js', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDemo(): Started {
  if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: build first (npx tsc -b packages/lab)`);
  const child = spawn(process.execPath, [DEMO], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return { child, output: () => out, exited };
}

/** Waits until the demo has printed `marker`, then returns the lab prefix and directory it announced. */
async function labOf(s: Started, marker: string): Promise<{ prefix: string; dir: string }> {
  const early = s.exited.then(() => {
    throw new Error(`the demo exited before printing '${marker}':\n${s.output()}`);
  });
  const seen = until(`the demo to print '${marker}'`, 90_000, async () => {
    const out = s.output();
    const prefix = /namespaces (ovnkit-[0-9a-f]{6})-\*/.exec(out)?.[1];
    const dir = /unix sockets in (\S+)/.exec(out)?.[1];
    return out.includes(marker) && prefix && dir ? { prefix, dir } : undefined;
  });
  early.catch(() => {});
  return Promise.race([seen, early]);
}

describe('interrupting the demo', () => {
  if (process.getuid?.() !== 0)
    throw new Error('the lab tests need root (network namespaces): run them as root');

  it('SIGINT while the controller runs: exit 130 and nothing left behind', async () => {
    const s = startDemo();
    const { prefix, dir } = await labOf(s, '] Requests with the EgressIP in place');
    expect((await findLeftovers(prefix, dir)).namespaces.length).toBeGreaterThan(4);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(130);
    expect(s.output()).toContain('interrupted by SIGINT, torn down');
    expect(await settledLeftovers(prefix, dir)).toEqual({ namespaces: [], pids: [], dirExists: false });
  }, 120_000);

  it('SIGKILL while the lab runs: the watchdogs remove namespaces, daemons and directory', async () => {
    const s = startDemo();
    const { prefix, dir } = await labOf(s, '] Creating the base topology');
    s.child.kill('SIGKILL');
    await s.exited;
    expect(await settledLeftovers(prefix, dir, 20_000)).toEqual({
      namespaces: [],
      pids: [],
      dirExists: false,
    });
  }, 120_000);
});
