// Every shell command in a README's ```sh block is run here as a reader would type it (through
// bash, from the repository root, `ovnkit` on PATH as npm links it), against real servers, and its
// output is checked. A command with no check below fails the first test, so a new README command
// cannot go untested. Two substitutions only: `OVN_NB_DB` points at the test's own NB server, and
// the README's example TCP remote `tcp:127.0.0.1:6641` becomes that server's (free) TCP port.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { settledLeftovers } from '@ovnkit/lab';
import { findBinary, type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';

const root = resolve(import.meta.dirname, '..');
const README_TCP = 'tcp:127.0.0.1:6641';

interface ShCommand {
  readonly file: string;
  readonly line: number;
  readonly command: string;
}

function readmes(): string[] {
  const files = [join(root, 'README.md')];
  for (const dir of ['packages', 'examples']) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.isDirectory() && readdirSync(join(root, dir, entry.name)).includes('README.md'))
        files.push(join(root, dir, entry.name, 'README.md'));
    }
  }
  return files;
}

/** The commands of every ```sh / ```bash block: one per line, trailing `# comments` dropped. */
function shCommands(): ShCommand[] {
  const out: ShCommand[] = [];
  for (const file of readmes()) {
    const lines = readFileSync(file, 'utf8').split('\n');
    let inSh = false;
    lines.forEach((text, i) => {
      if (/^```/.test(text)) {
        inSh = !inSh && /^```(sh|bash|shell)\s*$/.test(text);
        return;
      }
      const command = text.replace(/\s+#.*$/, '').trim();
      if (inSh && command && !command.startsWith('#'))
        out.push({ file: relative(root, file), line: i + 1, command });
    });
  }
  return out;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sh(command: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('bash', ['-c', command], {
      cwd: root,
      env: { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

function nbctl(server: OvsdbServer, ...args: string[]): Promise<Run> {
  return sh([findBinary('ovn-nbctl'), `--db=${server.remote}`, ...args].map((a) => `'${a}'`).join(' '));
}

async function ok(r: Promise<Run>): Promise<string> {
  const done = await r;
  if (done.code !== 0) throw new Error(`exit ${done.code}:\n${done.stderr}${done.stdout}`);
  return done.stdout;
}

/** The lab prefix and directory the demo announces, to check it left nothing behind. */
function labOf(output: string): { prefix: string; dir: string } {
  const prefix = /namespaces (ovnkit-[0-9a-f]{6})-\*/.exec(output)?.[1];
  const dir = /unix sockets in (\S+?)(?:\/zone-\*|\s|$)/.exec(output)?.[1];
  if (!prefix || !dir) throw new Error(`the demo did not announce its lab:\n${output}`);
  return { prefix, dir };
}

let server: OvsdbServer;
beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'], tcp: true });
  // Rows for `show` and `lr-policy-list` to print, written by ovn-nbctl itself.
  await ok(
    nbctl(
      server,
      'ls-add',
      'sw0',
      '--',
      'lsp-add',
      'sw0',
      'sw0-p1',
      '--',
      'lsp-set-addresses',
      'sw0-p1',
      '0a:58:0a:80:00:05 10.128.0.5',
    ),
  );
  await ok(
    nbctl(
      server,
      'lr-add',
      'ovn_cluster_router',
      '--',
      'lrp-add',
      'ovn_cluster_router',
      'rtos-sw0',
      '0a:58:0a:80:00:01',
      '10.128.0.1/23',
    ),
  );
  await ok(
    nbctl(
      server,
      'lr-policy-add',
      'ovn_cluster_router',
      '102',
      'ip4.src == 10.128.0.0/14 && ip4.dst == 10.128.0.0/14',
      'allow',
    ),
  );
  await ok(
    nbctl(
      server,
      'lr-policy-add',
      'ovn_cluster_router',
      '100',
      'ip4.src == 10.128.0.5',
      'reroute',
      '100.64.0.3',
    ),
  );
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const env = () => ({ OVN_NB_DB: server.remote });
const withTcp = (command: string) => command.replace(README_TCP, server.tcpRemote ?? README_TCP);

/** How each README command is checked; keyed by the command exactly as the README writes it. */
const CHECKS: Record<string, (command: string) => Promise<void>> = {
  'npm test': async () => {
    // The suite cannot run itself: CI's entry runs exactly this command on a clean clone.
    const ci = readFileSync(join(root, '.ci/run'), 'utf8').trim().split('\n');
    expect(ci.at(-1)).toBe('npm test');
  },
  'npm run demo': async (command) => {
    const r = await sh(command);
    expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/simpson\/homer +on ovn-worker +seen as 192\.168\.126\.100 +\(the egress IP\)/);
    expect(r.stdout).toContain('the egress traffic left through: ovn-worker2');
    expect(r.stdout).toMatch(/Demo complete in /);
    const { prefix, dir } = labOf(r.stdout);
    expect(await settledLeftovers(prefix, dir)).toEqual({ namespaces: [], pids: [], dirExists: false });
  },
  'npm run build': async (command) => {
    await ok(sh(command));
    const version = await ok(sh('ovnkit --version'));
    expect(version).toMatch(/^ovnkit \d+\.\d+\.\d+/);
  },
  'npx ovnkit --help': async (command) => {
    const out = await ok(sh(command));
    expect(out).toMatch(/^Usage: ovnkit /m);
    expect(out).toContain('lr-policy-list');
  },
  'ovnkit show': async (command) => {
    const ours = await ok(sh(command, env()));
    expect(ours).toContain('switch ');
    expect(ours).toBe(await ok(nbctl(server, 'show')));
  },
  'ovnkit --db tcp:127.0.0.1:6641 lr-policy-list ovn_cluster_router': async (command) => {
    const ours = await ok(sh(withTcp(command)));
    expect(ours).toContain('reroute');
    expect(ours).toBe(await ok(nbctl(server, 'lr-policy-list', 'ovn_cluster_router')));
  },
  'ovnkit egressip show 192.168.126.100 --manifests examples/simpsons': async (command) => {
    // What a reader has before asking: the example's topology and the controller's rows.
    const nb = await startOvsdbServer({ schemas: ['nb'] });
    try {
      const e = { OVN_NB_DB: nb.remote };
      await ok(sh('ovnkit topology init --manifests examples/simpsons', e));
      await ok(sh('ovnkit controller --manifests examples/simpsons --once', e));
      const out = await ok(sh(command, e));
      expect(out).toMatch(/^Egress IP 192\.168\.126\.100$/m);
      expect(out).toMatch(/type: "snat"/);
      expect(out).toMatch(/EgressIP \S+: egressIPs \[192\.168\.126\.100\], assigned node \S+/);
    } finally {
      await nb.stop();
    }
  },
};

const commands = shCommands();

describe('README shell commands', () => {
  it('every command of every ```sh block has a check here', () => {
    expect(commands.length).toBeGreaterThan(0);
    const unchecked = commands
      .filter((c) => !(c.command in CHECKS))
      .map((c) => `${c.file}:${c.line}: ${c.command}`);
    expect(unchecked).toEqual([]);
  });

  it.each(commands.map((c) => [`${c.file}:${c.line} ${c.command}`, c] as const))(
    '%s',
    async (_name, c) => {
      if (c.command.startsWith('npm run demo') && process.getuid?.() !== 0)
        throw new Error('the demo needs root (network namespaces): run the tests as root');
      const check = CHECKS[c.command];
      if (!check) throw new Error(`no check for ${c.command}`);
      await check(c.command);
    },
    240_000,
  );
});
