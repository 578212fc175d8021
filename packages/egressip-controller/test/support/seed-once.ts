// The examples/simpsons GitOps seed run through one manifest-mode controller pass after its
// EgressIP's address is set: what a GitOps edit followed by a sync does. Shared by the
// unassigned-annotation test and the Argo CD health check test.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { OnceSummary } from '../../src/runner/controller.js';
import { createControllerFromConfig } from '../../src/runner/controller-from-config.js';

/** The EgressIP as the status file holds it: annotations and status as the controller left them. */
export interface StatusItem {
  metadata: { annotations?: Record<string, string> };
  status?: { items?: unknown[] };
}

/** Sets the one IP of the seed's egressip-demo.yaml in the copy at `repo`, runs the controller once. */
export async function seedOnceWithIP(
  repo: string,
  statusFile: string,
  ip: string,
): Promise<{ summary: OnceSummary; status: StatusItem }> {
  const file = join(repo, 'egressip', 'base', 'egressip-demo.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/- [0-9.]+\n/, `- ${ip}\n`));
  const c = await createControllerFromConfig({
    mode: 'manifests',
    manifestsDir: repo,
    statusFile,
    watch: false,
    logLevel: 'error',
  });
  const summary = await c.runOnce();
  const doc = parse(readFileSync(statusFile, 'utf8')) as { items: StatusItem[] };
  return { summary, status: doc.items[0]! };
}
