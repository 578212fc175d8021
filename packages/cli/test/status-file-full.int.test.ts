// `controller --once` when the status file cannot be written (issue 16 item 5), on a real file
// size limit (`ulimit -f`: writes past it fail with EFBIG; Node ignores SIGXFSZ): the run must
// fail (exit 1, the file named), leave no temp file, and leave the status file either as it was
// or complete, never cut off.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');
const examples = join(import.meta.dirname, '..', '..', '..', 'examples', 'simpsons');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-fullstatus-'));
  const manifests = join(dir, 'manifests');
  mkdirSync(manifests);
  cpSync(join(examples, 'nodes'), join(manifests, 'nodes'), { recursive: true });
  // 60 EgressIPs: their status takes far more than the 2 KiB the file may grow to.
  const objects = Array.from(
    { length: 60 },
    (_, i) =>
      `apiVersion: k8s.ovn.org/v1\nkind: EgressIP\nmetadata:\n  name: eip-${i}\nspec:\n  egressIPs: ["192.168.126.${100 + i}"]\n  namespaceSelector:\n    matchLabels:\n      house: simpson-${i}\n`,
  );
  writeFileSync(join(manifests, 'egressips.yaml'), objects.join('---\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a status file that cannot be written fails the run, atomically', async () => {
  const statusDir = join(dir, 'status');
  mkdirSync(statusDir);
  const statusFile = join(statusDir, 'status.yaml');
  const args = [
    BIN,
    'controller',
    '--no-nb',
    '--manifests',
    join(dir, 'manifests'),
    '--status-file',
    statusFile,
    '--once',
  ];
  // ulimit -f counts 1024-byte blocks in bash.
  const child = spawn('bash', ['-c', 'ulimit -f 2 && exec "$0" "$@"', process.execPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect({ code, stdout }).toMatchObject({ code: 1 });
  expect(stderr).toMatch(/status\.yaml/);
  expect(readdirSync(statusDir).filter((f) => f !== 'status.yaml')).toEqual([]);
  const written = readdirSync(statusDir).includes('status.yaml') ? readFileSync(statusFile, 'utf8') : '';
  if (written) expect(() => parse(written)).not.toThrow();
}, 60_000);
