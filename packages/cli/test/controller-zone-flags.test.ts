// `ovnkit controller` zone flags -> ControllerConfig, through the CLI's own parser, and
// deploy/zone-daemonset.yaml's containers as the kubelet would start them.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { validateControllerConfig } from '@ovnkit/egressip-controller';
import { controllerConfig } from '../src/commands/controller-config.js';
import { type CliIo, parseCommandLine } from '../src/main.js';
import { podCommands } from './helpers/pod-commands.js';

const io: CliIo = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, isTTY: false };
const config = (...args: string[]) => {
  const parsed = parseCommandLine(['--db', 'unix:/nb.sock', 'controller', '--kube', ...args], io);
  const cfg = controllerConfig(parsed.ctx);
  validateControllerConfig(cfg);
  return cfg;
};

describe('controller zone flags', () => {
  it('default: one zone for all nodes, the single --db', () => {
    const cfg = config();
    expect(cfg.nbRemote).toBe('unix:/nb.sock');
    expect(cfg).not.toHaveProperty('zone');
    expect(cfg).not.toHaveProperty('role');
  });

  it('--role zone --zone NODE with per-pod SNAT and explicit IP modes', () => {
    const cfg = config('--role', 'zone', '--zone', 'worker-0', '--disable-snat-multiple-gws', '--ipv6-mode');
    expect(cfg).toMatchObject({ role: 'zone', zone: 'worker-0', nbRemote: 'unix:/nb.sock' });
    expect(cfg.clusterNetwork).toEqual({ disableSnatMultipleGws: true, ipv4Mode: false, ipv6Mode: true });
  });

  it('--zone-db NODE=REMOTE (repeated) replaces --db; the cluster manager has no NB', () => {
    const cfg = config('--zone-db', 'w0=unix:/w0.sock', '--zone-db', 'w1=tcp:127.0.0.1:6641');
    expect(cfg.nbRemote).toBeUndefined();
    expect(cfg.zoneDbs).toEqual([
      { zone: 'w0', remote: 'unix:/w0.sock' },
      { zone: 'w1', remote: 'tcp:127.0.0.1:6641' },
    ]);
    const cm = config('--role', 'cluster-manager');
    expect(cm.nbRemote).toBeUndefined();
    expect(cm.role).toBe('cluster-manager');
  });

  it.each([
    [['--role', 'master'], '--role: "master" is not one of all, cluster-manager, zone'],
    [['--role', 'zone'], '--role zone needs --zone NODE (or --zone-db)'],
    [['--zone-db', 'w0'], '--zone-db: "w0" is not NODE=REMOTE'],
    [['--zone-db', 'w0=a', '--zone-db', 'w0=b'], '--zone-db: zone w0 given twice'],
    [['--zone', 'w0', '--zone-db', 'w1=a'], 'give --zone (with --db) or --zone-db, not both'],
    [
      ['--role', 'cluster-manager', '--zone', 'w0'],
      '--role cluster-manager writes no NB: drop --zone/--zone-db',
    ],
  ])('%j is refused: %s', (args, message) => {
    expect(() => config(...args)).toThrow(message);
  });
});

describe('deploy/zone-daemonset.yaml', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
  const commands = podCommands(join(root, 'deploy'), readFileSync(join(root, 'Dockerfile'), 'utf8'), (i) =>
    /^(?:[^/]+\/)?ovnkit(?::|@|$)/.test(i),
  ).filter((c) => c.file === 'zone-daemonset.yaml');
  const cfgOf = (workload: string) => {
    const c = commands.find((x) => x.workload === workload)!;
    const argv = c.argv.slice(c.argv.findIndex((a) => a.endsWith('/packages/cli/dist/bin.js')) + 1);
    const cfg = controllerConfig(parseCommandLine(argv, { ...io, env: c.env }).ctx);
    validateControllerConfig(cfg);
    return cfg;
  };

  it('one leader-elected cluster manager without an NB, and a zone controller per node on its own NB', () => {
    expect(commands.map((c) => c.workload).sort()).toEqual([
      'DaemonSet/ovnkit-egressip-zone',
      'Deployment/ovnkit-egressip-cluster-manager',
    ]);
    const cm = cfgOf('Deployment/ovnkit-egressip-cluster-manager');
    expect(cm).toMatchObject({
      role: 'cluster-manager',
      leaderElection: { lease: 'ovnkit-egressip-cluster-manager' },
    });
    expect(cm.nbRemote).toBeUndefined();
    const zone = cfgOf('DaemonSet/ovnkit-egressip-zone');
    expect(zone).toMatchObject({
      role: 'zone',
      zone: 'node1', // the kubelet's spec.nodeName
      nbRemote: 'unix:/var/run/ovn/ovnnb_db.sock',
      clusterNetwork: { profile: 'B', disableSnatMultipleGws: true },
    });
  });
});
