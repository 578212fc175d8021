// Every TypeScript block of every README compiles under the repository's strict options against
// the built packages, and the blocks not marked `compile` run against a real NB ovsdb-server.
// How to annotate a block: test/readme/blocks.ts. Needs a build (`npx tsc -b`, done by setup).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { extractTsBlocks } from './readme/blocks.js';
import { type BlockSource, compileBlocks } from './readme/compile.js';
import { runBlock } from './readme/run.js';

const root = resolve(import.meta.dirname, '..');

function readmes(): string[] {
  const files = [join(root, 'README.md')];
  for (const dir of ['packages', 'examples']) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const file = join(root, dir, entry.name, 'README.md');
      if (entry.isDirectory() && readdirSync(join(root, dir, entry.name)).includes('README.md'))
        files.push(file);
    }
  }
  return files;
}

const sources: BlockSource[] = readmes().flatMap((file) =>
  extractTsBlocks(readFileSync(file, 'utf8'), relative(root, file)).map((block) => ({ file, block })),
);
const label = (s: BlockSource) => `${relative(root, s.file)} block ${s.block.index} (line ${s.block.line})`;

describe('README TypeScript blocks', () => {
  it('there are blocks to check', () => {
    expect(sources.length).toBeGreaterThan(0);
  });

  it('every block compiles (strict, against the built .d.ts)', () => {
    const errors = compileBlocks(root, sources);
    const failures = [...errors]
      .filter(([, list]) => list.length > 0)
      .map(([s, list]) => `${label(s)}:\n  ${list.join('\n  ')}`);
    expect(failures.join('\n\n')).toBe('');
  });

  let server: OvsdbServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  const runnable = sources.filter((s) => s.block.mode === 'run');
  it.each(runnable.map((s) => [label(s), s] as const))(
    '%s runs against a real NB server',
    async (_name, s) => {
      server = await startOvsdbServer({ schemas: ['nb'] });
      const r = await runBlock(root, s.block, server.remote);
      expect({ exit: r.code, stderr: r.stderr }).toEqual({ exit: 0, stderr: r.code === 0 ? r.stderr : '' });
    },
  );
});
