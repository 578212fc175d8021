// lerna.json and the npm workspaces describe the same monorepo: tools that read either one (lerna,
// nx, editors) see the same packages, and lerna's fixed version is the one changesets keeps.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const root = resolve(import.meta.dirname, '..');
const readJson = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));

describe('monorepo layout', () => {
  const lerna = readJson('lerna.json');
  const pkg = readJson('package.json');

  it('lerna.json lists the same package globs as the npm workspaces, with npm as client', () => {
    expect(lerna.packages).toEqual(pkg.workspaces);
    expect(lerna.npmClient).toBe('npm');
  });

  it("lerna's fixed version is the version of every published package", () => {
    const fixed: string[] = readJson('.changeset/config.json').fixed[0];
    for (const name of fixed) {
      const dir = name.replace('@ovnkit/', 'packages/');
      expect(`${name}@${readJson(`${dir}/package.json`).version}`).toBe(`${name}@${lerna.version}`);
    }
  });
});
