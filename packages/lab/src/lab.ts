// The lab: central OVN, one chassis per Node manifest (each in its own namespace), an underlay
// for geneve, an external network with the external host, and the pods, all built from the
// manifests. Everything it creates is named with one random prefix and removed by destroy().

import { type Daemon, makeTempDir, removeTempDir, until } from '@ovnkit/testkit';
import { type Central, startCentral } from './central.js';
import { type Chassis, startChassis } from './chassis.js';
import { CLUSTER_NETWORK } from './cluster-network.js';
import { installSourceCounters, readSourceCounters } from './counters.js';
import { killRunningCommands, run, runIn, runSync } from './exec.js';
import { curlPath, type ExternalHost, startExternalHost } from './external-host.js';
import { hostInSubnet, parseCidr } from './ipv4.js';
import { waitUntilGoneSync } from './leftovers.js';
import type { LabNode, LabPod, LabSpec } from './manifests/lab-spec.js';
import { createLabNames, type LabNames } from './names.js';
import { type NbctlCommand, nbctl } from './nbctl.js';
import {
  attachToBridge,
  createLinuxBridge,
  createNetns,
  createVethPair,
  deleteNetns,
  setLink,
} from './netns.js';
import { type NetnsGuard, startNetnsGuard } from './netns-guard.js';
import { createPodNetwork } from './pods.js';
import { renderPodPortCommands } from './topology-nbctl.js';

export class LabError extends Error {
  override name = 'LabError';
}

export interface RequestResult {
  /** The client address the external host saw, or undefined when the request failed. */
  readonly sourceIp: string | undefined;
  readonly error?: string;
}

export interface Lab {
  readonly dir: string;
  readonly names: LabNames;
  readonly spec: LabSpec;
  readonly nbRemote: string;
  readonly sbRemote: string;
  readonly externalHost: ExternalHost;
  chassis(node: string): Chassis;
  node(name: string): LabNode;
  pod(name: string): LabPod;
  nbctl(commands: readonly NbctlCommand[], opts?: { wait?: 'sb' | 'hv' }): Promise<string>;
  /** Creates the pods' namespaces and ports and waits until every chassis has their flows. */
  bindPods(): Promise<void>;
  /** One HTTP request from the pod to the external host. */
  request(pod: LabPod, timeoutSeconds?: number): Promise<RequestResult>;
  /** Packets per source address that left through each node's br-ex. */
  egressCounters(source: string): Promise<Map<string, number>>;
  /** Takes the node's external link (its br-ex uplink) down or up. */
  setExternalLink(node: string, up: boolean): Promise<void>;
  /** Every pid the lab started. */
  pids(): number[];
  /** Makes a daemon started elsewhere (whose command line names the lab dir) part of the lab's teardown. */
  adopt(daemon: Daemon): void;
  destroy(): Promise<void>;
}

export interface LabOptions {
  readonly spec: LabSpec;
  /** Called as each part comes up (for narration). */
  readonly onProgress?: (message: string) => void;
}

const EXT_PORT = 'eth-ext';
const UL_PORT = 'eth-ul';

