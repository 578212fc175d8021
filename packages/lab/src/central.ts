// The central OVN control plane of the lab: NB and SB ovsdb-servers and ovn-northd, all on unix
// sockets inside the lab directory.
import { join } from 'node:path';
import { type Daemon, type OvsdbServer, startDaemon, startOvsdbServer } from '@ovnkit/testkit';

export interface Central {
  readonly nb: OvsdbServer;
  readonly sb: OvsdbServer;
  readonly northd: Daemon;
  readonly pids: () => number[];
  stop(): Promise<void>;
}

export async function startCentral(labDir: string): Promise<Central> {
  const [nb, sb] = await Promise.all([
    startOvsdbServer({ dir: labDir, name: 'nb', schemas: ['nb'] }),
    startOvsdbServer({ dir: labDir, name: 'sb', schemas: ['sb'] }),
  ]);
  const northd = startDaemon(
    'ovn-northd',
    [
      `--ovnnb-db=${nb.remote}`,
      `--ovnsb-db=${sb.remote}`,
      `--unixctl=${join(labDir, 'northd.ctl')}`,
      `--pidfile=${join(labDir, 'northd.pid')}`,
      `--log-file=${join(labDir, 'northd.log')}`,
      '-vconsole:off',
    ],
    labDir,
  );
  return {
    nb,
    sb,
    northd,
    pids: () => [nb.pid, sb.pid, northd.pid],
    async stop() {
      await northd.kill('SIGTERM');
      await Promise.all([nb.kill('SIGTERM'), sb.kill('SIGTERM')]);
    },
  };
}
