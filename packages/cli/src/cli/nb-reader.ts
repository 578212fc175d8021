// Reading Northbound rows through @ovnkit/ovsdb: one get_schema and one transact of selects,
// decoded into a snapshot (native values) the renderers take.
import { connect, type OvsdbClient, type TlsOptions } from '@ovnkit/ovsdb';
import type { NbRow, NbSnapshot, SchemaInfo } from '../nb/snapshot.js';
import { rowFromWire, schemaInfoFromJson } from '../nb/wire-decode.js';
import { InputDataError } from './errors.js';

export const NB_DB = 'OVN_Northbound';
export const DEFAULT_NB_REMOTE = 'unix:/var/run/ovn/ovnnb_db.sock';

export interface DbOptions {
  readonly db: string;
  readonly tls?: TlsOptions;
  /** Overall deadline in ms (undefined = none, like ovn-nbctl without --timeout). */
  readonly timeoutMs?: number;
}

/** Tables to read, each with its columns or 'all'. */
export type TableSelection = Readonly<Record<string, readonly string[] | 'all'>>;

export interface NbRead {
  readonly schema: SchemaInfo;
  readonly snapshot: NbSnapshot;
}

export async function openNb(opts: DbOptions): Promise<OvsdbClient> {
  return connect({
    remote: opts.db,
    ...(opts.tls ? { tls: opts.tls } : {}),
    ...(opts.timeoutMs ? { connectTimeoutMs: opts.timeoutMs, signal: AbortSignal.timeout(opts.timeoutMs) } : {}),
  });
}

/** Tables to read, or a function choosing them once the schema is known. */
export type TableChoice = TableSelection | ((schema: SchemaInfo) => TableSelection);

export async function readNb(client: OvsdbClient, choice: TableChoice, timeoutMs?: number): Promise<NbRead> {
  const call = timeoutMs ? { timeoutMs } : {};
  const schema = schemaInfoFromJson(await client.getSchema(NB_DB, call));
  const tables = typeof choice === 'function' ? choice(schema) : choice;
  const names = Object.keys(tables).filter((t) => schema.tables[t]);
  const ops = names.map((table) => {
    const cols = tables[table]!;
    const known = cols === 'all' ? undefined : ['_uuid', ...cols.filter((c) => schema.tables[table]!.columns[c])];
    return known ? { op: 'select' as const, table, where: [], columns: known } : { op: 'select' as const, table, where: [] };
  });
  const results = ops.length ? await client.transact(NB_DB, ops, call) : [];
  const snapshot: Record<string, NbRow[]> = {};
  names.forEach((t, i) => {
    const rows = (results[i] as { rows?: unknown } | undefined)?.rows;
    if (!Array.isArray(rows)) throw new InputDataError(`select on ${t} returned no rows array`);
    snapshot[t] = rows.map((r) => rowFromWire(schema.tables[t]!, r as Record<string, unknown>));
  });
  return { schema, snapshot };
}

/** Connects, reads, and always closes. */
export async function withNb(opts: DbOptions, tables: TableChoice): Promise<NbRead> {
  const client = await openNb(opts);
  try {
    return await readNb(client, tables, opts.timeoutMs);
  } finally {
    await client.close();
  }
}
