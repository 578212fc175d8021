// The Argo CD pieces of deploy/argocd: the EgressIP health check (run with lua5.1 on Argo CD's
// health_test.yaml cases, on objects the controller itself wrote, and against the controller's
// own IP canonicalisation), the copy of it embedded in argocd-cm, and the Application pointing
// at the seed's overlay.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { canonicalIp } from '@ovnkit/egressip-controller';
import fc from 'fast-check';
import { parse } from 'yaml';
import { seedOnceWithIP } from '../packages/egressip-controller/test/support/seed-once.js';
import { luaHealth } from './argocd/lua-health.js';

const root = resolve(import.meta.dirname, '..');
const argocd = join(root, 'deploy', 'argocd');
const checkDir = join(argocd, 'resource_customizations', 'k8s.ovn.org', 'EgressIP');
const script = join(checkDir, 'health.lua');
const HEALTH_KEY = 'resource.customizations.health.k8s.ovn.org_EgressIP';

const readYaml = <T>(file: string) => parse(readFileSync(file, 'utf8')) as T;

interface ConfigMap {
  metadata: { name: string; namespace: string };
  data?: Record<string, string>;
}
interface Application {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { source: { path: string }; ignoreDifferences: unknown[] };
}

interface HealthCase {
  healthStatus: { status: string; message: string };
  inputPath: string;
}
const cases = readYaml<{ tests: HealthCase[] }>(join(checkDir, 'health_test.yaml')).tests.map(
  (c) => [c.inputPath, c] as const,
);

const eip = (specIPs: string[], items: Array<{ node: string; egressIP: string }>) => ({
  apiVersion: 'k8s.ovn.org/v1',
  kind: 'EgressIP',
  metadata: { name: 'e' },
  spec: { egressIPs: specIPs, namespaceSelector: {} },
  status: { items },
});

describe('EgressIP health check (deploy/argocd)', () => {
  it.each(cases)('%s', async (_path, c) => {
    const verdict = await luaHealth(script, readYaml<object>(join(checkDir, c.inputPath)));
    expect(verdict).toEqual(c.healthStatus);
  });

  it('on what the controller itself writes: Degraded while no node can host the IP, Healthy once fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ovnkit-argocd-'));
    try {
      const repo = join(dir, 'gitops');
      cpSync(join(root, 'examples', 'simpsons'), repo, { recursive: true });
      const statusFile = join(dir, 'status.yaml');
      // The object as the controller left it: the status file holds it with status and annotations.
      const applied = async (ip: string) => (await seedOnceWithIP(repo, statusFile, ip)).status;
      expect(await luaHealth(script, await applied('10.99.0.1'))).toEqual({
        status: 'Degraded',
        message:
          'cannot assign 10.99.0.1: No matching nodes found, which can host any of the egress IPs: [10.99.0.1] for object EgressIP: egressip-demo',
      });
      expect(await luaHealth(script, await applied('192.168.126.100'))).toEqual({
        status: 'Healthy',
        message: 'assigned: 192.168.126.100 on ovn-worker',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('argocd-cm embeds exactly health.lua', () => {
    const cm = readYaml<ConfigMap>(join(argocd, 'argocd-cm.yaml'));
    expect(cm.metadata).toMatchObject({ name: 'argocd-cm', namespace: 'argocd' });
    // On a mismatch: paste health.lua under the data key again (indented by four spaces).
    expect(cm.data?.[HEALTH_KEY]).toBe(readFileSync(script, 'utf8'));
  });

  it('IPs are compared as the controller prints them: same verdict as canonicalIp for tricky inputs', async () => {
    const inputs = [
      '192.168.126.100',
      '010.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '0.0.0.0',
      'FD00:0::0101',
      'fd00::',
      '::',
      '::1',
      '1::',
      '1:0:0:1:0:0:0:1',
      '1:0:0:0:1:0:0:1',
      '1:0:1:0:1:0:1:0',
      '2001:db8:0:0:1:0:0:1',
      '::ffff:1.2.3.4',
      '::FFFF:C0A8:7E64',
      '::1.2.3.4',
      '1:2:3:4:5:6:1.2.3.4',
      '1:2:3:4:5:6:7::',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '12345::1',
      ':1:2:3:4:5:6:7',
      'fe80::1%eth0',
      '192.168.126.100/32',
      ' 192.168.126.100',
      '',
    ];
    for (const ip of inputs) {
      const canonical = canonicalIp(ip);
      const verdict = await luaHealth(
        script,
        eip([ip], canonical ? [{ node: 'n', egressIP: canonical }] : []),
      );
      expect({ ip, status: verdict.status }).toEqual({ ip, status: canonical ? 'Healthy' : 'Degraded' });
    }
  });

  it('random IPv6 addresses written in full upper case are matched with their canonical form', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(0, 0, 0, 1, 0xabcd, 0xffff), { minLength: 8, maxLength: 8 }),
        async (groups) => {
          const written = groups.map((g) => g.toString(16).toUpperCase().padStart(4, '0')).join(':');
          const canonical = canonicalIp(written)!;
          const verdict = await luaHealth(script, eip([written], [{ node: 'n', egressIP: canonical }]));
          expect(verdict.status).toBe('Healthy');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the Application syncs the seed overlay (a kustomization that exists) and leaves status to the controller', () => {
    const app = readYaml<Application>(join(argocd, 'simpson-egressip.yaml'));
    expect(app).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' });
    expect(app.metadata.name).toBe('simpson-egressip');
    const overlay = join(root, app.spec.source.path);
    expect(existsSync(join(overlay, 'kustomization.yaml'))).toBe(true);
    expect(dirname(overlay)).toBe(join(root, 'examples', 'simpsons', 'egressip', 'overlays'));
    expect(app.spec.ignoreDifferences).toEqual([
      expect.objectContaining({
        group: 'k8s.ovn.org',
        kind: 'EgressIP',
        jsonPointers: expect.arrayContaining(['/status']),
      }),
    ]);
  });
});
