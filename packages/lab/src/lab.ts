// The lab: OVN control planes, one chassis per Node manifest (each in its own namespace), an
// underlay for geneve, an external network with the external host, and the pods, all built from
// the manifests. Single zone (the 2021 topology): one NB, SB and ovn-northd for every node.
// Interconnect (OpenShift today): one NB, SB and ovn-northd per node, each chassis talking to
// its own node's SB. Everything it creates is named with one random prefix and removed by destroy().
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

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

export type LabTopology = 'single-zone' | 'interconnect';

/** One OVN control plane: its NB, SB and ovn-northd, and the nodes whose chassis use it. */
export interface LabZone {
  /** `global` in single zone; the node's name in interconnect (ovn-kubernetes' convention). */
  readonly name: string;
  readonly nodes: readonly string[];
  readonly nbRemote: string;
  readonly sbRemote: string;
}

export interface Lab {
  readonly dir: string;
  readonly names: LabNames;
  readonly spec: LabSpec;
  readonly topology: LabTopology;
  /** Every control plane: one in single zone, one per node in interconnect. */
  readonly zones: readonly LabZone[];
  /** The first zone's NB and SB (the only ones in single zone). */
  readonly nbRemote: string;
  readonly sbRemote: string;
  readonly externalHost: ExternalHost;
  chassis(node: string): Chassis;
  node(name: string): LabNode;
  pod(name: string): LabPod;
  /** The zone whose control plane the node's chassis uses. */
  zoneOf(node: string): LabZone;
  /** The node's geneve endpoint on the underlay (what a remote chassis record must point at). */
  encapIp(node: string): string;
  /** ovn-nbctl against a zone's NB (default: the first zone). */
  nbctl(commands: readonly NbctlCommand[], opts?: { wait?: 'sb' | 'hv'; zone?: string }): Promise<string>;
  /** Returns once every chassis has the flows of its zone's current NB contents. */
  syncAll(): Promise<void>;
  /** Creates the pods' namespaces and ports and waits until every chassis has their flows. */
  bindPods(): Promise<void>;
  /** One HTTP request from the pod to the external host. */
  request(pod: LabPod, timeoutSeconds?: number): Promise<RequestResult>;
  /** Packets per source address that left through each node's br-ex (or only `nodes`'). */
  egressCounters(source: string, nodes?: readonly string[]): Promise<Map<string, number>>;
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
  /** Default 'single-zone'. */
  readonly topology?: LabTopology;
  /** Called as each part comes up (for narration). */
  readonly onProgress?: (message: string) => void;
}

const EXT_PORT = 'eth-ext';
const UL_PORT = 'eth-ul';

