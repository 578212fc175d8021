// The executable's early read (src/early/): get_schema and monitor_cond sent before the CLI has
// loaded, taken over by the show command. Against real ovsdb-servers: it must give exactly the
// rows of the normal path, and be set aside (the normal path reads again) whenever it does not
// fit: another remote or table selection, a server whose schema lacks a column, no server.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OvsdbServer, SCHEMAS, startOvsdbServer } from '@ovnkit/testkit';
import { NB_DB, readEarly, withNb } from '../src/cli/nb-reader.js';
import { startEarlyRead } from '../src/early/early-read.js';
import { renderShow, SHOW_COLUMNS } from '../src/render/show.js';
import { nbctl } from './helpers/nb-fixture.js';

const execFileP = promisify(execFile);
let server: OvsdbServer;
let oldServer: OvsdbServer;
let dir: string;

/** A dozen switches and routers, each router with a port and a SNAT. */
async function populate(remote: string): Promise<void> {
  const mac = (i: number, b: number) => `00:00:00:00:0${b}:${(i + 16).toString(16)}`;
  const commands = Array.from({ length: 12 }, (_, i) => [
    ['ls-add', `sw${i}`],
    ['lsp-add', `sw${i}`, `p${i}`],
    ['lsp-set-addresses', `p${i}`, `${mac(i, 0)} 10.0.${i}.2`],
    ['lr-add', `r${i}`],
    ['lrp-add', `r${i}`, `rp${i}`, mac(i, 1), `10.1.${i}.1/24`],
    ['lr-nat-add', `r${i}`, 'snat', `172.18.0.${i + 2}`, `10.0.${i}.0/24`],
  ]).flat();
  const r = await nbctl(remote, ...commands.flatMap((c) => ['--', ...c]));
  expect(r.stderr).toBe('');
}

beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'], tcp: true, tcp6: true });
  await populate(server.remote);
  // An NB whose Logical_Switch_Port has no `tag` column, as an older or trimmed schema would.
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-early-'));
  const schema = JSON.parse(readFileSync(SCHEMAS.nb, 'utf8'));
  delete schema.tables.Logical_Switch_Port.columns.tag;
  const file = join(dir, 'nb-without-tag.ovsschema');
  writeFileSync(file, JSON.stringify(schema));
  oldServer = await startOvsdbServer({ schemas: [file] });
  await populate(oldServer.remote);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await oldServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const start = (remote: string) => {
  const early = startEarlyRead(remote, NB_DB, SHOW_COLUMNS);
  if (!early) throw new Error(`no early read for ${remote}`);
  return early;
};

describe('early read', () => {
  it('gives the rows of the normal path, and show prints what ovn-nbctl prints', async () => {
    const early = start(server.remote);
    const read = await readEarly(early, { db: server.remote }, SHOW_COLUMNS);
    early.close();
    expect(read).toBeDefined();
    const normal = await withNb({ db: server.remote }, SHOW_COLUMNS);
    expect(read?.snapshot).toEqual(normal.snapshot);
    expect(read?.schema).toEqual(normal.schema);
    const text = renderShow(read!.snapshot);
    expect(text).toContain('switch ');
    expect(text).toBe((await nbctl(server.remote, 'show')).stdout);
  });

  it('reads over tcp (IPv4 and IPv6) too', async () => {
    const normal = await withNb({ db: server.remote }, SHOW_COLUMNS);
    for (const remote of [server.tcpRemote!, server.tcp6Remote!]) {
      const early = start(remote);
      const read = await readEarly(early, { db: remote }, SHOW_COLUMNS);
      early.close();
      expect({ remote, snapshot: read?.snapshot }).toEqual({ remote, snapshot: normal.snapshot });
    }
  });

  it('is set aside for another remote or another table selection', async () => {
    const early = start(server.remote);
    expect(await readEarly(early, { db: oldServer.remote }, SHOW_COLUMNS)).toBeUndefined();
    expect(await readEarly(early, { db: server.remote }, { Logical_Switch: ['name'] })).toBeUndefined();
    early.close();
  });

  it('is set aside when the server schema lacks a column; withNb then reads again', async () => {
    const early = start(oldServer.remote);
    expect(await readEarly(early, { db: oldServer.remote }, SHOW_COLUMNS)).toBeUndefined();
    early.close();
    const viaEarly = await withNb({ db: oldServer.remote }, SHOW_COLUMNS, start(oldServer.remote));
    const normal = await withNb({ db: oldServer.remote }, SHOW_COLUMNS);
    expect(viaEarly.snapshot.Logical_Switch_Port).toHaveLength(12);
    expect(viaEarly).toEqual(normal);
  });

  it('leaves a missing server to the normal path, which reports it as usual', async () => {
    const remote = `unix:${join(dir, 'nobody-here.sock')}`;
    const a = await withNb({ db: remote }, SHOW_COLUMNS, start(remote)).catch((e: Error) => e);
    const b = await withNb({ db: remote }, SHOW_COLUMNS).catch((e: Error) => e);
    expect(a).toBeInstanceOf(Error);
    expect((a as Error).name).toBe((b as Error).name);
    expect((a as Error).message).toBe((b as Error).message);
  });

  it('is what the executable sends first, in one write, before anything else', async () => {
    // A peer that records what arrives on each connection and hangs up once a monitor came.
    const path = join(dir, 'recorder.sock');
    const received: string[] = [];
    const recorder = createServer((sock) => {
      const i = received.push('') - 1;
      sock.on('data', (d) => {
        received[i] += d.toString();
        if (received[i]!.includes('monitor_cond')) sock.destroy();
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => recorder.listen(path, r));
    try {
      const bin = join(import.meta.dirname, '..', 'dist', 'bin.js');
      const r = await execFileP(process.execPath, [bin, '--db', `unix:${path}`, 'show']).catch((e) => e);
      expect(r.code).not.toBe(0); // the peer is no database: the normal path then fails as usual
    } finally {
      await new Promise((r) => recorder.close(r));
    }
    // Two connections: the early one, then the normal path's (which reads again after the hang-up).
    expect(received).toHaveLength(2);
    expect(received[1]).toContain('get_schema');
    const first = JSON.parse(`[${received[0]!.replaceAll('}{', '},{')}]`) as Array<{
      method: string;
      params: unknown[];
    }>;
    expect(first.map((m) => m.method)).toEqual(['get_schema', 'monitor_cond']);
    expect(first[1]!.params[2]).toEqual(
      Object.fromEntries(Object.entries(SHOW_COLUMNS).map(([t, columns]) => [t, { columns }])),
    );
  });

  it('is only started for unix: and tcp: remotes', () => {
    expect(startEarlyRead('ssl:127.0.0.1:6641', NB_DB, SHOW_COLUMNS)).toBeUndefined();
    expect(startEarlyRead('tcp:127.0.0.1', NB_DB, SHOW_COLUMNS)).toBeUndefined();
    expect(startEarlyRead('unix:', NB_DB, SHOW_COLUMNS)).toBeUndefined();
    expect(startEarlyRead('tcp:127.0.0.1:6641,tcp:127.0.0.2:6641', NB_DB, SHOW_COLUMNS)).toBeUndefined();
  });
});
