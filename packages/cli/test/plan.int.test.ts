// `ovnkit plan` on the seed's GitOps repository (examples/simpsons) against a real NB: before
// and after adding egressip-demo, and after the controller applied it. The plan must write
// nothing: every row's _version and the status file are compared around each plan.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { EXIT } from '../src/cli/exit-codes.js';
import { PLAN_HAS_CHANGES } from '../src/commands/plan-command.js';
import type { PlanReport } from '../src/render/plan-diff.js';
import { readSnapshot } from './helpers/nb-fixture.js';
import { ovnkit } from './helpers/run-cli.js';

const seed = join(import.meta.dirname, '..', '..', '..', 'examples', 'simpsons');
let server: OvsdbServer;
let dir: string;
let repo: string;
let statusFile: string;

const nbDump = async () => JSON.stringify(await readSnapshot(server.remote));
const statusText = () => (existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : '(absent)');

/** Runs `ovnkit plan` and checks that the NB and the status file are exactly as before. */
async function plan(...extra: string[]) {
  const before = { nb: await nbDump(), status: statusText() };
  const r = await ovnkit([
    '--db',
    server.remote,
    'plan',
    '--manifests',
    repo,
    '--status-file',
    statusFile,
    ...extra,
  ]);
  expect({ nb: await nbDump(), status: statusText() }).toEqual(before);
  return r;
}

async function apply() {
  const r = await ovnkit([
    '--db',
    server.remote,
    'controller',
    '--manifests',
    repo,
    '--status-file',
    statusFile,
    '--once',
    '--log-level',
    'error',
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(EXIT.OK);
}

beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'] });
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-plan-'));
  // The GitOps repository before the change: the seed without its EgressIP.
  repo = join(dir, 'gitops');
  cpSync(seed, repo, { recursive: true });
  rmSync(join(repo, 'egressip'), { recursive: true });
  statusFile = join(dir, 'egressip-status.yaml');
  const init = await ovnkit(['--db', server.remote, 'topology', 'init', '--manifests', repo]);
  expect(init.code).toBe(EXIT.OK);
  await apply();
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('ovnkit plan', () => {
  it('before the change: the applied repository plans to nothing (exit 0)', async () => {
    const r = await plan();
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^No changes: /m);
    expect(r.code).toBe(EXIT.OK);
  });

  it('after adding egressip-demo: the assignment and its NB rows, nothing written (exit 2)', async () => {
    cpSync(join(seed, 'egressip'), join(repo, 'egressip'), { recursive: true });
    const r = await plan();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(PLAN_HAS_CHANGES);
    const text = r.stdout;
    expect(text).toContain(
      'EgressIP egressip-demo:\n  assignment: (none) -> 192.168.126.100 on ovn-worker\n',
    );
    // homer (10.128.0.5) and marge (10.128.2.5) are rerouted to ovn-worker's join IP and SNATed there.
    for (const pod of ['10.128.0.5', '10.128.2.5']) {
      expect(text).toMatch(
        new RegExp(
          `\\+ Logical_Router_Policy on ovn_cluster_router\\.policies: priority=100 match="ip4\\.src == ${pod.replace(/\./g, '\\.')}" action=reroute nexthops=\\["100\\.64\\.0\\.2"\\]`,
        ),
      );
      expect(text).toContain(
        `+ NAT on GR_ovn-worker.nat: snat 192.168.126.100 <- ${pod} logical_port=k8s-ovn-worker`,
      );
    }
    expect(text).toMatch(
      /~ Address_Set a\d+ \(egressip-served-pods\) addresses: \+10\.128\.0\.5 \+10\.128\.2\.5/,
    );
    expect(text).not.toMatch(/^ {2}- /m);
    expect(text).toMatch(
      /^Plan: 1 assignment\(s\) to write, 4 row\(s\) to add, 1 to change, 0 to delete\.$/m,
    );

    const json = await plan('--format', 'json');
    expect(json.code).toBe(PLAN_HAS_CHANGES);
    const report = JSON.parse(json.stdout) as PlanReport;
    expect(report.changes).toBe(true);
    expect(report.summary).toEqual({ add: 4, change: 1, delete: 0, assignments: 1 });
    expect(report.assignments).toEqual([
      {
        current: [],
        egressIP: 'egressip-demo',
        events: [],
        planned: [{ egressIP: '192.168.126.100', node: 'ovn-worker' }],
      },
    ]);
    expect(report.groups.map((g) => g.egressIP)).toEqual(['egressip-demo']);
  });

  it('after the controller applied it: no diff (exit 0)', async () => {
    await apply();
    const r = await plan();
    expect(r.stdout).toMatch(/^No changes: /m);
    expect(r.stdout).not.toMatch(/^ {2}[+~-] /m);
    expect(r.code).toBe(EXIT.OK);
    const json = await plan('--format', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({ changes: false, groups: [] });
  });

  it('a deleted node moves the IP: the plan shows the move and the rows that follow it', async () => {
    const moved = join(dir, 'moved');
    cpSync(repo, moved, { recursive: true });
    rmSync(join(moved, 'nodes', 'ovn-worker.yaml'));
    const r = await ovnkit([
      '--db',
      server.remote,
      'plan',
      '--manifests',
      moved,
      '--status-file',
      statusFile,
    ]);
    expect(r.code).toBe(PLAN_HAS_CHANGES);
    expect(r.stdout).toContain('assignment: 192.168.126.100 on ovn-worker -> 192.168.126.100 on ovn-worker2');
    // The pod's SNAT moves with the IP: updated in place and moved from GR_ovn-worker to GR_ovn-worker2.
    expect(r.stdout).toMatch(/^ {2}~ NAT [0-9a-f-]{36}: logical_port: k8s-ovn-worker -> k8s-ovn-worker2$/m);
    expect(r.stdout).toMatch(
      /^ {2}~ Logical_Router GR_ovn-worker\.nat - NAT [0-9a-f-]{36}: snat 192\.168\.126\.100 <- 10\.128\.0\.5/m,
    );
    expect(r.stdout).toMatch(
      /^ {2}~ Logical_Router GR_ovn-worker2\.nat \+ NAT [0-9a-f-]{36}: snat 192\.168\.126\.100 <- 10\.128\.0\.5/m,
    );
  });

  it('errors exit 1 (2 means changes): no --manifests, an unreachable NB, a missing directory', async () => {
    const none = await ovnkit(['--db', server.remote, 'plan']);
    expect(none.code).toBe(EXIT.FAILED);
    expect(none.stderr).toMatch(/plan needs --manifests DIR/);
    const unreachable = await ovnkit([
      '--db',
      join(dir, 'nope.sock').replace(/^/, 'unix:'),
      'plan',
      '--manifests',
      repo,
    ]);
    expect(unreachable.code).toBe(EXIT.FAILED);
    expect(unreachable.stderr).toMatch(/nope\.sock/);
    const missing = await ovnkit(['--db', server.remote, 'plan', '--manifests', join(dir, 'absent')]);
    expect(missing.code).toBe(EXIT.FAILED);
    expect(missing.stderr).toMatch(/absent/);
  });
});
