// Nothing silent: on a REAL NB without the base topology, the reconciler's notes reach the log
// (each distinct one once), the notes counter, and the runOnce summary, where the assigned IP
// that has no rows is listed as unprogrammed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import { createManifestSource } from '../src/manifests/manifest-source.js';
import { createLogger } from '../src/ops/logger.js';
import { createController } from '../src/runner/controller.js';
import { connectNbSide } from '../src/runner/nb-side.js';

const simpsons = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/simpsons');
let server: OvsdbServer;
let dir: string;
beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'] });
  dir = await mkdtemp(join(tmpdir(), 'ovnkit-notes-'));
});
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('logs each note once, counts it by kind, and reports the unprogrammed egress IP', async () => {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const logger = createLogger({ level: 'info', stream });
  const controller = createController({
    source: createManifestSource({
      dir: simpsons,
      statusFile: join(dir, 'status.yaml'),
      watch: false,
      logger,
    }),
    nb: await connectNbSide({ remote: server.remote, logger }),
    logger,
  });
  const summary = await controller.runOnce();
  const lines = chunks
    .join('')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const nexthop = lines.filter((l) => l.kind === 'missing-nexthop');
  expect(nexthop).toEqual([
    expect.objectContaining({
      level: 'warn',
      egressip: 'egressip-demo',
      message:
        'EgressIP egressip-demo: no IPv4 address on rtoj-GR_ovn-worker for egress IP 192.168.126.100 (topology not ready?)',
    }),
  ]);
  expect(lines.filter((l) => String(l.message).startsWith('QoS priority 103')).length).toBe(1);
  expect(summary.unprogrammed.map((n) => n.kind)).toEqual(['missing-nexthop']);
  expect(summary.notes.map((n) => n.kind).sort()).toEqual(['missing-nexthop', 'qos-mark-unsupported']);
  const counted = await controller.metrics.registry.getSingleMetricAsString('ovnkit_egressip_notes_total');
  expect(counted).toContain('ovnkit_egressip_notes_total{kind="missing-nexthop"} 1');
  expect(counted).toContain('ovnkit_egressip_notes_total{kind="qos-mark-unsupported"} 1');
});