export async function createLab(o: LabOptions): Promise<Lab> {
  if (process.getuid?.() !== 0)
    throw new LabError('the lab needs root (network namespaces, veths): run as root');
  const spec = o.spec;
  const topology = o.topology ?? 'single-zone';
  const progress = o.onProgress ?? (() => {});
  const names = createLabNames();
  const dir = makeTempDir(`${names.prefix}-`);
  const guard: NetnsGuard = startNetnsGuard();
  const namespaces: string[] = [];
  const chassis = new Map<string, Chassis>();
  const adopted: Daemon[] = [];
  const centrals = new Map<string, Central>();
  const zoneDefs =
    topology === 'interconnect'
      ? spec.nodes.map((n) => ({ name: n.name, nodes: [n.name] }))
      : [{ name: 'global', nodes: spec.nodes.map((n) => n.name) }];
  const underlay = parseCidr(CLUSTER_NETWORK.underlayCidr);
  const encapCidr = (node: string) =>
    `${hostInSubnet(underlay, 11 + spec.nodes.findIndex((n) => n.name === node))}/${underlay.prefixLength}`;
  let externalHost: ExternalHost | undefined;
  let destroyed: Promise<void> | undefined;

  const addNetns = async (name: string) => {
    guard.watch(name);
    namespaces.push(name);
    await createNetns(name);
  };
  const pids = () => [
    ...adopted.filter((d) => d.child.exitCode === null && d.child.signalCode === null).map((d) => d.pid),
    ...[...centrals.values()].flatMap((c) => c.pids()),
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
      await Promise.all([...centrals.values()].map((c) => c.stop().catch(() => {})));
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
    // Single zone: the control plane's sockets sit in the lab dir itself; interconnect: one dir per zone.
    const started = await Promise.all(
      zoneDefs.map(async (z) => {
        const zoneDir = topology === 'interconnect' ? join(dir, `zone-${z.name}`) : dir;
        mkdirSync(zoneDir, { recursive: true });
        return [z.name, await startCentral(zoneDir)] as const;
      }),
    );
    for (const [name, c] of started) centrals.set(name, c);
    progress(
      topology === 'interconnect'
        ? `one NB, SB and ovn-northd per node (zones ${zoneDefs.map((z) => z.name).join(', ')}), unix sockets in ${dir}/zone-*`
        : `central NB, SB and ovn-northd on unix sockets in ${dir}`,
    );

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

    const sbOf = (node: string) => {
      const z = zoneDefs.find((x) => x.nodes.includes(node));
      return (centrals.get(z?.name ?? '') as Central).sb.remote;
    };
    const nodesUp = await Promise.all(
      spec.nodes.map((n) =>
        startChassis({
          labDir: dir,
          node: n.name,
          netns: names.node(n.name),
          sbRemote: sbOf(n.name),
          encapCidr: encapCidr(n.name),
          underlayPort: UL_PORT,
          externalPort: EXT_PORT,
          interconnect: topology === 'interconnect',
        }),
      ),
    );
    for (const ch of nodesUp) chassis.set(ch.node, ch);
    await Promise.all(
      nodesUp.map((ch) =>
        installSourceCounters(ch, [
          ...spec.egressIps.flatMap((e) => e.ips),
          ...spec.nodes.map((n) => n.nodeIp),
        ]),
      ),
    );
    await until('every chassis registered in its zone SB', 30_000, async () => {
      for (const z of zoneDefs) {
        const sb = (centrals.get(z.name) as Central).sb.remote;
        const out = await run('ovn-sbctl', [`--db=${sb}`, '--bare', '--columns=name', 'list', 'Chassis']);
        const registered = new Set(out.split('\n').filter(Boolean));
        if (!z.nodes.every((n) => registered.has(n))) return undefined;
      }
      return true;
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
  const zones: LabZone[] = zoneDefs.map((z) => {
    const c = centrals.get(z.name) as Central;
    return { ...z, nbRemote: c.nb.remote, sbRemote: c.sb.remote };
  });
  const first = zones[0] as LabZone;
  const lab: Lab = {
    dir,
    names,
    spec,
    topology,
    zones,
    nbRemote: first.nbRemote,
    sbRemote: first.sbRemote,
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
    zoneOf(node) {
      const z = zones.find((x) => x.nodes.includes(node));
      if (!z) throw new LabError(`no zone has node '${node}'`);
      return z;
    },
    encapIp: (node) => encapCidr(lab.node(node).name).split('/')[0] as string,
    nbctl(commands, opts = {}) {
      const z = opts.zone === undefined ? first : zones.find((x) => x.name === opts.zone);
      if (!z) throw new LabError(`no zone '${opts.zone}' (zones: ${zones.map((x) => x.name).join(', ')})`);
      return nbctl(z.nbRemote, commands, opts.wait ? { wait: opts.wait } : {});
    },
    async syncAll() {
      await Promise.all(zones.map((z) => lab.nbctl([['sync']], { wait: 'hv', zone: z.name })));
    },
    async bindPods() {
      // Each pod's logical port goes into the NB of its node's zone.
      await Promise.all(
        zones.map((z) => {
          const pods = spec.pods.filter((p) => z.nodes.includes(p.node));
          return pods.length ? lab.nbctl(pods.flatMap(renderPodPortCommands), { zone: z.name }) : '';
        }),
      );
      for (const [i, p] of spec.pods.entries()) {
        const ns = names.pod(p.namespace, p.name);
        guard.watch(ns);
        namespaces.push(ns);
        await createPodNetwork(p, ns, `pod${i}`, lab.chassis(p.node));
      }
      await lab.syncAll();
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
    async egressCounters(source, nodes) {
      const result = new Map<string, number>();
      for (const [node, ch] of chassis)
        if (!nodes || nodes.includes(node)) result.set(node, (await readSourceCounters(ch)).get(source) ?? 0);
      return result;
    },
    setExternalLink: (node, up) => setLink(lab.chassis(node).netns, EXT_PORT, up),
    pids,
    adopt: (d) => void adopted.push(d),
    destroy,
  };
  return lab;
}
