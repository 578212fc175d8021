// The NB as the controller uses it at run time: an @ovnkit/ovsdb Session keeping a replica of the
// tables in SNAPSHOT_COLUMNS, transactions through the session (the replica shows their effects
// when they resolve), and snapshots taken from the replica for free. No replica index: the
// controller groups its rows per reconcile (reconcile/owned-index.ts), and an index on the owner
// id would hold an entry per row (about 46 B per pod) that nothing looks up.
import { connect, type OvsdbClient, openSession, type Session, type SessionOptions } from '@ovnkit/ovsdb';
import type { WireOperation } from './operations.js';
import type { CountingNbTransactor } from './ovsdb-transactor.js';
import { type NbSnapshot, SNAPSHOT_COLUMNS, type SnapshotTable } from './snapshot.js';
import { NB_DATABASE } from './transactor.js';
import type { SchemaJson } from './wire.js';

const TABLES = Object.keys(SNAPSHOT_COLUMNS) as SnapshotTable[];
// Rows that routers and switches reference are read first: after a restart (a lazy snapshot) the
// routers' nat/policies sets then share the uuid strings of those rows instead of holding copies.
const REFERRERS: readonly SnapshotTable[] = ['Logical_Router', 'Logical_Switch'];
const READ_ORDER = [...TABLES.filter((t) => !REFERRERS.includes(t)), ...REFERRERS];

/** Options of {@link openNbConnection}. */
export interface NbConnectionOptions {
  /** NB remote(s), e.g. `unix:/run/ovn/ovnnb_db.sock` or `tcp:127.0.0.1:6641,tcp:...`. */
  readonly remote: string | readonly string[];
  /** Key, certificate and CA certificate for ssl: remotes (passed to the session). */
  readonly tls?: SessionOptions['tls'];
  /** Deadline for the first sync (default 30 s). */
  readonly readyTimeoutMs?: number;
}

/** An open NB session: the transactor, a snapshot of its replica, the session itself. */
export interface NbConnection {
  readonly nb: CountingNbTransactor;
  /** The replica's current contents in NbSnapshot form (no round trip). */
  snapshot(): NbSnapshot;
  readonly session: Session;
  close(): Promise<void>;
}

// Connections to NBs of one schema (one per zone) share one copy of it: about 23 KB each.
const schemas = new Map<string, SchemaJson>();
const SCHEMAS_KEPT = 4;

async function fetchSchema(remote: string | readonly string[]): Promise<SchemaJson> {
  // The session keeps its schema private, so the schema (needed to encode writes and to know
  // what the server accepts) comes from one short-lived protocol connection.
  let client: OvsdbClient | undefined;
  try {
    client = await connect({ remote });
    const schema = (await client.getSchema(NB_DATABASE)) as unknown as SchemaJson;
    const text = JSON.stringify(schema, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    const known = schemas.get(text);
    if (known) return known;
    if (schemas.size >= SCHEMAS_KEPT) schemas.delete(schemas.keys().next().value as string);
    schemas.set(text, schema);
    return schema;
  } finally {
    await client?.close();
  }
}

/** Opens an NB session that replicates the tables the controller reads, and waits for its first snapshot. */
export async function openNbConnection(opts: NbConnectionOptions): Promise<NbConnection> {
  const schema = await fetchSchema(opts.remote);
  const tables = Object.fromEntries(Object.entries(SNAPSHOT_COLUMNS).map(([t, columns]) => [t, { columns }]));
  const session = openSession({
    remote: opts.remote,
    tls: opts.tls,
    db: NB_DATABASE,
    tables,
  });
  try {
    await session.whenReady(opts.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await session.close();
    throw err;
  }
  let writes = 0;
  let operations = 0;
  let cached: NbSnapshot | undefined;
  let cachedBatch = -1;
  const nb: CountingNbTransactor = {
    async transact(ops: readonly WireOperation[]) {
      if (ops.some((o) => o.op !== 'select')) writes++;
      operations += ops.length;
      return session.transact(ops);
    },
    schema: async () => schema,
    get writeTransactions() {
      return writes;
    },
    get operations() {
      return operations;
    },
  };
  return {
    nb,
    session,
    snapshot() {
      // The same object while the replica has not changed: callers may memoise on its identity.
      if (cached && cachedBatch === session.replica.batchCount) return cached;
      const out: Record<string, unknown[]> = {};
      for (const t of TABLES) out[t] = [];
      for (const t of READ_ORDER) out[t] = [...session.replica.table(t).rows()];
      // Replica rows carry exactly the monitored columns in the native form NbSnapshot declares.
      cached = out as unknown as NbSnapshot;
      cachedBatch = session.replica.batchCount;
      return cached;
    },
    close: () => session.close(),
  };
}
