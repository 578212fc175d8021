// Deciding from a `_Server.Database` row whether a member may serve this session (ovsdb-server(7)
// "Database" table, and the C/Python IDL rules): a clustered member must be connected to the
// cluster, must be the leader unless followers are allowed, must not be behind what we have already
// seen (RAFT `index`), and must belong to the same cluster (`cid`) as before.

/** A database as `_Server.Database` describes it (model, leader, connected, index, cid). */
export interface ServerDbInfo {
  readonly name: string;
  /** `standalone`, `clustered`, `relay` (or `active-backup` replicas report `standalone`). */
  readonly model: string;
  readonly connected: boolean;
  readonly leader: boolean;
  readonly index: number | undefined;
  readonly cid: string | undefined;
  readonly schema: string | undefined;
}

export interface ServerAcceptance {
  readonly ok: boolean;
  /** Why not, for the status stream. */
  readonly reason?: string;
}

export interface ClusterMemory {
  /** Highest RAFT index seen so far from any member (0 before any). */
  minIndex: number;
  /** The cluster id we are pinned to, once seen. */
  cid: string | undefined;
}

function optional(v: unknown): unknown {
  // The replica decodes optional columns to `undefined`, but be lenient with a raw empty set.
  if (Array.isArray(v) && v[0] === 'set') return (v[1] as unknown[])[0];
  return v;
}

/** The fields of a decoded `_Server.Database` row. */
export function serverDbInfo(row: Readonly<Record<string, unknown>>): ServerDbInfo {
  const index = optional(row.index);
  const cid = optional(row.cid);
  const schema = optional(row.schema);
  return {
    name: String(row.name),
    model: String(row.model),
    connected: row.connected === true,
    leader: row.leader === true,
    index: typeof index === 'number' ? index : typeof index === 'bigint' ? Number(index) : undefined,
    cid: typeof cid === 'string' ? cid : undefined,
    schema: typeof schema === 'string' && schema.length > 0 ? schema : undefined,
  };
}

/** Whether the member described by `info` may serve the session; updates `memory` when it may. */
export function acceptServer(
  info: ServerDbInfo | undefined,
  memory: ClusterMemory,
  leaderOnly: boolean,
): ServerAcceptance {
  if (!info) return { ok: false, reason: 'the server does not serve this database' };
  if (info.model === 'standalone') return { ok: true };
  if (!info.connected) return { ok: false, reason: 'the member is not connected to its cluster' };
  if (leaderOnly && (info.model === 'relay' || !info.leader)) {
    return {
      ok: false,
      reason: info.model === 'relay' ? 'a relay is not the leader' : 'the member is not the leader',
    };
  }
  if (memory.cid !== undefined && info.cid !== undefined && info.cid !== memory.cid) {
    return { ok: false, reason: `the member belongs to cluster ${info.cid}, not ${memory.cid}` };
  }
  if (info.index !== undefined && info.index < memory.minIndex) {
    return {
      ok: false,
      reason: `stale member: its index ${info.index} is behind ${memory.minIndex} already seen`,
    };
  }
  if (info.index !== undefined) memory.minIndex = info.index;
  if (info.cid !== undefined) memory.cid = info.cid;
  return { ok: true };
}
