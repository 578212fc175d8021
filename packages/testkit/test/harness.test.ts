import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  findBinary,
  MissingBinaryError,
  rawCall,
  startCluster,
  startNorthd,
  startOvsdbServer,
  until,
} from '@ovnkit/testkit';

const execFileP = promisify(execFile);
const fixture = (f: string) => join(import.meta.dirname, 'fixtures', f);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie is dead for our purposes.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

describe('findBinary', () => {
  it('names the Debian package of a missing program', () => {
    expect(() => findBinary('ovsdb-no-such-tool')).toThrow(MissingBinaryError);
    const err = (() => {
      try {
        findBinary('ovn-northd-missing');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/apt-get install/);
  });
  it('finds the real servers', () => {
    expect(findBinary('ovsdb-server')).toMatch(/ovsdb-server$/);
    expect(findBinary('ovn-northd')).toMatch(/ovn-northd$/);
  });
});

describe('startOvsdbServer', () => {
  it('serves NB on unix, tcp, tcp6 and ssl; stop() kills the pid and removes the dir', async () => {
    const s = await startOvsdbServer({ schemas: ['nb'], tcp: true, tcp6: true, ssl: true });
    try {
      expect(await rawCall(s.remote, 'list_dbs', [])).toEqual(['OVN_Northbound', '_Server']);
      expect(await rawCall(s.tcpRemote!, 'list_dbs', [])).toEqual(['OVN_Northbound', '_Server']);
      expect(await rawCall(s.tcp6Remote!, 'list_dbs', [])).toEqual(['OVN_Northbound', '_Server']);
      expect(s.sslRemote).toMatch(/^ssl:127\.0\.0\.1:\d+$/);
      const { stdout } = await execFileP(findBinary('ovn-nbctl'), [
        `--db=${s.sslRemote}`,
        '-p',
        s.pki!.clientKey,
        '-c',
        s.pki!.clientCert,
        '-C',
        s.pki!.caCert,
        'show',
      ]);
      expect(stdout).toBe('');
    } finally {
      await s.stop();
    }
    expect(alive(s.pid)).toBe(false);
    expect(existsSync(s.dir)).toBe(false);
  });

  it('serves SB, Open_vSwitch and a test schema together, and restarts on the same files', async () => {
    const s = await startOvsdbServer({ schemas: ['sb', 'vswitch', fixture('test.ovsschema')], tcp: true });
    try {
      expect(((await rawCall(s.remote, 'list_dbs', [])) as string[]).sort()).toEqual([
        'OVN_Southbound',
        'Open_vSwitch',
        'Test',
        '_Server',
      ]);
      await rawCall(s.remote, 'transact', [
        'Test',
        { op: 'insert', table: 'Item', row: { name: 'a', count: 1 } },
      ]);
      const before = s.pid;
      const tcp = s.tcpRemote;
      await s.kill();
      expect(alive(before)).toBe(false);
      await s.restart();
      expect(s.pid).not.toBe(before);
      expect(s.tcpRemote).toBe(tcp);
      const res = (await rawCall(tcp!, 'transact', [
        'Test',
        { op: 'select', table: 'Item', where: [], columns: ['name'] },
      ])) as Array<{ rows: unknown[] }>;
      expect(res[0]!.rows).toEqual([{ name: 'a' }]);
    } finally {
      await s.stop();
    }
  });
});

describe('startCluster', () => {
  it('a 3-member cluster elects a leader, and a new one when the leader is killed', async () => {
    const c = await startCluster({ schema: 'nb', size: 3 });
    try {
      expect(c.members).toHaveLength(3);
      const leader = await c.waitForLeader();
      const st = await c.status(leader);
      expect(st).toMatchObject({ name: 'OVN_Northbound', connected: true, leader: true });
      expect(st.cid).toMatch(/^[0-9a-f-]{36}$/);
      await leader.kill('SIGKILL');
      const next = await c.waitForLeader(30000, leader);
      expect(next).not.toBe(leader);
      await leader.restart();
      await until('old leader rejoined', 20000, async () =>
        (await c.status(leader)).connected ? true : undefined,
      );
      const moved = await c.transferLeadership();
      expect((await c.status(moved)).leader).toBe(true);
    } finally {
      await c.stop();
    }
    expect(existsSync(c.dir)).toBe(false);
    for (const m of c.members) expect(alive(m.pid)).toBe(false);
  });
});

describe('startNorthd', () => {
  it('ovn-northd turns an NB switch into an SB datapath', async () => {
    const lab = await startNorthd();
    try {
      await execFileP(findBinary('ovn-nbctl'), [
        `--db=${lab.nb.remote}`,
        '--wait=sb',
        '--timeout=20',
        'ls-add',
        'sw0',
      ]);
      const { stdout } = await execFileP(findBinary('ovn-sbctl'), [
        `--db=${lab.sb.remote}`,
        '--bare',
        '--columns=external_ids',
        'list',
        'Datapath_Binding',
      ]);
      expect(stdout).toMatch(/name=sw0/);
    } finally {
      await lab.stop();
    }
    expect(existsSync(lab.dir)).toBe(false);
  });
});

describe('crash safety', () => {
  it('SIGKILL of the test process leaves no server and no temp dir', async () => {
    const script = `
      import { startOvsdbServer } from ${JSON.stringify(join(import.meta.dirname, '../dist/index.js'))};
      const s = await startOvsdbServer({ schemas: ['nb'] });
      process.stdout.write(JSON.stringify({ pid: s.pid, dir: s.dir }) + '\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const info = await new Promise<{ pid: number; dir: string }>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(JSON.parse(out));
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    expect(alive(info.pid)).toBe(true);
    expect(existsSync(info.dir)).toBe(true);
    child.kill('SIGKILL');
    await until('server gone and dir removed', 10000, async () =>
      !alive(info.pid) && !existsSync(info.dir) ? true : undefined,
    );
  });
});

afterAll(() => undefined);
