// Output that cannot be written (issue 16 item 9), with real file descriptors: a pipe whose
// reader goes away after the first bytes (`ovnkit show | head -1`) ends ovnkit quietly, as it
// ends ovn-nbctl; /dev/full (a device that is always out of space) gives one line and exit 1,
// never a stack trace.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type OvsdbServer, rawCall, startOvsdbServer } from '@ovnkit/testkit';

const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');
let nb: OvsdbServer;

beforeAll(async () => {
  nb = await startOvsdbServer({ schemas: ['nb'] });
  // Enough rows that `show` prints far more than a pipe buffer (64 KiB) holds.
  const inserts = Array.from({ length: 4000 }, (_, i) => ({
    op: 'insert',
    table: 'Logical_Switch',
    row: { name: `switch-with-a-long-name-${i}` },
  }));
  await rawCall(nb.remote, 'transact', ['OVN_Northbound', ...inserts], { timeoutMs: 60_000 });
});
afterAll(async () => {
  await nb?.stop();
});

it('show into a pipe closed after the first chunk exits 0 without a word on stderr', async () => {
  const child = spawn(process.execPath, [BIN, '--db', nb.remote, 'show'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});

it('show into /dev/full exits 1 with one line naming the failure', async () => {
  const full = openSync('/dev/full', 'w');
  try {
    const child = spawn(process.execPath, [BIN, '--db', nb.remote, 'show'], {
      stdio: ['ignore', full, 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toBe('ovnkit: cannot write the output: ENOSPC: no space left on device, write\n');
  } finally {
    closeSync(full);
  }
});
