// An egress IP no node can host: besides the Warning event, the controller keeps the reason on
// the object (annotation ovnkit.io/unassigned-egress-ips), which is what a health check that
// reads only the object (deploy/argocd's Lua) can see; fixed spec -> assigned, annotation gone.
// Manifest mode, where the annotation lives in the status file.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { UNASSIGNED_ANNOTATION } from '../src/api/types.js';
import { createControllerFromConfig } from '../src/runner/controller-from-config.js';

const seed = resolve(import.meta.dirname, '..', '..', '..', 'examples', 'simpsons');
let dir: string;
let repo: string;
let statusFile: string;

type StatusDoc = {
  items: Array<{ metadata: { annotations?: Record<string, string> }; status?: { items?: unknown[] } }>;
};

const setEgressIP = (ip: string) => {
  const file = join(repo, 'egressip', 'base', 'egressip-demo.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/- [0-9.]+\n/, `- ${ip}\n`));
};

async function once() {
  const c = await createControllerFromConfig({
    mode: 'manifests',
    manifestsDir: repo,
    statusFile,
    watch: false,
    logLevel: 'error',
  });
  const summary = await c.runOnce();
  return { summary, status: (parse(readFileSync(statusFile, 'utf8')) as StatusDoc).items[0]! };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-unassigned-'));
  repo = join(dir, 'gitops');
  cpSync(seed, repo, { recursive: true });
  statusFile = join(dir, 'status.yaml');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps the reason on the object while no node can host the IP, and removes it once assigned', async () => {
  setEgressIP('10.99.0.1'); // in no node's network
  const stuck = await once();
  expect(stuck.status.status?.items ?? []).toEqual([]);
  expect(stuck.status.metadata.annotations?.[UNASSIGNED_ANNOTATION]).toBe(
    'No matching nodes found, which can host any of the egress IPs: [10.99.0.1] for object EgressIP: egressip-demo',
  );
  expect(stuck.summary.events.map((e) => e.reason)).toContain('NoMatchingNodeFound');

  setEgressIP('192.168.126.100');
  const fixed = await once();
  expect(fixed.status.status?.items).toEqual([{ node: 'ovn-worker', egressIP: '192.168.126.100' }]);
  expect(fixed.status.metadata.annotations?.[UNASSIGNED_ANNOTATION]).toBeUndefined();
});
