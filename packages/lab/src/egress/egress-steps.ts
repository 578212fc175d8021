// The three steps of the story that belong to the product, not to the lab: creating the base
// topology, running the controller on the manifests, and showing an egress IP's NAT rows.
// Each is done by `ovnkit` when the built CLI has the command, otherwise by an ovn-nbctl fallback
// that writes the same rows (and says so), so the dataplane story runs either way.
import { existsSync } from 'node:fs';
import { type Daemon, until } from '@ovnkit/testkit';
import {
  renderFeatureRowCommands,
  renderPodEgressCommands,
  renderPodEgressRemovalCommands,
  selectServedPods,
} from '../egressip-nbctl.js';
import { run } from '../exec.js';
import type { Lab, LabTopology, LabZone } from '../lab.js';
import { type LabNode, toLabSpec } from '../manifests/lab-spec.js';
import { loadManifests } from '../manifests/load-manifests.js';
import { renderBaseTopologyCommands } from '../topology-nbctl.js';
import { isNotAvailable, ovnkit, ovnkitHas, startOvnkitDaemon } from './ovnkit-cli.js';

export interface EgressStep<A extends unknown[] = [], R = void> {
  /** What does the work, e.g. "ovnkit topology init" or "ovn-nbctl (fallback: ...)". */
  readonly by: string;
  readonly isFallback: boolean;
  run(lab: Lab, ...args: A): Promise<R>;
}

/**
 * The controller as the story uses it: started once on the manifests directory, told when the
 * manifests changed (a running controller notices by itself; the fallback re-applies), stopped.
 */
