// One simulated Kubernetes node = one OVN chassis: its own conf.db ovsdb-server, ovs-vswitchd
// (userspace datapath, inside the node's namespace) and ovn-controller, with private rundir,
// pidfiles and logs. Bridges: br-int (OVN), br-phy (geneve endpoint), br-ex (external network).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Daemon,
  findBinary,
  type OvsdbServer,
  startDaemon,
  startOvsdbServer,
  until,
} from '@ovnkit/testkit';
import { run } from './exec.js';

export interface ChassisOptions {
  readonly labDir: string;
  readonly node: string;
  readonly netns: string;
  readonly sbRemote: string;
  /** Geneve endpoint address with prefix, put on br-phy (ovs-router picks the output bridge from it). */
  readonly encapCidr: string;
  /** Interface in the node's namespace that leads to the underlay. */
  readonly underlayPort: string;
  /** Interface in the node's namespace that leads to the external network. */
  readonly externalPort: string;
  /**
   * Interconnect: this node's ovn-controller tunnels to the other zones' (remote) chassis, as
   * ovnkube-node configures it (`ovn-is-interconn=true`); without it remote chassis get no tunnel.
   */
  readonly interconnect?: boolean;
}

export interface Chassis {
  readonly node: string;
  readonly netns: string;
  readonly dir: string;
  readonly db: OvsdbServer;
  readonly vswitchd: Daemon;
  readonly controller: Daemon;
  readonly externalPort: string;
  vsctl(...args: string[]): Promise<string>;
  ofctl(...args: string[]): Promise<string>;
  /** ovs-appctl against this chassis' ovs-vswitchd. */
  appctl(...args: string[]): Promise<string>;
  pids(): number[];
  stop(): Promise<void>;
}

export async function startChassis(o: ChassisOptions): Promise<Chassis> {
  const dir = join(o.labDir, o.node);
  mkdirSync(dir, { recursive: true });
  // Every OVS/OVN tool run for this chassis looks for sockets here, never in /var/run.
  const env = {
    ...process.env,
    OVS_RUNDIR: dir,
    OVS_DBDIR: dir,
    OVS_LOGDIR: dir,
    OVN_RUNDIR: dir,
    OVN_LOGDIR: dir,
  };
  const db = await startOvsdbServer({ dir, name: 'conf', schemas: ['vswitch'] });
  const vsctl = (...args: string[]) =>
    run('ovs-vsctl', [`--db=${db.remote}`, '--timeout=20', ...args], { env });
  const ctl = join(dir, 'ovs-vswitchd.ctl');
  const appctl = (...args: string[]) => run('ovs-appctl', ['-t', ctl, ...args], { env });
  const inNetns = (program: string, args: string[]) => [
    'netns',
    'exec',
    o.netns,
    findBinary(program),
    ...args,
  ];
  const encapIp = o.encapCidr.split('/')[0] as string;

  await vsctl('--no-wait', 'init');
  await vsctl(
    '--no-wait',
    'set',
    'Open_vSwitch',
    '.',
    `external_ids:system-id=${o.node}`,
    `external_ids:hostname=${o.node}`,
    `external_ids:ovn-remote=${o.sbRemote}`,
    'external_ids:ovn-encap-type=geneve',
    `external_ids:ovn-encap-ip=${encapIp}`,
    'external_ids:ovn-bridge-mappings=physnet:br-ex',
    'external_ids:ovn-bridge-datapath-type=netdev',
    ...(o.interconnect ? ['external_ids:ovn-is-interconn=true'] : []),
  );

  const vswitchd = startDaemon(
    'ip',
    inNetns('ovs-vswitchd', [
      db.remote,
      '--disable-system',
      `--pidfile=${join(dir, 'ovs-vswitchd.pid')}`,
      `--log-file=${join(dir, 'ovs-vswitchd.log')}`,
      `--unixctl=${ctl}`,
      '-vconsole:off',
    ]),
    o.labDir,
    env,
  );
  await until(`ovs-vswitchd of ${o.node} answering on ${ctl}`, 15_000, async () => {
    if (vswitchd.child.exitCode !== null) throw new Error(`ovs-vswitchd exited: ${vswitchd.stderr()}`);
    return (await appctl('version')) ? true : undefined;
  });
  // vsctl without --no-wait returns once ovs-vswitchd has applied the change.
  await vsctl(
    '--',
    'add-br',
    'br-int',
    '--',
    'set',
    'Bridge',
    'br-int',
    'datapath_type=netdev',
    'fail_mode=secure',
    'other_config:disable-in-band=true',
    '--',
    'add-br',
    'br-phy',
    '--',
    'set',
    'Bridge',
    'br-phy',
    'datapath_type=netdev',
    '--',
    'add-port',
    'br-phy',
    o.underlayPort,
    '--',
    'add-br',
    'br-ex',
    '--',
    'set',
    'Bridge',
    'br-ex',
    'datapath_type=netdev',
    '--',
    'add-port',
    'br-ex',
    o.externalPort,
  );
  await run('ip', ['-n', o.netns, 'addr', 'add', o.encapCidr, 'dev', 'br-phy']);
  await run('ip', ['-n', o.netns, 'link', 'set', 'br-phy', 'up']);
  await run('ip', ['-n', o.netns, 'link', 'set', 'br-ex', 'up']);

  const controller = startDaemon(
    'ip',
    inNetns('ovn-controller', [
      db.remote,
      `--pidfile=${join(dir, 'ovn-controller.pid')}`,
      `--log-file=${join(dir, 'ovn-controller.log')}`,
      '-vconsole:off',
    ]),
    o.labDir,
    env,
  );

  return {
    node: o.node,
    netns: o.netns,
    dir,
    db,
    vswitchd,
    controller,
    externalPort: o.externalPort,
    vsctl,
    ofctl: (...args: string[]) => run('ovs-ofctl', args, { env }),
    appctl,
    pids: () => [db.pid, vswitchd.pid, controller.pid],
    async stop() {
      await controller.kill('SIGTERM');
      // Deleting the bridges first lets ovs-vswitchd remove its tap devices itself.
      await vsctl(
        '--if-exists',
        'del-br',
        'br-int',
        '--',
        '--if-exists',
        'del-br',
        'br-ex',
        '--',
        '--if-exists',
        'del-br',
        'br-phy',
      ).catch(() => '');
      await vswitchd.kill('SIGTERM');
      await db.kill('SIGTERM');
    },
  };
}
