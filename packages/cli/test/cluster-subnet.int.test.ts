// `--cluster-subnet` as documented (issue 16 item 6): CIDR/HOSTPREFIX and bare CIDR (host prefix
// /24 for IPv4, /64 for IPv6, as ovn-kubernetes defaults it) both run; a setting the controller
// rejects after the NB connection is open ends the process at once with the setting named (a
// real process: before, the open NB session kept it alive after the error).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { EXIT } from '../src/cli/exit-codes.js';
import { type CliProcess, startCli } from './helpers/cli-process.js';
import { ovnkit } from './helpers/run-cli.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples', 'simpsons');
const EXIT_BOUND_MS = 20_000;
let nb: OvsdbServer;
let dir: string;
const running: CliProcess[] = [];
beforeAll(async () => {
  nb = await startOvsdbServer({ schemas: ['nb'] });
  expect((await ovnkit(['--db', nb.remote, 'topology', 'init', '--manifests', examples])).code).toBe(EXIT.OK);
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-subnet-'));
});
afterEach(() => {
  for (const p of running.splice(0)) p.child.kill('SIGKILL');
});
afterAll(async () => {
  await nb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// One `controller --once` run against the topology, its status in its own file.
function controllerOnce(statusName: string, flags: readonly string[]): CliProcess {
  const p = startCli([
    '--db',
    nb.remote,
    'controller',
    '--manifests',
    examples,
    '--status-file',
    join(dir, statusName),
    '--once',
    ...flags,
  ]);
  running.push(p);
  return p;
}

const once = (subnet: string, n: number): CliProcess =>
  controllerOnce(`status-${n}.yaml`, ['--log-level', 'error', '--cluster-subnet', subnet]);

it.each([
  ['10.128.0.0/14/23', 1],
  ['10.128.0.0/14', 2],
])(
  '--cluster-subnet %s runs',
  async (subnet, n) => {
    const p = once(subnet, n);
    expect(await p.exitWithin(EXIT_BOUND_MS)).toBe(EXIT.OK);
    expect(p.stdout()).toMatch(/192\.168\.126\.100/);
  },
  30_000,
);

it('a host prefix shorter than the subnet is refused, naming it, and the process ends', async () => {
  const p = once('10.128.0.0/14/8', 3);
  expect(await p.exitWithin(EXIT_BOUND_MS)).toBe(EXIT.USAGE);
  expect(p.stderr()).toMatch(
    /--cluster-subnet: "10\.128\.0\.0\/14\/8": host prefix 8 must be longer than \/14 and at most \/32/,
  );
}, 30_000);

it('a value that is not CIDR[/HOSTPREFIX] is a usage error', async () => {
  const p = once('10.128.0.0', 4);
  expect(await p.exitWithin(EXIT_BOUND_MS)).toBe(EXIT.USAGE);
  expect(p.stderr()).toMatch(/--cluster-subnet: "10\.128\.0\.0" is not CIDR or CIDR\/HOSTPREFIX/);
}, 30_000);

it('a join subnet the controller rejects after connecting to the NB ends the process, naming it', async () => {
  const p = controllerOnce('status-join.yaml', ['--join-subnet', '100.64.0.0/99']);
  expect(await p.exitWithin(EXIT_BOUND_MS)).toBe(EXIT.FAILED);
  expect(p.stderr()).toMatch(/joinSubnetV4/);
}, 30_000);
