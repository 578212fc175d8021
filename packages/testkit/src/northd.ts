// NB + SB ovsdb-servers and an ovn-northd translating between them, all on unix sockets.
import { join } from 'node:path';
import { type OvsdbServer, startOvsdbServer } from './ovsdb-server.js';
import { type Daemon, startDaemon } from './process.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

export interface NorthdLab {
  readonly dir: string;
  readonly nb: OvsdbServer;
  readonly sb: OvsdbServer;
  readonly northdPid: number;
  stop(): Promise<void>;
}

/**
 * Starts ovn-northd alone between running NB and SB servers (its log and control socket in
 * `dir`); for tests that need the databases to exist before northd does.
 */
export function startNorthdDaemon(dir: string, nb: OvsdbServer, sb: OvsdbServer): Daemon {
  return startDaemon(
    'ovn-northd',
    [
      `--ovnnb-db=${nb.remote}`,
      `--ovnsb-db=${sb.remote}`,
      `--unixctl=${join(dir, 'northd.ctl')}`,
      `--log-file=${join(dir, 'northd.log')}`,
      '-vconsole:off',
    ],
    dir,
  );
}

export async function startNorthd(opts: { tcp?: boolean } = {}): Promise<NorthdLab> {
  const dir = makeTempDir('ovnkit-northd-');
  let nb: OvsdbServer | undefined;
  let sb: OvsdbServer | undefined;
  let northd: Daemon | undefined;
  try {
    nb = await startOvsdbServer({ dir, name: 'nb', schemas: ['nb'], tcp: opts.tcp });
    sb = await startOvsdbServer({ dir, name: 'sb', schemas: ['sb'], tcp: opts.tcp });
    northd = startNorthdDaemon(dir, nb, sb);
    const d = northd;
    const n = nb;
    const s = sb;
    return {
      dir,
      nb,
      sb,
      northdPid: d.pid,
      async stop() {
        await d.kill('SIGTERM');
        await n.stop();
        await s.stop();
        removeTempDir(dir);
      },
    };
  } catch (err) {
    await northd?.kill('SIGKILL');
    await nb?.kill('SIGKILL');
    await sb?.kill('SIGKILL');
    removeTempDir(dir);
    throw err;
  }
}
