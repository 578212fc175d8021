// The whole NB (every table, every column) in a form two servers can be compared by: row uuids
// are replaced by the referenced row's own content, rows are sorted by their text.
import type { OvsdbClient } from '@ovnkit/ovsdb';

type Json = unknown;
const isUuid = (v: Json): v is ['uuid', string] => Array.isArray(v) && v[0] === 'uuid' && v.length === 2;

function mapUuids(v: Json, f: (uuid: string) => Json): Json {
  if (isUuid(v)) return f(v[1]);
  if (Array.isArray(v)) {
    const out = v.map((x) => mapUuids(x, f));
    // Sets and maps come in server order, which follows the uuids: sort their members.
    if ((v[0] === 'set' || v[0] === 'map') && Array.isArray(out[1]))
      out[1] = [...(out[1] as Json[])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    return out;
  }
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapUuids(x, f)]));
  return v;
}

export async function canonicalNbDump(client: OvsdbClient): Promise<Record<string, string[]>> {
  const schema = (await client.getSchema('OVN_Northbound')) as { tables: Record<string, unknown> };
  const tables = Object.keys(schema.tables).sort();
  const results = (await client.transact(
    'OVN_Northbound',
    tables.map((table) => ({ op: 'select', table, where: [] })),
  )) as Array<{ rows: Array<Record<string, Json>> }>;
  const rowsOf = new Map<string, Record<string, Json>>();
  tables.forEach((table, i) => {
    for (const r of results[i]!.rows) rowsOf.set((r._uuid as [string, string])[1], { ...r, _table: table });
  });
  // A row's identity: its columns with references replaced by a placeholder (ours are unique so).
  const own = new Map<string, string>();
  for (const [uuid, r] of rowsOf) {
    const { _uuid, _version, ...cols } = r;
    own.set(uuid, JSON.stringify(mapUuids(cols, () => 'ref')));
  }
  const out: Record<string, string[]> = {};
  tables.forEach((table, i) => {
    out[table] = results[i]!.rows.map(({ _uuid, _version, ...cols }) =>
      JSON.stringify(mapUuids(cols, (u) => own.get(u) ?? `missing ${u}`)),
    ).sort();
  });
  return out;
}