export async function createLab(o: LabOptions): Promise<Lab> {
  if (process.getuid?.() !== 0)
    throw new LabError('the lab needs root (network namespaces, veths): run as root');
  const spec = o.spec;
  const progress = o.onProgress ?? (() => {});
  const names = createLabNames();
  const dir = makeTempDir(`${names.prefix}-`);
  const guard: NetnsGuard = startNetnsGuard();
  const namespaces: string[] = [];
  const chassis = new Map<string, Chassis>();
  const adopted: Daemon[] = [];
  let central: Central | undefined;
  let externalHost: ExternalHost | undefined;
  let destroyed: Promise<void> | undefined;

  const addNetns = async (name: string) => {
    guard.watch(name);
    namespaces.push(name);
    await createNetns(name);
  };
  const pids = () => [
    ...adopted.filter((d) => d.child.exitCode === null && d.child.signalCode === null).map((d) => d.pid),
    ...(central?.pids() ?? []),
    ...[...chassis.values()].flatMap((c) => c.pids()),
    ...(externalHost ? [externalHost.daemon.pid] : []),
  ];

  const destroy = (): Promise<void> => {
    destroyed ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await Promise.all(adopted.map((d) => d.kill('SIGTERM')));
      await Promise.all([...chassis.values()].map((c) => c.stop().catch(() => {})));
      await externalHost?.stop().catch(() => {});
      await central?.stop().catch(() => {});
      for (const ns of namespaces) await deleteNetns(ns).catch(() => {});
      await guard.close();
      removeTempDir(dir);
    })();
    return destroyed;
  };

  // Ctrl-C: tear down synchronously (the process is about to go), then exit as interrupted.
  function onSignal(signal: NodeJS.Signals): void {
    const victims = [...pids(), ...killRunningCommands()];
    for (const pid of victims) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    waitUntilGoneSync(victims, 3000);
    for (const ns of namespaces) {
      try {
        runSync('ip', ['netns', 'delete', ns]);
      } catch {
        // already gone
      }
    }
    removeTempDir(dir);
    process.stderr.write(`\nlab ${names.prefix}: interrupted by ${signal}, torn down\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const c = await startCentral(dir);
    central = c;
    progress(`central NB, SB and ovn-northd on unix sockets in ${dir}`);

    try {
      await addNetns(names.underlay);
    } catch (err) {
      const why = (err as Error).message;
      throw new LabError(
        `cannot create network namespaces (root without CAP_SYS_ADMIN, or no netns support?): ${why}`,
        { cause: err },
      );
    }
    await Promise.all([addNetns(names.external), ...spec.nodes.map((n) => addNetns(names.node(n.name)))]);
    await createLinuxBridge(names.underlay, 'br0');
    await createLinuxBridge(names.external, 'br0', `${spec.externalHostIp}/${spec.externalPrefixLength}`);
    for (const [i, n] of spec.nodes.entries()) {
      await createVethPair(
        { netns: names.node(n.name), name: UL_PORT },
        { netns: names.underlay, name: `n${i}` },
      );
      await attachToBridge(names.underlay, `n${i}`, 'br0');
      await createVethPair(
        { netns: names.node(n.name), name: EXT_PORT },
        { netns: names.external, name: `n${i}` },
      );
      await attachToBridge(names.external, `n${i}`, 'br0');
    }
    progress(`namespaces ${names.prefix}-*: underlay and external networks wired`);

    const underlay = parseCidr(CLUSTER_NETWORK.underlayCidr);
    const started = await Promise.all(
      spec.nodes.map((n, i) =>
        startChassis({
          labDir: dir,
          node: n.name,
          netns: names.node(n.name),
          sbRemote: c.sb.remote,
          encapCidr: `${hostInSubnet(underlay, 11 + i)}/${underlay.prefixLength}`,
          underlayPort: UL_PORT,
          externalPort: EXT_PORT,
        }),
      ),
    );
    for (const ch of started) chassis.set(ch.node, ch);
    await Promise.all(
      started.map((ch) =>
        installSourceCounters(ch, [
          ...spec.egressIps.flatMap((e) => e.ips),
          ...spec.nodes.map((n) => n.nodeIp),
        ]),
      ),
    );
    await until('every chassis registered in the SB', 30_000, async () => {
      const out = await run('ovn-sbctl', [
        `--db=${c.sb.remote}`,
        '--bare',
        '--columns=name',
        'list',
        'Chassis',
      ]);
      const registered = new Set(out.split('\n').filter(Boolean));
      return spec.nodes.every((n) => registered.has(n.name)) ? true : undefined;
    });
    progress(
      `${spec.nodes.length} chassis up (ovsdb-server, ovs-vswitchd, ovn-controller each): ${spec.nodes.map((n) => n.name).join(', ')}`,
    );

    externalHost = await startExternalHost({
      labDir: dir,
      netns: names.external,
      ip: spec.externalHostIp,
      port: CLUSTER_NETWORK.externalHttpPort,
    });
    progress(
      `external host ${spec.externalHostIp}: HTTP server logging client addresses to ${externalHost.logFile}`,
    );
  } catch (err) {
    await destroy();
    throw err;
  }

  const ext = externalHost;
  const lab: Lab = {
    dir,
    names,
    spec,
    nbRemote: central.nb.remote,
    sbRemote: central.sb.remote,
    externalHost: ext,
    chassis(node) {
      const ch = chassis.get(node);
      if (!ch) throw new LabError(`no chassis for node '${node}' (nodes: ${[...chassis.keys()].join(', ')})`);
      return ch;
    },
    node(name) {
      const n = spec.nodes.find((x) => x.name === name);
      if (!n) throw new LabError(`no node '${name}' in the manifests`);
      return n;
    },
    pod(name) {
      const p = spec.pods.find((x) => x.name === name || `${x.namespace}/${x.name}` === name);
      if (!p) throw new LabError(`no pod '${name}' in the manifests`);
      return p;
    },
    nbctl: (commands, opts) => nbctl(lab.nbRemote, commands, opts),
    async bindPods() {
      await lab.nbctl(spec.pods.flatMap(renderPodPortCommands));
      for (const [i, p] of spec.pods.entries()) {
        const ns = names.pod(p.namespace, p.name);
        guard.watch(ns);
        namespaces.push(ns);
        await createPodNetwork(p, ns, `pod${i}`, lab.chassis(p.node));
      }
      // Returns once every chassis has installed the flows of the current NB contents.
      await lab.nbctl([['sync']], { wait: 'hv' });
    },
    async request(pod, timeoutSeconds = 2) {
      const url = `http://${ext.ip}:${ext.port}/${pod.namespace}/${pod.name}`;
      try {
        const body = await runIn(
          names.pod(pod.namespace, pod.name),
          curlPath(),
          ['-sS', '--max-time', String(timeoutSeconds), url],
          {
            timeoutMs: (timeoutSeconds + 3) * 1000,
          },
        );
        return { sourceIp: body.trim() };
      } catch (err) {
        return { sourceIp: undefined, error: (err as Error).message };
      }
    },
    async egressCounters(source) {
      const result = new Map<string, number>();
      for (const [node, ch] of chassis) result.set(node, (await readSourceCounters(ch)).get(source) ?? 0);
      return result;
    },
    setExternalLink: (node, up) => setLink(lab.chassis(node).netns, EXT_PORT, up),
    pids,
    adopt: (d) => void adopted.push(d),
    destroy,
  };
  return lab;
}
