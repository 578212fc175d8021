// `ovnkit topology init` and `ovnkit controller --once` against a real NB with the example
// cluster, then the read commands on the rows they wrote.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { EXIT } from '../src/cli/exit-codes.js';
import { nbctl } from './helpers/nb-fixture.js';
import { ovnkit } from './helpers/run-cli.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples', 'simpsons');
let server: OvsdbServer;
let dir: string;
beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'] });
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-ctl-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('topology init, controller --once, then show / egressip show describe the result', async () => {
  const db = server.remote;
  const init = await ovnkit(['--db', db, 'topology', 'init', '--manifests', examples]);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(EXIT.OK);
  expect(init.stdout).toMatch(/^topology: \d+ operations in 1 transaction\n$/);
  expect((await ovnkit(['--db', db, 'topology', 'init', '--manifests', examples])).stdout).toBe(
    'topology: already complete, nothing written\n',
  );

  const statusFile = join(dir, 'status.yaml');
  const once = await ovnkit([
    '--db',
    db,
    'controller',
    '--manifests',
    examples,
    '--status-file',
    statusFile,
    '--once',
    '--log-level',
    'error',
    '--format',
    'json',
  ]);
  expect(once.code).toBe(EXIT.OK);
  const summary = JSON.parse(once.stdout) as {
    status: Record<string, Array<{ node: string; egressIP: string }>>;
    failures: unknown[];
  };
  expect(summary.failures).toEqual([]);
  const item = summary.status['egressip-demo']![0]!;
  expect(item.egressIP).toBe('192.168.126.100');
  expect(readFileSync(statusFile, 'utf8')).toContain('192.168.126.100');

  // The rows the controller wrote print exactly as ovn-nbctl prints them.
  for (const args of [
    ['show'],
    ['lr-policy-list', 'ovn_cluster_router'],
    ['lr-nat-list', `GR_${item.node}`],
    ['list', 'Address_Set'],
    ['list', 'NAT'],
  ]) {
    const got = await ovnkit(['--db', db, ...args]);
    expect({ args, out: got.bytes }).toEqual({ args, out: (await nbctl(db, ...args)).stdout });
  }

  const view = await ovnkit(['--db', db, 'egressip', 'show', '192.168.126.100', '--status-file', statusFile]);
  expect(view.code).toBe(EXIT.OK);
  expect(view.stdout).toContain(`(GR_${item.node})`);
  expect(view.stdout).toMatch(/10\.128\.0\.5\s+simpson\/homer/);
  expect(view.stdout).toContain(`assigned node ${item.node}\n`);
  const list = await ovnkit(['egressip', 'list', '--status-file', statusFile]);
  expect(list.stdout).toMatch(
    new RegExp(`^egressip-demo\\s+192\\.168\\.126\\.100\\s+${item.node}\\s+192\\.168\\.126\\.100$`, 'm'),
  );
}, 120000);

it('controller needs exactly one cluster source', async () => {
  const r = await ovnkit(['controller', '--once']);
  expect(r.code).toBe(EXIT.USAGE);
  expect(r.stderr).toContain('--kube or --manifests');
});
