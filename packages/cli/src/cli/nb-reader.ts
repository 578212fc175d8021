// Reading Northbound rows through @ovnkit/ovsdb: one get_schema and one monitor_cond (initial
// rows only), decoded into a snapshot (native values) the renderers take; or the same two
// requests sent by the executable at start (readEarly).
import {
  connect,
  type MonitorRequest,
  type OvsdbClient,
  type TableUpdates2Json,
  type TlsOptions,
} from '@ovnkit/ovsdb';
import type { EarlyRead } from '../early/early-read.js';
import { decodeUpdates, type TableSelection } from '../nb/monitor-decode.js';
import type { NbSnapshot, SchemaInfo } from '../nb/snapshot.js';
import { schemaInfoFromJson, schemaInfoOfColumns } from '../nb/wire-decode.js';
import { earlyReplies } from './early-replies.js';
import { NB_DB } from './nb-remote.js';

export { DEFAULT_NB_REMOTE, NB_DB } from './nb-remote.js';

/** How to reach the Northbound database: remote, TLS material, overall deadline. */
export interface DbOptions {
  readonly db: string;
  readonly tls?: TlsOptions;
  /** Overall deadline in ms (undefined = none, like ovn-nbctl without --timeout). */
  readonly timeoutMs?: number;
}

export type { TableSelection } from '../nb/monitor-decode.js';

/** The result of reading the NB: its schema and the rows of the chosen tables. */
export interface NbRead {
  readonly schema: SchemaInfo;
  readonly snapshot: NbSnapshot;
}

export async function openNb(opts: DbOptions): Promise<OvsdbClient> {
  return connect({
    remote: opts.db,
    ...(opts.tls ? { tls: opts.tls } : {}),
    ...(opts.timeoutMs
      ? { connectTimeoutMs: opts.timeoutMs, signal: AbortSignal.timeout(opts.timeoutMs) }
      : {}),
  });
}

/** Tables to read, or a function choosing them once the schema is known. */
export type TableChoice = TableSelection | ((schema: SchemaInfo) => TableSelection);

/**
 * Reads the chosen tables with one `monitor_cond` (initial rows only; the connection is closed
 * right after). ovsdb-server builds that reply more cheaply than the same rows through a
 * `select`, and it is what ovn-nbctl itself asks for.
 */
export async function readNb(client: OvsdbClient, choice: TableChoice, timeoutMs?: number): Promise<NbRead> {
  const call = timeoutMs ? { timeoutMs } : {};
  let monitorNo = 0;
  const monitor = (tables: TableSelection, schema?: SchemaInfo) => {
    const requests: Record<string, MonitorRequest> = {};
    for (const table of Object.keys(tables)) {
      if (schema && !schema.tables[table]) continue;
      const cols = tables[table]!;
      requests[table] =
        cols === 'all' ? {} : { columns: cols.filter((c) => !schema || schema.tables[table]!.columns[c]) };
    }
    if (Object.keys(requests).length === 0) return Promise.resolve({});
    return client.monitorCond(NB_DB, `ovnkit-${monitorNo++}`, requests, call);
  };
  const schemaReply = client.getSchema(NB_DB, call);
  if (typeof choice !== 'function') {
    // The tables are known up front: ask for the rows together with the schema (one round trip).
    // Should this server's schema lack a table or column, ask again with what it has.
    const attempt = monitor(choice).then(
      (r) => ({ ok: true as const, r }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    const fixed = Object.values(choice).includes('all')
      ? undefined
      : (choice as Readonly<Record<string, readonly string[]>>);
    const schema = fixed
      ? schemaInfoOfColumns(await schemaReply, fixed)
      : schemaInfoFromJson(await schemaReply);
    const first = await attempt;
    const updates = first.ok ? first.r : await monitor(choice, schema);
    return { schema, snapshot: decodeUpdates(schema, choice, updates) };
  }
  const schema = schemaInfoFromJson(await schemaReply);
  const tables = choice(schema);
  return { schema, snapshot: decodeUpdates(schema, tables, await monitor(tables, schema)) };
}

/**
 * The rows of an early read (early/early-read.ts) if it is for this remote and these tables and
 * the server's schema has them all; undefined means "read again the normal way", which also
 * reports any failure (no connection, a server error) as usual.
 */
export async function readEarly(
  early: EarlyRead,
  opts: DbOptions,
  tables: Readonly<Record<string, readonly string[]>>,
): Promise<NbRead | undefined> {
  if (early.db !== opts.db || early.database !== NB_DB || opts.tls || opts.timeoutMs) return undefined;
  if (!sameSelection(early.tables, tables)) return undefined;
  const replies = earlyReplies(early);
  const schemaJson = await replies.schema;
  if (schemaJson === undefined) return undefined;
  const schema = schemaInfoOfColumns(schemaJson, tables);
  // A server whose schema lacks one of the columns rejects the monitor; check anyway, so rows are
  // never decoded against a schema that does not describe them.
  if (schema.name !== NB_DB) return undefined;
  for (const [t, cols] of Object.entries(tables)) {
    const info = schema.tables[t];
    if (!info || cols.some((c) => !info.columns[c])) return undefined;
  }
  const updates = await replies.updates;
  if (updates === undefined || updates === null || typeof updates !== 'object') return undefined;
  return { schema, snapshot: decodeUpdates(schema, tables, updates as TableUpdates2Json) };
}

function sameSelection(
  a: Readonly<Record<string, readonly string[]>>,
  b: Readonly<Record<string, readonly string[]>>,
) {
  const ka = Object.keys(a);
  return (
    ka.length === Object.keys(b).length &&
    ka.every(
      (t) => b[t] !== undefined && a[t]!.length === b[t]!.length && a[t]!.every((c, i) => b[t]![i] === c),
    )
  );
}

/** Connects, reads, and always closes; uses `early` (read at process start) when it fits. */
export async function withNb(opts: DbOptions, tables: TableChoice, early?: EarlyRead): Promise<NbRead> {
  if (early && typeof tables !== 'function' && !Object.values(tables).includes('all')) {
    try {
      const read = await readEarly(early, opts, tables as Readonly<Record<string, readonly string[]>>);
      if (read) return read;
    } finally {
      early.close();
    }
  }
  const client = await openNb(opts);
  try {
    return await readNb(client, tables, opts.timeoutMs);
  } finally {
    await client.close();
  }
}
