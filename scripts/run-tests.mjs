// Runs Jest (ESM mode) over every package and prints the closing line CI reads:
//   tests: N passed, N failed
// Extra arguments go to Jest, e.g. `npm run test:only -- packages/ovsdb`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.PATH = `${process.env.PATH}:/usr/sbin:/sbin`;
const dir = mkdtempSync(join(tmpdir(), 'ovnkit-jest-'));
const out = join(dir, 'results.json');
const started = Date.now();
const res = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings',
    'node_modules/jest/bin/jest.js',
    '--json',
    `--outputFile=${out}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
let suitesFailed = 0;
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  // A suite that fails to load has no failed test but must still fail the run.
  suitesFailed = r.numRuntimeErrorTestSuites ?? 0;
} catch {
  failed = 1;
}
rmSync(dir, { recursive: true, force: true });
const code = res.status === 0 && failed === 0 && suitesFailed === 0 ? 0 : 1;
console.log(
  `test run took ${((Date.now() - started) / 1000).toFixed(1)}s; suites that failed to run: ${suitesFailed}`,
);
console.log(`tests: ${passed} passed, ${failed + (code !== 0 && failed === 0 ? 1 : 0)} failed`);
process.exit(code);
