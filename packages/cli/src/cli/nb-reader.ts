// Reading Northbound rows through @ovnkit/ovsdb: one get_schema and one transact of selects,
// decoded into a snapshot (native values) the renderers take.
import { connect, type OvsdbClient, type TlsOptions } from '@ovnkit/ovsdb';
import type { NbRow, NbSnapshot, SchemaInfo } from '../nb/snapshot.js';
import { rowFromWireInPlace, schemaInfoFromJson } from '../nb/wire-decode.js';
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
    ...(opts.timeoutMs
      ? { connectTimeoutMs: opts.timeoutMs, signal: AbortSignal.timeout(opts.timeoutMs) }
      : {}),
  });
}

/** Tables to read, or a function choosing them once the schema is known. */
export type TableChoice = TableSelection | ((schema: SchemaInfo) => TableSelection);

export async function readNb(client: OvsdbClient, choice: TableChoice, timeoutMs?: number): Promise<NbRead> {
  const call = timeoutMs ? { timeoutMs } : {};
  const selectsFor = (tables: TableSelection, schema?: SchemaInfo) =>
    Object.keys(tables)
      .filter((t) => !schema || schema.tables[t])
      .map((table) => {
        const cols = tables[table]!;
        const known =
          cols === 'all'
            ? undefined
            : ['_uuid', ...cols.filter((c) => !schema || schema.tables[table]!.columns[c])];
        return known
          ? { op: 'select' as const, table, where: [], columns: known }
          : { op: 'select' as const, table, where: [] };
      });
  const schemaReply = client.getSchema(NB_DB, call);
  let ops: Array<{ op: 'select'; table: string; where: never[]; columns?: string[] }>;
  let results: unknown[];
  if (typeof choice !== 'function') {
    // The tables are known up front: send the selects together with get_schema (one round trip).
    // Should this server's schema lack a table or column, retry with what it has.
    ops = selectsFor(choice);
    const attempt = ops.length
      ? client.transact(NB_DB, ops, call).then(
          (r) => ({ ok: true as const, r }),
          (e: unknown) => ({ ok: false as const, e }),
        )
      : Promise.resolve({ ok: true as const, r: [] });
    const schema = schemaInfoFromJson(await schemaReply);
    const first = await attempt;
    if (!first.ok) {
      ops = selectsFor(choice, schema);
      results = ops.length ? await client.transact(NB_DB, ops, call) : [];
    } else results = first.r;
    return { schema, snapshot: decodeResults(schema, ops, results) };
  }
  const schema = schemaInfoFromJson(await schemaReply);
  ops = selectsFor(choice(schema), schema);
  results = ops.length ? await client.transact(NB_DB, ops, call) : [];
  return { schema, snapshot: decodeResults(schema, ops, results) };
}

function decodeResults(
  schema: SchemaInfo,
  ops: ReadonlyArray<{ table: string }>,
  results: readonly unknown[],
): NbSnapshot {
  const names = ops.map((o) => o.table);
  const snapshot: Record<string, NbRow[]> = {};
  names.forEach((t, i) => {
    const rows = (results[i] as { rows?: unknown } | undefined)?.rows;
    if (!Array.isArray(rows)) throw new InputDataError(`select on ${t} returned no rows array`);
    const table = schema.tables[t]!;
    // The reply is ours alone, so rows are decoded in place rather than copied.
    for (let j = 0; j < rows.length; j++)
      rows[j] = rowFromWireInPlace(table, rows[j] as Record<string, unknown>);
    snapshot[t] = rows as NbRow[];
  });
  return snapshot;
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
