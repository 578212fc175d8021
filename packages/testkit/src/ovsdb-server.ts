// A real ovsdb-server for tests: temp dir, `ovsdb-tool create`, unix socket (plus optional
// TCP/SSL on an ephemeral loopback port), ready once `list_dbs` answers, stopped by its pid.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findBinary, type SchemaName, schemaPath } from './binaries.js';
import { type Daemon, startDaemon } from './process.js';
import { rawCall, until } from './raw-rpc.js';
import { createTestPki, type TestPki } from './ssl.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

const execFileP = promisify(execFile);

export interface OvsdbServerOptions {
  /** Databases to create and serve: a short name (nb, sb, vswitch) or a path to an .ovsschema. Default ['nb']. */
  schemas?: Array<SchemaName | string>;
  /** Also listen on TCP 127.0.0.1 (ephemeral port). */
  tcp?: boolean;
  /** Also listen on TCP [::1] (ephemeral port). */
  tcp6?: boolean;
  /** Also listen on SSL 127.0.0.1 with a generated PKI. */
  ssl?: boolean;
  /** Readiness deadline in ms (default 15000). */
  readyTimeoutMs?: number;
  /** Extra ovsdb-server arguments. */
  extraArgs?: string[];
  /** Use existing database files instead of creating them (used for clusters and restarts). */
  dbFiles?: string[];
  /** Use this directory (not removed by stop()) instead of a fresh temp dir. */
  dir?: string;
  /** Name used for socket/log files inside the dir (default "db"). */
  name?: string;
}

export interface OvsdbServer {
  readonly dir: string;
  /** Path of the unix socket. */
  readonly socket: string;
  /** `unix:<socket>` */
  readonly remote: string;
  readonly tcpRemote?: string;
  readonly tcp6Remote?: string;
  readonly sslRemote?: string;
  readonly pki?: TestPki;
  readonly dbFiles: string[];
  readonly logFile: string;
  readonly controlSocket: string;
  /** Pid of the running server (changes on restart). */
  readonly pid: number;
  readonly running: boolean;
  /** Runs `ovs-appctl -t <control socket> ...` and returns its stdout. */
  appctl(...args: string[]): Promise<string>;
  /** Kills the server with `signal` (default SIGKILL) and waits for it to exit; files stay. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same files and ports. */
  restart(): Promise<void>;
  /** Stops the server and removes the temp dir (when the harness made it). */
  stop(): Promise<void>;
  /** The server's log so far. */
  log(): string;
}

function dbNameOf(schemaFile: string): string {
  return (JSON.parse(readFileSync(schemaFile, 'utf8')) as { name: string }).name;
}

export async function createDbFile(dir: string, schema: SchemaName | string): Promise<string> {
  const file = schemaPath(schema);
  const db = join(dir, `${dbNameOf(file)}.db`);
  await execFileP(findBinary('ovsdb-tool'), ['create', db, file]);
  return db;
}

/** A port the kernel just handed out for `host` (bound and released). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts an ovsdb-server and resolves once it answers `list_dbs`. */
export async function startOvsdbServer(opts: OvsdbServerOptions = {}): Promise<OvsdbServer> {
  const ownDir = !opts.dir;
  const dir = opts.dir ?? makeTempDir('ovnkit-ovsdb-');
  const name = opts.name ?? 'db';
  try {
    const dbFiles =
      opts.dbFiles ?? (await Promise.all((opts.schemas ?? ['nb']).map((s) => createDbFile(dir, s))));
    const socket = join(dir, `${name}.sock`);
    const controlSocket = join(dir, `${name}.ctl`);
    const logFile = join(dir, `${name}.log`);
    const pki = opts.ssl ? createTestPki(dir) : undefined;
    let tcpPort = 0;
    let tcp6Port = 0;
    let sslPort = 0;
    const args = (): string[] => {
      const a = [
        ...dbFiles,
        `--remote=punix:${socket}`,
        `--unixctl=${controlSocket}`,
        `--log-file=${logFile}`,
        '-vconsole:off',
        '-vfile:info',
      ];
      if (opts.tcp) a.push(`--remote=ptcp:${tcpPort}:127.0.0.1`);
      if (opts.tcp6) a.push(`--remote=ptcp:${tcp6Port}:[::1]`);
      if (pki) {
        a.push(
          `--remote=pssl:${sslPort}:127.0.0.1`,
          `--private-key=${pki.serverKey}`,
          `--certificate=${pki.serverCert}`,
          `--ca-cert=${pki.caCert}`,
        );
      }
      return [...a, ...(opts.extraArgs ?? [])];
    };
    // Ephemeral ports are chosen once, so restarts keep the same remotes.
    if (opts.tcp) tcpPort = await freePort('127.0.0.1');
    if (opts.tcp6) tcp6Port = await freePort('::1');
    if (pki) sslPort = await freePort('127.0.0.1');
    let daemon: Daemon;
    const launch = async () => {
      daemon = startDaemon('ovsdb-server', args(), dir);
      const d = daemon;
      let exited = false;
      d.exited.then(() => {
        exited = true;
      });
      try {
        await until(`ovsdb-server in ${dir} answering list_dbs`, opts.readyTimeoutMs ?? 15000, async () => {
          if (exited) throw new Error(`ovsdb-server exited: ${d.stderr().trim() || tailLog(logFile)}`);
          await rawCall(`unix:${socket}`, 'list_dbs', [], { timeoutMs: 1000 });
          return true;
        });
      } catch (err) {
        await d.kill('SIGKILL');
        throw err;
      }
    };
    await launch();
    const server: OvsdbServer = {
      dir,
      socket,
      remote: `unix:${socket}`,
      get tcpRemote() {
        return opts.tcp ? `tcp:127.0.0.1:${tcpPort}` : undefined;
      },
      get tcp6Remote() {
        return opts.tcp6 ? `tcp:[::1]:${tcp6Port}` : undefined;
      },
      get sslRemote() {
        return pki ? `ssl:127.0.0.1:${sslPort}` : undefined;
      },
      pki,
      dbFiles,
      logFile,
      controlSocket,
      get pid() {
        return daemon.pid;
      },
      get running() {
        return daemon.child.exitCode === null && daemon.child.signalCode === null;
      },
      async appctl(...a: string[]) {
        const { stdout } = await execFileP(findBinary('ovs-appctl'), ['-t', controlSocket, ...a]);
        return stdout;
      },
      async kill(signal: NodeJS.Signals = 'SIGKILL') {
        await daemon.kill(signal);
      },
      async restart() {
        await daemon.kill('SIGKILL');
        await launch();
      },
      async stop() {
        await daemon.kill('SIGTERM');
        if (ownDir) removeTempDir(dir);
      },
      log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    };
    return server;
  } catch (err) {
    if (ownDir) removeTempDir(dir);
    throw err;
  }
}

function tailLog(logFile: string): string {
  if (!existsSync(logFile)) return 'no log';
  return readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
}
