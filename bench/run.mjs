// Runs every benchmark (bench/<area>/run.mjs) one after the other against the built packages.
// Each prints its table and writes a dated record to docs/benchmarks/<area>.md.
// `npm run bench -- ovsdb-protocol cli` runs only the named areas.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const areas = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'run.mjs')))
  .map((d) => d.name)
  .filter((a) => wanted.length === 0 || wanted.includes(a))
  .sort();
let failed = 0;
for (const area of areas) {
  console.log(`\n## ${area}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, area, 'run.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`(${area} failed with exit code ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
