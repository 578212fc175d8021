// Dependency arrows, checked mechanically: cli -> egressip-controller -> ovsdb, and ovsdb imports
// nothing of ours and no npm package at runtime. Test files may import the testkit.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g))
    specs.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs;
}

const ALLOWED_OURS: Record<string, string[]> = {
  ovsdb: [],
  'egressip-controller': ['@ovnkit/ovsdb'],
  cli: ['@ovnkit/ovsdb', '@ovnkit/egressip-controller'],
  testkit: [],
  lab: ['@ovnkit/ovsdb', '@ovnkit/egressip-controller', '@ovnkit/cli', '@ovnkit/testkit'],
};

/**
 * Folder arrows inside egressip-controller (architecture doc 7.4): the pure layers import only
 * the shared api/ types (and render the NB wire types in nb/), never each other or the layers
 * above them. Tests beside the code may import what they test against.
 */
const CONTROLLER_FOLDER_ARROWS: Record<string, string[]> = {
  api: [],
  queue: [],
  allocation: ['api'],
  render: ['api', 'nb'],
  nb: [],
};

/**
 * Folder arrows of @ovnkit/ovsdb's lower layers (architecture doc 7.4): session -> rpc ->
 * transport, session -> replica -> model -> schema -> wire -> errors. json/ (received JSON:
 * parsing with bigints, raw messages kept as bytes) sits at the bottom, so rpc/ produces raw
 * messages and replica/ stores their rows without either importing the other.
 */
const OVSDB_FOLDER_ARROWS: Record<string, string[]> = {
  errors: [],
  json: ['errors'],
  wire: ['errors'],
  transport: ['errors'],
  schema: ['wire', 'errors'],
  model: ['schema', 'wire', 'errors'],
  rpc: ['transport', 'json', 'errors'],
  replica: ['model', 'schema', 'wire', 'json', 'errors'],
};

function describeFolderArrows(pkg: string, arrows: Record<string, string[]>) {
  describe(`${pkg} folder arrows`, () => {
    const srcDir = join(root, 'packages', pkg, 'src');
    for (const [folder, allowed] of Object.entries(arrows)) {
      it(`${folder}/ imports only ${allowed.length ? allowed.join(', ') : 'itself'}`, () => {
        const problems: string[] = [];
        for (const file of sourceFiles(join(srcDir, folder))) {
          for (const spec of importsOf(file)) {
            if (!spec.startsWith('.')) continue;
            const target = relative(srcDir, resolve(file, '..', spec)).split('/')[0]!;
            if (target !== folder && !allowed.includes(target))
              problems.push(
                `${relative(root, file)} imports '${spec}': ${folder}/ must not import ${target}/`,
              );
          }
        }
        expect(problems).toEqual([]);
      });
    }
  });
}
describeFolderArrows('egressip-controller', CONTROLLER_FOLDER_ARROWS);
describeFolderArrows('ovsdb', OVSDB_FOLDER_ARROWS);

describe('package boundaries', () => {
  for (const [pkg, allowed] of Object.entries(ALLOWED_OURS)) {
    it(`${pkg} imports only what its arrows allow`, () => {
      const srcDir = join(root, 'packages', pkg, 'src');
      const problems: string[] = [];
      for (const file of sourceFiles(srcDir)) {
        for (const spec of importsOf(file)) {
          const where = `${relative(root, file)} imports '${spec}'`;
          if (spec.startsWith('@ovnkit/')) {
            if (!allowed.includes(spec)) problems.push(`${where}: not an allowed dependency of ${pkg}`);
          } else if (spec.startsWith('.')) {
            const target = resolve(file, '..', spec);
            if (!target.startsWith(srcDir)) problems.push(`${where}: relative import leaves the package`);
          } else if (pkg === 'ovsdb' && !spec.startsWith('node:')) {
            problems.push(`${where}: @ovnkit/ovsdb must use only Node built-ins at runtime`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
