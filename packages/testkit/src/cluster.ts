// A RAFT-clustered database of N members (default 3), all on unix sockets in one temp dir:
// `ovsdb-tool create-cluster` for the first member, `join-cluster` for the others.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findBinary, type SchemaName, schemaPath } from './binaries.js';
import { type OvsdbServer, startOvsdbServer } from './ovsdb-server.js';
import { rawCall, until } from './raw-rpc.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

const execFileP = promisify(execFile);

export interface ClusterMember extends OvsdbServer {
  /** 1-based member number. */
  readonly id: number;
  /** RAFT address (`unix:...raft`). */
  readonly raftAddress: string;
}

export interface ServerDbStatus {
  name: string;
  connected: boolean;
  leader: boolean;
  index: number | undefined;
  cid: string | undefined;
  sid: string | undefined;
}

export interface Cluster {
  readonly dir: string;
  readonly dbName: string;
  readonly members: ClusterMember[];
  /** Comma-separated client remotes of all members (like OVN_NB_DB). */
  readonly remotes: string;
  /** Resolves with the member that reports itself leader (and connected), waiting up to `timeoutMs`. */
  waitForLeader(timeoutMs?: number, exclude?: ClusterMember): Promise<ClusterMember>;
  /** The `_Server` Database row of `member` for this cluster's database. */
  status(member: ClusterMember): Promise<ServerDbStatus>;
  /**
   * Moves leadership: stops the leader gracefully (ovsdb-server hands leadership over on SIGTERM),
   * waits for a new leader, then restarts the old member as a follower. Resolves with the new leader.
   */
  transferLeadership(): Promise<ClusterMember>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  schema?: SchemaName | string;
  size?: number;
  readyTimeoutMs?: number;
}

function uuidOf(atom: unknown): string | undefined {
  return Array.isArray(atom) && atom[0] === 'uuid' ? String(atom[1]) : undefined;
}

function optional<T>(v: unknown): T | undefined {
  // OVSDB optional columns arrive as a bare value or ["set", []].
  if (Array.isArray(v) && v[0] === 'set') return (v[1] as unknown[])[0] as T | undefined;
  return v as T;
}

export async function serverDbStatus(remote: string, dbName: string): Promise<ServerDbStatus> {
  const res = (await rawCall(
    remote,
    'transact',
    ['_Server', { op: 'select', table: 'Database', where: [['name', '==', dbName]] }],
    {
      timeoutMs: 2000,
    },
  )) as Array<{ rows: Array<Record<string, unknown>> }>;
  const row = res[0]?.rows[0];
  if (!row) throw new Error(`${remote}: no _Server row for ${dbName}`);
  return {
    name: String(row.name),
    connected: row.connected === true,
    leader: row.leader === true,
    index: optional<number>(row.index),
    cid: uuidOf(optional(row.cid)),
    sid: uuidOf(optional(row.sid)),
  };
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const size = opts.size ?? 3;
  const dir = makeTempDir('ovnkit-raft-');
  const schemaFile = schemaPath(opts.schema ?? 'nb');
  const dbName = (JSON.parse(readFileSync(schemaFile, 'utf8')) as { name: string }).name;
  const members: ClusterMember[] = [];
  try {
    const tool = findBinary('ovsdb-tool');
    const raft = (i: number) => `unix:${join(dir, `s${i}.raft`)}`;
    const file = (i: number) => join(dir, `s${i}.db`);
    await execFileP(tool, ['create-cluster', file(1), schemaFile, raft(1)]);
    for (let i = 2; i <= size; i++)
      await execFileP(tool, ['join-cluster', file(i), dbName, raft(i), raft(1)]);
    // Start all members together: joiners need the founder to be up, and vice versa for quorum.
    const started = await Promise.all(
      Array.from({ length: size }, (_, k) =>
        startOvsdbServer({
          dir,
          name: `s${k + 1}`,
          dbFiles: [file(k + 1)],
          readyTimeoutMs: opts.readyTimeoutMs,
          // RAFT listens on the address in the db file; the raft socket name contains the dir.
        }).then((s) => Object.assign(s, { id: k + 1, raftAddress: raft(k + 1) }) as ClusterMember),
      ),
    );
    members.push(...started);
    const cluster: Cluster = {
      dir,
      dbName,
      members,
      remotes: members.map((m) => m.remote).join(','),
      status: (m) => serverDbStatus(m.remote, dbName),
      async waitForLeader(timeoutMs = 20000, exclude?: ClusterMember) {
        return until(`a leader for ${dbName}`, timeoutMs, async () => {
          for (const m of members) {
            if (!m.running || m === exclude) continue;
            try {
              const st = await serverDbStatus(m.remote, dbName);
              if (st.leader && st.connected) return m;
            } catch {
              // member not answering yet
            }
          }
          return undefined;
        });
      },
      async transferLeadership() {
        const old = await cluster.waitForLeader();
        await old.kill('SIGTERM');
        const next = await cluster.waitForLeader(20000, old);
        await old.restart();
        return next;
      },
      async stop() {
        await Promise.all(members.map((m) => m.kill('SIGTERM')));
        removeTempDir(dir);
      },
    };
    // Every member must have joined (connected) before the cluster is handed out.
    await until(`all ${size} members of ${dbName} connected`, opts.readyTimeoutMs ?? 30000, async () => {
      const sts = await Promise.all(members.map((m) => serverDbStatus(m.remote, dbName)));
      return sts.every((s) => s.connected) && sts.some((s) => s.leader) ? true : undefined;
    });
    return cluster;
  } catch (err) {
    await Promise.all(members.map((m) => m.kill('SIGKILL')));
    removeTempDir(dir);
    throw err;
  }
}
