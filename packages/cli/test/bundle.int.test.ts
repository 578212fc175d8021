// The `ovnkit` executable is bundled (scripts/bundle-cli.mjs): dist/bin.js, which sends show's
// request first, and the rest of the CLI in a second file it imports.
// It must behave exactly like the module build: same bytes for show (against a real server, vs
// ovn-nbctl too), same exit codes, and the lazily loaded commands (controller, YAML manifests)
// must still find their packages. The bundle is built here, next to the real one.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { nbctl } from './helpers/nb-fixture.js';

const execFileP = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..', '..');
const dist = join(root, 'packages', 'cli', 'dist');
const bundle = join(dist, `ovnkit-bundle-test-${process.pid}.mjs`);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function runNode(file: string, args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [file, ...args], {
      encoding: 'latin1',
      maxBuffer: 1 << 26,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let server: OvsdbServer;
beforeAll(async () => {
  await execFileP(process.execPath, [join(root, 'scripts', 'bundle-cli.mjs'), bundle]);
  server = await startOvsdbServer({ schemas: ['nb'] });
  // One switch and one router per node, ovn-kubernetes style (names, a router port, a SNAT).
  const commands = Array.from({ length: 30 }, (_, i) => {
    const mac = `0a:58:0a:00:00:${(i + 16).toString(16)}`;
    return [
      `ls-add node${i}`,
      `lsp-add node${i} k8s-node${i}`,
      `lsp-set-addresses k8s-node${i} "${mac} 10.0.${i}.2"`,
      `lr-add GR_node${i}`,
      `lrp-add GR_node${i} rtoj-GR_node${i} ${mac.replace('0a:00', '64:40')} 100.64.0.${i + 2}/16`,
      `lr-nat-add GR_node${i} snat 172.18.0.${i + 2} 10.0.${i}.0/24`,
    ];
  }).flat();
  const args = commands.flatMap((c) => [
    '--',
    ...(c.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replaceAll('"', '')),
  ]);
  const r = await nbctl(server.remote, ...args);
  expect(r.stderr).toBe('');
}, 60_000);
afterAll(async () => {
  rmSync(bundle, { force: true });
  rmSync(bundle.replace(/\.mjs$/, '-main.mjs'), { force: true });
  await server?.stop();
});

describe('the bundled ovnkit executable', () => {
  it('prints show byte for byte like the module build and like ovn-nbctl', async () => {
    const fromBundle = await runNode(bundle, ['--db', server.remote, 'show']);
    const fromModules = await runNode(join(dist, 'bin.js'), ['--db', server.remote, 'show']);
    const reference = await nbctl(server.remote, 'show');
    expect(fromBundle.code).toBe(0);
    expect(fromBundle.stdout).toContain('switch ');
    expect(fromBundle.stdout).toBe(fromModules.stdout);
    expect(fromBundle.stdout).toBe(reference.stdout);
  });

  it('exits like the module build: --version, usage error, unreachable database', async () => {
    for (const args of [
      ['--version'],
      ['show', '--no-such-option'],
      ['--db', 'unix:/nonexistent/nb.sock', 'show'],
    ]) {
      const a = await runNode(bundle, args);
      const b = await runNode(join(dist, 'bin.js'), args);
      expect({ args, code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual({
        args,
        code: b.code,
        stdout: b.stdout,
        stderr: b.stderr,
      });
    }
  });

  it('loads the packages it left outside the bundle (YAML manifests)', async () => {
    const args = ['egressip', 'list', '--manifests', join(root, 'examples', 'simpsons')];
    const a = await runNode(bundle, args);
    const b = await runNode(join(dist, 'bin.js'), args);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('NAME');
    expect(a).toEqual(b);
  });
});
