// The "external host": a tiny HTTP server inside the lab's external namespace that answers every
// request with the client address it sees and appends it to an access log, like the httpd of
// the seed walkthrough. It runs under `ip netns exec`, so it can only be reached from the lab.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Daemon, findBinary, startDaemon, until } from '@ovnkit/testkit';

const SERVER = `
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
const [host, port, log, ready] = process.argv.slice(2);
const server = createServer((req, res) => {
  const client = req.socket.remoteAddress;
  appendFileSync(log, JSON.stringify({ time: new Date().toISOString(), client, path: req.url }) + '\\n');
  res.setHeader('connection', 'close');
  res.end(client + '\\n');
});
server.listen(Number(port), host, () => writeFileSync(ready, String(process.pid)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export interface AccessLogEntry {
  readonly time: string;
  readonly client: string;
  readonly path: string;
}

export interface ExternalHost {
  readonly netns: string;
  readonly ip: string;
  readonly port: number;
  readonly logFile: string;
  readonly daemon: Daemon;
  /** Every request served so far, oldest first. */
  accessLog(): AccessLogEntry[];
  stop(): Promise<void>;
}

export async function startExternalHost(o: {
  labDir: string;
  netns: string;
  ip: string;
  port: number;
}): Promise<ExternalHost> {
  const dir = join(o.labDir, 'external-host');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'access-log-server.mjs');
  const logFile = join(dir, 'access.log');
  const ready = join(dir, 'ready');
  writeFileSync(script, SERVER);
  writeFileSync(logFile, '');
  const daemon = startDaemon(
    'ip',
    ['netns', 'exec', o.netns, process.execPath, script, o.ip, String(o.port), logFile, ready],
    o.labDir,
  );
  await until(`HTTP server on ${o.ip}:${o.port} in ${o.netns}`, 15_000, async () => {
    if (daemon.child.exitCode !== null) throw new Error(`HTTP server exited: ${daemon.stderr()}`);
    return existsSync(ready) ? true : undefined;
  });
  return {
    netns: o.netns,
    ip: o.ip,
    port: o.port,
    logFile,
    daemon,
    accessLog: () =>
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as AccessLogEntry),
    stop: () => daemon.kill('SIGTERM'),
  };
}

/** The curl binary, resolved once (it runs inside pod namespaces). */
export function curlPath(): string {
  return findBinary('curl');
}
