// A 3-member RAFT cluster: the leader is killed, then leadership is transferred, while another
// client commits a stream of transactions. The replica must end equal to `ovsdb-client dump`,
// with no lost or duplicated row, having resumed incrementally (monitor_cond_since found=true)
// wherever the server still had the reader's last transaction.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openSession, type Session, type SessionStatus } from '@ovnkit/ovsdb';
import { type Cluster, findBinary, startCluster, until } from '@ovnkit/testkit';

const execFileP = promisify(execFile);
type NB = { Logical_Switch: { readonly _uuid: string; readonly name: string } };

async function dumpSwitches(remote: string): Promise<Map<string, string>> {
  const { stdout } = await execFileP(findBinary('ovsdb-client'), [
    '--format=json',
    'dump',
    remote,
    'OVN_Northbound',
    'Logical_Switch',
    '_uuid',
    'name',
  ]);
  const tables = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { headings: string[]; data: unknown[][] });
  const t = tables[0]!;
  const iu = t.headings.indexOf('_uuid');
  const iname = t.headings.indexOf('name');
  return new Map(t.data.map((row) => [(row[iu] as [string, string])[1], row[iname] as string]));
}

describe('session on a 3-member RAFT cluster', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ schema: 'nb', size: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('follows the leader through a kill and a transfer while another client writes; ends equal to the dump', async () => {
    const open = () =>
      openSession<NB>({
        remote: cluster.remotes,
        db: 'OVN_Northbound',
        tables: { Logical_Switch: { columns: ['name'] } },
        backoff: { initialMs: 50, maxMs: 400 },
      });
    const reader: Session<NB> = open();
    const writer: Session<NB> = open();
    const statuses: SessionStatus[] = [];
    reader.onStatus((s) => statuses.push(s));
    try {
      await Promise.all([reader.ready, writer.ready]);
      const firstLeader = await cluster.waitForLeader();
      expect(reader.server?.remote).toBe(firstLeader.remote);
      expect(reader.server?.info).toMatchObject({ model: 'clustered', leader: true, connected: true });
      expect(reader.server?.info?.cid).toMatch(/^[0-9a-f-]{36}$/);

      const committed: string[] = [];
      let stop = false;
      // ovsdb-server keeps only the last 100 transactions for resumes, so a short outage is one
      // with fewer commits than that: while the reader is away the writer commits at most 50,
      // then waits for the reader to be back.
      const AWAY_COMMITS = 50;
      const writing = (async () => {
        let away = 0;
        for (let i = 0; !stop || i < 40; i++) {
          const name = `w-${i}`;
          await writer.transactSafely([{ op: 'insert', table: 'Logical_Switch', row: { name } }], {
            timeoutMs: 60000,
          });
          committed.push(name);
          if (reader.status.state === 'ready') away = 0;
          else if (++away >= AWAY_COMMITS) {
            await reader.whenReady(30000);
            away = 0;
          }
          if (i > 20000) break;
        }
      })();
      const writes = (n: number) =>
        until(`${n} commits`, 30000, async () => (committed.length >= n ? true : undefined));

      await writes(10);
      await firstLeader.kill('SIGKILL');
      const second = await cluster.waitForLeader(30000, firstLeader);
      await firstLeader.restart();
      await writes(committed.length + 10);
      await until('reader back on the new leader', 30000, async () =>
        reader.status.state === 'ready' && reader.server?.remote !== firstLeader.remote ? true : undefined,
      );
      expect(reader.server?.info?.leader).toBe(true);

      const third = await cluster.transferLeadership();
      expect(third.remote).not.toBe(second.remote);
      await writes(committed.length + 10);
      stop = true;
      await writing;

      const leader = await cluster.waitForLeader();
      await until('replica equals the leader dump', 30000, async () => {
        const dump = await dumpSwitches(leader.remote);
        const mine = new Map(
          [...reader.replica.table('Logical_Switch').rows()].map((r) => [r._uuid, r.name]),
        );
        return dump.size === mine.size && [...dump].every(([u, n]) => mine.get(u) === n) ? true : undefined;
      });
      const names = [...reader.replica.table('Logical_Switch').rows()].map((r) => r.name);
      expect(new Set(names).size).toBe(names.length); // no duplicated row
      expect(names.sort()).toEqual([...committed].sort()); // none lost, none extra

      // What the reader saw: connection losses, members skipped, and incremental resumes.
      const disconnects = statuses.filter((s) => s.state === 'disconnected');
      expect(disconnects.length).toBeGreaterThanOrEqual(2);
      expect(
        disconnects.some((s) => /connection (lost|closed)|not the leader|not connected/.test(s.reason ?? '')),
      ).toBe(true);
      const readies = statuses.filter((s) => s.state === 'ready');
      expect(readies.length).toBeGreaterThanOrEqual(3);
      expect(readies[0]!.sync).toBe('full');
      // Every resync after a short outage resumed from the last transaction id.
      expect(readies.slice(1).map((s) => [s.sync, s.reason])).toEqual(
        readies.slice(1).map(() => ['incremental', 'monitor_cond_since, incremental sync']),
      );
      expect(reader.stats.fullSyncs).toBe(1);
      expect(reader.stats.incrementalSyncs).toBeGreaterThanOrEqual(2);
    } finally {
      await reader.close();
      await writer.close();
    }
  }, 120000);

  it('with leaderOnly: false a follower serves reads; with the default it is skipped, and the status says why', async () => {
    const leader = await cluster.waitForLeader();
    const follower = cluster.members.find((m) => m !== leader && m.running)!;
    const relaxed = openSession<NB>({
      remote: follower.remote,
      db: 'OVN_Northbound',
      tables: { Logical_Switch: { columns: ['name'] } },
      leaderOnly: false,
    });
    const strict = openSession<NB>({
      remote: follower.remote,
      db: 'OVN_Northbound',
      tables: { Logical_Switch: { columns: ['name'] } },
      backoff: { initialMs: 50, maxMs: 100 },
    });
    const strictStatuses: SessionStatus[] = [];
    strict.onStatus((s) => strictStatuses.push(s));
    try {
      await relaxed.ready;
      expect(relaxed.server?.info).toMatchObject({ model: 'clustered', leader: false, connected: true });
      await until('the strict session skipped the follower', 10000, async () =>
        strict.stats.membersSkipped > 0 ? true : undefined,
      );
      expect(strict.status.state).not.toBe('ready');
      expect(strictStatuses.find((s) => s.state === 'disconnected')?.reason).toBe(
        'the member is not the leader',
      );
    } finally {
      await relaxed.close();
      await strict.close();
    }
  });
});
