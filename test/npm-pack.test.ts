// `npm pack` of each published package, installed into an empty project outside the repository
// (a temp dir) as a user would install them from the registry; the project imports every entry
// point and type-checks with strict and exactOptionalPropertyTypes (test/npm-pack/consumer.ts),
// loads them at run time, and runs the installed `ovnkit`. Needs the build (setup does it);
// dependencies come from the npm cache, or the registry when the cache lacks them.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONSUMER_RUNTIME, CONSUMER_SOURCE, CONSUMER_TSCONFIG } from './npm-pack/consumer.js';

const execFileP = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const PUBLISHED = ['ovsdb', 'egressip-controller', 'cli'];
const versionOf = (pkg: string) =>
  (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;

let dir: string;
let project: string;
let tarballs: string[];
const npm = (args: string[], cwd: string) =>
  execFileP('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, maxBuffer: 1 << 26 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-pack-'));
  const { stdout } = await npm(
    ['pack', '--json', '--pack-destination', dir, ...PUBLISHED.flatMap((p) => ['-w', `packages/${p}`])],
    root,
  );
  const packed = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarballs = packed.map((p) => join(dir, p.filename));
  project = join(dir, 'consumer');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
  writeFileSync(join(project, 'index.ts'), CONSUMER_SOURCE);
  writeFileSync(join(project, 'runtime.mjs'), CONSUMER_RUNTIME);
  await npm(
    [
      'install',
      '--prefer-offline',
      ...tarballs,
      `typescript@${versionOf('typescript')}`,
      `@types/node@${versionOf('@types/node')}`,
      // @kubernetes/client-node's .d.ts import 'ws' (through isomorphic-ws) without depending on
      // its types: a project with skipLibCheck false needs them (said in the controller README).
      '@types/ws@^8',
    ],
    project,
  );
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm pack of each published package, installed outside the repository', () => {
  it('each tarball holds the build, the LICENSE, README and CHANGELOG, and no tests or sources', async () => {
    for (const p of PUBLISHED) {
      const { stdout } = await npm(['pack', '--dry-run', '--json', '-w', `packages/${p}`], root);
      const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map(
        (f) => f.path,
      );
      expect({
        p,
        has: ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/index.d.ts'].filter((f) =>
          files.includes(f),
        ),
      }).toEqual({
        p,
        has: ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/index.d.ts'],
      });
      expect({ p, stray: files.filter((f) => /\.test\.|\.tsbuildinfo$|^src\//.test(f)) }).toEqual({
        p,
        stray: [],
      });
    }
  });

  it('imports type-check with strict and exactOptionalPropertyTypes (our .d.ts included)', async () => {
    const r = await execFileP(join(project, 'node_modules', '.bin', 'tsc'), ['-p', project], {
      cwd: project,
    }).catch((e: { stdout?: string; code?: number }) => ({ stdout: e.stdout ?? String(e), code: e.code }));
    expect(r.stdout).toBe('');
    // A full type-check of every installed .d.ts; the bound only guards against a hang.
  }, 300_000);

  it('every entry point loads at run time, and the installed ovnkit runs', async () => {
    const { stdout } = await execFileP(process.execPath, [join(project, 'runtime.mjs')], { cwd: project });
    const loaded = JSON.parse(stdout) as Record<string, number>;
    for (const [entry, exports] of Object.entries(loaded))
      expect({ entry, some: exports > 0 }).toEqual({ entry, some: true });
    const version = await execFileP(join(project, 'node_modules', '.bin', 'ovnkit'), ['--version'], {
      cwd: project,
    });
    expect(version.stdout.trim()).toBe(`ovnkit ${versionOf('@ovnkit/cli')}`);
  });
});
