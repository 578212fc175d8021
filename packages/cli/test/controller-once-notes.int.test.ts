// Nothing silent: on an NB without the base topology, `controller --once` prints the reconciler's
// notes and fails with the reason (the assigned egress IP has no SNAT and no reroute); once the
// topology exists, the same run succeeds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { EXIT } from '../src/cli/exit-codes.js';
import { ovnkit } from './helpers/run-cli.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples', 'simpsons');
let server: OvsdbServer;
let dir: string;
beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'] });
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-notes-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const once = (...more: string[]) =>
  ovnkit([
    '--db',
    server.remote,
    'controller',
    '--manifests',
    examples,
    '--status-file',
    join(dir, 'status.yaml'),
    '--once',
    '--log-level',
    'error',
    ...more,
  ]);

it('fails with the reason when the assigned egress IP cannot be programmed, succeeds after topology init', async () => {
  const bare = await once();
  expect(bare.code).toBe(EXIT.FAILED);
  expect(bare.stderr).toBe(
    'not programmed: EgressIP egressip-demo: no IPv4 address on rtoj-GR_ovn-worker for egress IP 192.168.126.100 (topology not ready?)\n',
  );
  expect(bare.stdout).toContain(
    'note: missing-nexthop (egressip-demo): EgressIP egressip-demo: no IPv4 address on rtoj-GR_ovn-worker',
  );
  // OVN 23.03's NB has no QoS "mark" action: the skipped feature is in the summary, not an error.
  expect(bare.stdout).toContain(
    'note: qos-mark-unsupported: QoS priority 103 reply-traffic mark rows skipped',
  );
  const json = JSON.parse((await once('--format', 'json')).stdout) as {
    failures: unknown[];
    unprogrammed: Array<{ kind: string; egressIP: string }>;
  };
  expect(json.failures).toEqual([]);
  expect(json.unprogrammed).toMatchObject([{ kind: 'missing-nexthop', egressIP: 'egressip-demo' }]);

  expect((await ovnkit(['--db', server.remote, 'topology', 'init', '--manifests', examples])).code).toBe(
    EXIT.OK,
  );
  const done = await once();
  expect(done.stderr).toBe('');
  expect(done.code).toBe(EXIT.OK);
  expect(done.stdout).not.toContain('missing-nexthop');
}, 120000);