export interface ControllerStep {
  readonly by: string;
  readonly isFallback: boolean;
  start(lab: Lab, manifestsDir: string): Promise<void>;
  manifestsChanged(lab: Lab, manifestsDir: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EgressSteps {
  readonly topologyInit: EgressStep<[manifestsDir: string]>;
  readonly controller: ControllerStep;
  readonly showEgressIp: EgressStep<[ip: string, manifestsDir: string], string>;
}

function topologyViaNbctl(): EgressStep<[string]> {
  return {
    by: 'ovn-nbctl (fallback: `ovnkit topology init` is not built yet)',
    isFallback: true,
    run: async (lab, dir) => {
      await lab.nbctl(renderBaseTopologyCommands(toLabSpec(loadManifests(dir))));
    },
  };
}

/**
 * Does what the controller's --once pass does, with ovn-nbctl: the first Ready, egress-assignable
 * node (by name) hosts each egress IP; rows move when that changes.
 */
function controllerViaNbctl(): ControllerStep {
  let featureRowsWritten = false;
  const hosting = new Map<string, LabNode>();
  const apply = async (lab: Lab, dir: string) => {
    {
      const spec = toLabSpec(loadManifests(dir));
      const eligible = spec.nodes
        .filter((n) => n.ready && n.egressAssignable)
        .sort((a, b) => a.name.localeCompare(b.name));
      for (const eip of spec.egressIps) {
        const served = selectServedPods(spec, eip);
        const ip = eip.ips[0] as string;
        const current = hosting.get(eip.name);
        const stays = current && eligible.some((n) => n.name === current.name);
        const target = stays ? current : eligible[0];
        const commands = [];
        if (!featureRowsWritten) commands.push(...renderFeatureRowCommands(spec, served));
        if (current && current.name !== target?.name)
          commands.push(...renderPodEgressRemovalCommands(current, served));
        if (target && target.name !== current?.name)
          commands.push(...renderPodEgressCommands(eip.name, ip, target, served));
        if (commands.length > 0) await lab.nbctl(commands);
        featureRowsWritten = true;
        if (target) hosting.set(eip.name, target);
        else hosting.delete(eip.name);
      }
    }
  };
  return {
    by: 'ovn-nbctl (fallback: `ovnkit controller` is not built yet; rows as egressip-spec 4.7.1)',
    isFallback: true,
    start: apply,
    manifestsChanged: apply,
    stop: async () => {},
  };
}

/** `--zone-db NODE=NB --zone-db ...` (or another per-zone option) for every zone of the lab. */
function perZone(lab: Lab, option: string, value: (z: LabZone) => string): string[] {
  return lab.zones.flatMap((z) => [option, `${z.name}=${value(z)}`]);
}

/** Where the controller writes: the lab's NB, or every zone NB with per-pod SNAT as OpenShift runs it. */
function controllerArgs(lab: Lab, dir: string, statusFile: string): string[] {
  const source = ['--manifests', dir, '--status-file', statusFile];
  return lab.topology === 'interconnect'
    ? [
        'controller',
        ...source,
        ...perZone(lab, '--zone-db', (z) => z.nbRemote),
        '--disable-snat-multiple-gws',
      ]
    : ['--db', lab.nbRemote, 'controller', ...source];
}

/** `ovnkit controller` running in the background, watching the manifests directory. */
function runningController(statusFile: string, topology: LabTopology): ControllerStep {
  let daemon: Daemon | undefined;
  return {
    by:
      topology === 'interconnect'
        ? 'ovnkit controller --zone-db <node>=<its NB> (each node) --disable-snat-multiple-gws (running, watching the manifests)'
        : 'ovnkit controller (running, watching the manifests directory)',
    isFallback: false,
    async start(lab, dir) {
      daemon = startOvnkitDaemon(controllerArgs(lab, dir, statusFile), lab.dir);
      lab.adopt(daemon);
      const d = daemon;
      // Up once it has written the EgressIP status (its first reconcile is done).
      await until('ovnkit controller to write the EgressIP status', 60_000, async () => {
        if (d.child.exitCode !== null)
          throw new Error(`ovnkit controller exited: ${d.stderr().trim().split('\n').slice(-5).join('\n')}`);
        return existsSync(statusFile) ? true : undefined;
      });
    },
    manifestsChanged: async () => {},
    async stop() {
      await daemon?.kill('SIGTERM');
    },
  };
}

/** `ovn-nbctl show`, keeping only the NAT blocks that mention `ip`, each under its router's line. */
export function filterNatBlocks(show: string, ip: string): string {
  const out: string[] = [];
  let router = '';
  let block: string[] = [];
  const flush = () => {
    if (block.some((l) => l.includes(`"${ip}"`))) {
      if (!out.includes(router)) out.push(router);
      out.push(...block);
    }
    block = [];
  };
  for (const line of show.split('\n')) {
    if (/^\S/.test(line)) {
      flush();
      router = line;
    } else if (/^ {4}\S/.test(line)) {
      flush();
      if (line.startsWith('    nat ')) block.push(line);
    } else if (block.length > 0) block.push(line);
  }
  flush();
  return out.join('\n');
}

function showViaNbctl(): EgressStep<[string, string], string> {
  return {
    by: 'ovn-nbctl show, NAT blocks only (fallback: `ovnkit show --egress-ip` is not built yet)',
    isFallback: true,
    run: async (lab, ip) => filterNatBlocks(await run('ovn-nbctl', [`--db=${lab.nbRemote}`, 'show']), ip),
  };
}

/**
 * The real `ovnkit` step, falling back to `fallback` for the rest of the run if the CLI reports the
 * command as not available yet (any other failure is a real failure and propagates).
 */
function preferOvnkit<A extends unknown[], R>(
  by: string,
  real: (lab: Lab, ...a: A) => Promise<R>,
  fallback: EgressStep<A, R>,
): EgressStep<A, R> {
  let degraded: EgressStep<A, R> | undefined;
  return {
    get by() {
      return degraded ? degraded.by : by;
    },
    get isFallback() {
      return degraded !== undefined;
    },
    async run(lab, ...a) {
      if (degraded) return degraded.run(lab, ...a);
      try {
        return await real(lab, ...a);
      } catch (err) {
        if (!isNotAvailable(err)) throw err;
        degraded = {
          ...fallback,
          by: `${fallback.by.replace(/ \(fallback: .*\)$/, '')} (fallback: ${by} answered "not available")`,
        };
        return degraded.run(lab, ...a);
      }
    },
  };
}

/**
 * The interconnect story has no ovn-nbctl fallback: each zone's rows are the product's
 * (`topology init` and `controller` per zone, `show --egress-ip` across the zone NBs).
 */
async function interconnectSteps(statusFile: string): Promise<EgressSteps> {
  const need: Array<[string[], string[]]> = [
    [
      ['topology', 'init'],
      ['--zone-db', '--zone-sb', '--disable-snat-multiple-gws', '--encap-ip'],
    ],
    [['controller'], ['--zone-db', '--disable-snat-multiple-gws']],
    [['show'], ['--egress-ip', '--zones']],
  ];
  const missing = [];
  for (const [command, flags] of need)
    if (!(await ovnkitHas(command, flags))) missing.push(`ovnkit ${command.join(' ')} ${flags.join(' ')}`);
  if (missing.length)
    throw new Error(`the interconnect lab needs ${missing.join('; ')} (build with: npx tsc -b)`);
  return {
    topologyInit: {
      by: 'ovnkit topology init --zone-db/--zone-sb <node>=<its NB/SB> (each node) --disable-snat-multiple-gws --encap-ip <node>=<underlay IP>',
      isFallback: false,
      run: async (lab, dir) =>
        void (await ovnkit([
          'topology',
          'init',
          '--manifests',
          dir,
          ...perZone(lab, '--zone-db', (z) => z.nbRemote),
          ...perZone(lab, '--zone-sb', (z) => z.sbRemote),
          '--disable-snat-multiple-gws',
          ...lab.spec.nodes.flatMap((n) => ['--encap-ip', `${n.name}=${lab.encapIp(n.name)}`]),
        ])),
    },
    controller: runningController(statusFile, 'interconnect'),
    showEgressIp: {
      by: 'ovnkit show --egress-ip across the zone NBs (--zones <node>=<its NB>,...)',
      isFallback: false,
      // Exit 1 = no zone holds rows for the IP; the text still says so per zone.
      run: (lab, ip, dir) =>
        ovnkit([
          'show',
          '--egress-ip',
          ip,
          '--zones',
          lab.zones.map((z) => `${z.name}=${z.nbRemote}`).join(','),
          ...(existsSync(statusFile) ? ['--status-file', statusFile] : ['--manifests', dir]),
        ]),
    },
  };
}

export async function detectEgressSteps(opts: {
  statusFile: string;
  topology?: LabTopology;
}): Promise<EgressSteps> {
  if (opts.topology === 'interconnect') return interconnectSteps(opts.statusFile);
  const [topo, ctrl, show] = await Promise.all([
    ovnkitHas(['topology', 'init'], ['--manifests']),
    ovnkitHas(['controller'], ['--manifests', '--status-file']),
    ovnkitHas(['show'], ['--egress-ip']),
  ]);
  return {
    topologyInit: topo
      ? preferOvnkit(
          'ovnkit topology init',
          async (lab, dir: string) =>
            void (await ovnkit(['--db', lab.nbRemote, 'topology', 'init', '--manifests', dir])),
          topologyViaNbctl(),
        )
      : topologyViaNbctl(),
    controller: ctrl ? runningController(opts.statusFile, 'single-zone') : controllerViaNbctl(),
    showEgressIp: show
      ? preferOvnkit(
          'ovnkit show --egress-ip',
          // The controller's status file has the assignment; without it (nbctl fallback) the manifests are all there is.
          (lab, ip: string, dir: string) =>
            ovnkit([
              '--db',
              lab.nbRemote,
              'show',
              '--egress-ip',
              ip,
              ...(existsSync(opts.statusFile) ? ['--status-file', opts.statusFile] : ['--manifests', dir]),
            ]),
          showViaNbctl(),
        )
      : showViaNbctl(),
  };
}
