// The README promises `npx ovnkit ...` from the repository root after the set-up step: the
// workspace executables must be linked into node_modules/.bin and run the built CLI.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const execFileP = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const version = (
  JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8')) as { version: string }
).version;

describe('npx from the repository root', () => {
  it('npx ovnkit --version runs the built CLI', async () => {
    const { stdout } = await execFileP('npx', ['--no-install', 'ovnkit', '--version'], { cwd: root });
    expect(stdout.trim()).toBe(`ovnkit ${version}`);
  });

  it('npx ovnkit against a socket that does not exist exits 3 (cannot connect) with a hint', async () => {
    const err = await execFileP(
      'npx',
      ['--no-install', 'ovnkit', '--db', 'unix:/nonexistent/nb.sock', 'show'],
      {
        cwd: root,
      },
    ).catch((e: unknown) => e as { code: number; stderr: string });
    expect(err).toMatchObject({ code: 3 });
    expect((err as { stderr: string }).stderr).toMatch(/nonexistent\/nb\.sock/);
  });

  it('npx ovsdb-codegen is linked too (no schema given: usage, exit 2)', async () => {
    const err = await execFileP('npx', ['--no-install', 'ovsdb-codegen'], { cwd: root }).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/^usage: ovsdb-codegen <schema\.ovsschema>/m);
  });
});
