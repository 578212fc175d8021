// An egress IP no node can host: besides the Warning event, the controller keeps the reason on
// the object (annotation ovnkit.io/unassigned-egress-ips), which is what a health check that
// reads only the object (deploy/argocd's Lua) can see; fixed spec -> assigned, annotation gone.
// Manifest mode, where the annotation lives in the status file.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { UNASSIGNED_ANNOTATION } from '../src/api/types.js';
import { seedOnceWithIP } from './support/seed-once.js';

const seed = resolve(import.meta.dirname, '..', '..', '..', 'examples', 'simpsons');
let dir: string;
let repo: string;
let statusFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-unassigned-'));
  repo = join(dir, 'gitops');
  cpSync(seed, repo, { recursive: true });
  statusFile = join(dir, 'status.yaml');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps the reason on the object while no node can host the IP, and removes it once assigned', async () => {
  const stuck = await seedOnceWithIP(repo, statusFile, '10.99.0.1'); // in no node's network
  expect(stuck.status.status?.items ?? []).toEqual([]);
  expect(stuck.status.metadata.annotations?.[UNASSIGNED_ANNOTATION]).toBe(
    'No matching nodes found, which can host any of the egress IPs: [10.99.0.1] for object EgressIP: egressip-demo',
  );
  expect(stuck.summary.events.map((e) => e.reason)).toContain('NoMatchingNodeFound');

  const fixed = await seedOnceWithIP(repo, statusFile, '192.168.126.100');
  expect(fixed.status.status?.items).toEqual([{ node: 'ovn-worker', egressIP: '192.168.126.100' }]);
  expect(fixed.status.metadata.annotations?.[UNASSIGNED_ANNOTATION]).toBeUndefined();
});
