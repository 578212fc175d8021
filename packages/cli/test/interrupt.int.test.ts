// ovnkit as a real process facing startup failures and dead peers (issue 16 items 1 and 3): it
// must exit with a non-zero code instead of hanging, report not-ready while it retries, and end
// within 5 s of SIGTERM or SIGINT whatever it is waiting for. Bounds: exitWithin(ms) below.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type OvsdbServer, startOvsdbServer, until } from '@ovnkit/testkit';
import { EXIT } from '../src/cli/exit-codes.js';
import { type CliProcess, startCli } from './helpers/cli-process.js';

const SIGTERM_BOUND_MS = 5000;
const examples = join(import.meta.dirname, '..', '..', '..', 'examples', 'simpsons');

let nb: OvsdbServer;
let dir: string;
const running: CliProcess[] = [];
beforeAll(async () => {
  nb = await startOvsdbServer({ schemas: ['nb'] });
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-interrupt-'));
});
afterEach(() => {
  for (const p of running.splice(0)) p.child.kill('SIGKILL');
});
afterAll(async () => {
  await nb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function cli(argv: string[]): CliProcess {
  const p = startCli(argv);
  running.push(p);
  return p;
}

/** A manifests directory holding the example cluster plus one file that is not YAML. */
function brokenManifests(name: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  writeFileSync(
    join(d, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${examples}\n`,
  );
  writeFileSync(join(d, 'broken.yaml'), 'kind: [\n');
  return d;
}

/** A kubeconfig whose API server address refuses connections (a port just released). */
async function unreachableKubeconfig(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  const file = join(dir, `kubeconfig-${port}`);
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "https://127.0.0.1:' +
        port +
        '", insecure-skip-tls-verify: true}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
    ].join('\n'),
  );
  return file;
}

const opsUrl = async (p: CliProcess) =>
  (await p.waitForStderr(/operations server listening[^\n]*"url":"(http:[^"]+)"/))[1]!;

describe('startup failures end the process', () => {
  it('an invalid manifest with --once: exit 1 naming the file, no hang', async () => {
    const p = cli(['--db', nb.remote, 'controller', '--manifests', brokenManifests('once'), '--once']);
    expect(await p.exitWithin(20_000)).toBe(EXIT.FAILED);
    expect(p.stderr()).toMatch(/broken\.yaml: invalid YAML/);
  }, 30_000);

  it('the API server unreachable with --once: exit 3 within the --timeout', async () => {
    const kc = await unreachableKubeconfig();
    const p = cli(['--timeout', '2', '--db', nb.remote, 'controller', '--kubeconfig', kc, '--once']);
    expect(await p.exitWithin(2000 + 18_000)).toBe(EXIT.CANNOT_CONNECT);
    expect(p.stderr()).toMatch(/kubernetes: not ready within 2000 ms\n.*Kubernetes API did not answer/);
  }, 30_000);

  it('the NB unreachable with --once: exit 3 naming the remote, no hang', async () => {
    const absent = `unix:${join(dir, 'absent-once.sock')}`;
    const p = cli(['--db', absent, 'controller', '--manifests', examples, '--once']);
    expect(await p.exitWithin(20_000)).toBe(EXIT.CANNOT_CONNECT);
    expect(p.stderr()).toBe(
      `ovnkit: ${absent}: cannot connect to ${absent}: ENOENT (connect ENOENT ${absent.slice(5)})\n` +
        '  is ovsdb-server running there? set --db or OVN_NB_DB to the Northbound database, or raise --timeout\n',
    );
  }, 30_000);

  it('the NB absent in watch mode: alive and not ready naming it, then ready once a server appears there', async () => {
    const nbDir = mkdtempSync(join(tmpdir(), 'ovnkit-late-nb-'));
    const remote = `unix:${join(nbDir, 'nb.sock')}`;
    const statusFile = join(dir, 'late-nb-status.yaml');
    let late: OvsdbServer | undefined;
    try {
      const p = cli([
        '--db',
        remote,
        'controller',
        '--manifests',
        examples,
        '--status-file',
        statusFile,
        '--health-bind-address',
        '127.0.0.1:0',
      ]);
      const url = await opsUrl(p);
      await p.waitForStderr(/"message":"NB unreachable; will retry"/);
      const notReady = await fetch(`${url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.text()).toContain(
        `NB not connected yet (${remote}): cannot connect to ${remote}`,
      );
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      late = await startOvsdbServer({ schemas: ['nb'], dir: nbDir, name: 'nb' });
      await p.waitForStderr(/ovnkit controller running/);
      await until('ready', 20_000, async () => (await fetch(`${url}/readyz`)).status === 200 || undefined);
      // Assignment waited for the NB (one NB: the startup order holds); the status follows it.
      await until('status written', 20_000, async () =>
        existsSync(statusFile) && readFileSync(statusFile, 'utf8').includes('192.168.126.100')
          ? true
          : undefined,
      );
      p.child.kill('SIGTERM');
      expect(await p.exitWithin(SIGTERM_BOUND_MS)).toBe(EXIT.OK);
    } finally {
      await late?.stop();
      rmSync(nbDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('an invalid manifest in watch mode: not ready while retrying, ready once fixed, SIGTERM ends it', async () => {
    const d = brokenManifests('watch');
    const p = cli([
      '--db',
      nb.remote,
      'controller',
      '--manifests',
      d,
      '--health-bind-address',
      '127.0.0.1:0',
    ]);
    const url = await opsUrl(p);
    await p.waitForStderr(/cluster source failed to start; retrying/);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    writeFileSync(join(d, 'broken.yaml'), '# fixed\n');
    await p.waitForStderr(/controller ready/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exitWithin(SIGTERM_BOUND_MS)).toBe(EXIT.OK);
  }, 60_000);

  it('the API server unreachable in watch mode: not ready while retrying, SIGTERM ends it', async () => {
    const kc = await unreachableKubeconfig();
    const p = cli([
      '--db',
      nb.remote,
      'controller',
      '--kubeconfig',
      kc,
      '--health-bind-address',
      '127.0.0.1:0',
      '--metrics-bind-address',
      '0',
    ]);
    const url = await opsUrl(p);
    await p.waitForStderr(/watch failed; restarting/);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    p.child.kill('SIGTERM');
    expect(await p.exitWithin(SIGTERM_BOUND_MS)).toBe(EXIT.OK);
  }, 60_000);
});

describe('signals end the process whatever it waits for', () => {
  let silent: Server;
  const accepted: Socket[] = [];
  let silentRemote: string;
  const connections: Array<() => void> = [];
  beforeAll(async () => {
    // A peer that accepts connections and never answers.
    const path = join(dir, 'silent.sock');
    silent = createServer((s) => {
      accepted.push(s);
      s.on('error', () => undefined);
      for (const c of connections.splice(0)) c();
    });
    await new Promise<void>((r) => silent.listen(path, r));
    silentRemote = `unix:${path}`;
  });
  afterAll(async () => {
    for (const s of accepted) s.destroy();
    await new Promise((r) => silent.close(r));
  });
  const nextConnection = () => new Promise<void>((r) => connections.push(r));

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`show against a server that never answers ends on ${signal} (exit ${code})`, async () => {
      const connected = nextConnection();
      const p = cli(['--db', silentRemote, 'show']);
      await connected;
      p.child.kill(signal);
      expect(await p.exitWithin(SIGTERM_BOUND_MS)).toBe(code);
      expect(p.stderr()).toMatch(/interrupted/);
    }, 30_000);
  }

  it('controller watching a frozen NB (SIGSTOP) ends on SIGTERM', async () => {
    const frozen = await startOvsdbServer({ schemas: ['nb'] });
    try {
      const p = cli([
        '--db',
        frozen.remote,
        'controller',
        '--manifests',
        examples,
        '--status-file',
        join(dir, 'frozen-status.yaml'),
      ]);
      await p.waitForStderr(/ovnkit controller running/);
      process.kill(frozen.pid, 'SIGSTOP');
      try {
        p.child.kill('SIGTERM');
        expect(await p.exitWithin(SIGTERM_BOUND_MS)).toBe(EXIT.OK);
      } finally {
        process.kill(frozen.pid, 'SIGCONT');
      }
    } finally {
      await frozen.stop();
    }
  }, 60_000);
});
