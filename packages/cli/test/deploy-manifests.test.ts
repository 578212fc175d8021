// Every container in deploy/ (every YAML file, any depth) starts the CLI as built, with arguments
// the CLI accepts: the manifests are read as kubectl reads them, the argv is what the kubelet would run (image
// ENTRYPOINT from our Dockerfile, `$(VAR)` expanded), and it goes through the CLI's own parser
// (parseCommandLine, the same code `ovnkit` runs) and, for the controller, the library's config
// validation. Probes must point at the addresses the parsed flags make the controller serve.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import type { V1Container, V1Probe } from '@kubernetes/client-node';
import { validateControllerConfig } from '@ovnkit/egressip-controller';
import { controllerConfig } from '../src/commands/controller-config.js';
import { type CliIo, parseCommandLine } from '../src/main.js';
import { expandKubeVars, podCommands } from './helpers/pod-commands.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const isOurImage = (image: string) => /^(?:[^/]+\/)?ovnkit(?::|@|$)/.test(image);
const commands = podCommands(join(root, 'deploy'), dockerfile, isOurImage);
const ours = commands.filter((c) => isOurImage(c.container.image ?? ''));

const ioWith = (env: Readonly<Record<string, string>>): CliIo => ({
  stdout: { write: () => true },
  stderr: { write: () => true },
  env,
  isTTY: false,
});

/** The CLI's arguments: what follows `node <app>/packages/cli/dist/bin.js`. */
function cliArgs(argv: readonly string[]): string[] {
  const bin = argv.findIndex((a) => a.endsWith('/packages/cli/dist/bin.js'));
  expect(bin).toBeGreaterThan(0);
  expect(argv[bin - 1]).toBe('node');
  return argv.slice(bin + 1);
}

function probePort(c: V1Container, p: V1Probe | undefined): number | undefined {
  const port = p?.httpGet?.port;
  if (port === undefined) return undefined;
  return typeof port === 'number' ? port : c.ports?.find((x) => x.name === port)?.containerPort;
}

describe('deploy/ containers', () => {
  it('finds the controller Deployment among the workloads', () => {
    expect(ours.map((c) => `${c.file} ${c.workload} ${c.container.name}`)).toContain(
      'deployment.yaml Deployment/ovnkit-egressip-controller controller',
    );
  });

  it('run the CLI as the image builds it (the bin of @ovnkit/cli, from packages/cli/src/bin.ts)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    // The image runs dist/bin.js (tsc's output of src/bin.ts); the npm executable is the one-file
    // bundle of that same entry (scripts/bundle-cli.mjs), tested in bundle.int.test.ts.
    expect(pkg.bin.ovnkit).toBe('./dist/ovnkit.mjs');
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toContain('"/app/packages/cli/dist/bin.js"');
    expect(existsSync(join(root, 'packages/cli/src/bin.ts'))).toBe(true);
    for (const c of ours) expect(cliArgs(c.argv).length).toBeGreaterThan(0);
  });

  it.each(ours.map((c) => [`${c.file} ${c.workload} ${c.container.name}`, c] as const))(
    '%s: arguments pass the CLI parser and the controller config check',
    (_name, c) => {
      const args = cliArgs(c.argv);
      const parsed = parseCommandLine(args, ioWith(c.env));
      expect(parsed.help).toBe(false);
      if (parsed.spec.path[0] !== 'controller') return;
      const cfg = controllerConfig(parsed.ctx);
      validateControllerConfig(cfg);
      // In a pod the kubelet probes the pod IP and Prometheus scrapes it: every interface.
      const c2 = c.container;
      for (const probe of [c2.livenessProbe, c2.readinessProbe, c2.startupProbe]) {
        const path = probe?.httpGet?.path;
        if (!path) continue;
        const port = probePort(c2, probe);
        if (path === '/metrics') expect(port).toBe(cfg.metricsPort ?? cfg.healthPort);
        else {
          expect(['/healthz', '/readyz']).toContain(path);
          expect(port).toBe(cfg.healthPort);
          expect(cfg.healthHost).toBe('');
        }
      }
      const declared = (c2.ports ?? []).map((p) => p.containerPort).sort();
      const served = [cfg.healthPort, cfg.metricsPort].filter((p) => p !== undefined).sort();
      expect(declared).toEqual(served);
    },
  );

  it("reject the arguments of the first deployment.yaml, which the pod's CLI refused (exit 2)", () => {
    const env = { OVN_NB_DB: 'tcp:ovnkube-db.ovn-kubernetes.svc:6641', POD_NAMESPACE: 'ovnkit' };
    const base = ['--db', env.OVN_NB_DB, 'controller', '--kube'];
    const parse =
      (...more: string[]) =>
      () =>
        parseCommandLine([...base, ...more], ioWith(env));
    expect(parse('--leader-elect', '--leader-elect-namespace=ovnkit')).toThrow(
      "Option '--leader-elect' argument is ambiguous",
    );
    // After the command word, an unknown dash word is an argument (as `ovn-nbctl show -dash`).
    for (const flag of ['--leader-elect-namespace=ovnkit', '--health-host=0.0.0.0', '--health-port=9108'])
      expect(parse(flag)).toThrow(`controller: unexpected argument "${flag}"`);
    expect(parse('--health-bind-address', '9108')).toThrow('--health-bind-address: "9108" is not HOST:PORT');
  });
});

describe('expandKubeVars (the kubelet rules)', () => {
  it('replaces defined names, leaves unknown ones, and unescapes $$', () => {
    const env = { A: 'x', B_2: 'y' };
    expect(expandKubeVars('$(A)/$(B_2)', env)).toBe('x/y');
    expect(expandKubeVars('$(C)', env)).toBe('$(C)');
    expect(expandKubeVars('$$(A)', env)).toBe('$(A)');
  });
});
