// The controller image holds only the runtime (issue 16 item 11), checked on the Dockerfile
// without a Docker engine: its stage copies nothing but the build stage's assembled tree (no
// sources, so no layer keeps them), removes the package managers, and runs as an unprivileged
// user; the tree is assembled from build output and production dependencies only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const text = readFileSync(join(import.meta.dirname, '..', '..', 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');

/** The instructions of one stage, continuation lines joined. */
function stage(name: string): string[] {
  const lines = text.split('\n').map((l) => l.trim());
  const start = lines.findIndex((l) => new RegExp(`^FROM \\S+ AS ${name}$`, 'i').test(l));
  if (start < 0) throw new Error(`no stage ${name}`);
  const end = lines.findIndex((l, i) => i > start && /^FROM /i.test(l));
  return lines.slice(start, end < 0 ? undefined : end).filter((l) => l && !l.startsWith('#'));
}

describe('the controller image', () => {
  const controller = stage('controller');

  it('copies only the runtime tree the build stage assembled', () => {
    const copies = controller.filter((l) => /^COPY /i.test(l));
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) expect(c).toMatch(/^COPY --from=build (--chown=\S+ )?\/out\/\S+ \S+$/);
  });

  it('has no npm, npx or corepack', () => {
    const run = controller.filter((l) => /^RUN /.test(l)).join(' ');
    for (const tool of ['/usr/local/bin/npm', '/usr/local/bin/npx', '/usr/local/bin/corepack'])
      expect(run).toContain(tool);
    expect(run).toMatch(/rm -rf \/usr\/local\/lib\/node_modules/);
  });

  it('runs as the unprivileged node user', () => {
    expect(controller).toContain('USER node');
  });

  it('gets build output and production dependencies only: no sources, tests or private packages', () => {
    const assemble = stage('build')
      .filter((l) => l.includes('/out'))
      .join(' ');
    expect(stage('build').join(' ')).toMatch(/npm prune --omit=dev/);
    expect(assemble).toMatch(/for p in ovsdb egressip-controller cli;/);
    expect(assemble).toMatch(/cp -R packages\/\$p\/package\.json packages\/\$p\/dist /);
    expect(assemble).not.toMatch(/packages\/\$p\/src|packages\/\$p\/test/);
    expect(assemble).toMatch(
      /rm -rf \/out\/app\/node_modules\/@ovnkit\/testkit \/out\/app\/node_modules\/@ovnkit\/lab/,
    );
  });
});
