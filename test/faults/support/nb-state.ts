// The NB rows an EgressIP controller is responsible for, in a form that compares equal across
// runs and servers: uuids dropped, references to rows replaced by those rows' contents, sets and
// maps sorted. Two NBs with equal states hold exactly the same rows.
import { rawCall } from '@ovnkit/testkit';

const NB_DB = 'OVN_Northbound';
/** Tables the controller (and topology init) write, whose rows are compared whole. */
const ROW_TABLES = ['Logical_Router_Policy', 'NAT', 'Address_Set', 'QoS', 'Logical_Router_Static_Route'];

type Wire = unknown;

function canonical(v: Wire, refs: ReadonlyMap<string, string>): Wire {
  if (!Array.isArray(v)) return v;
  const [tag, body] = v as [string, Wire];
  if (tag === 'uuid') return refs.get(body as string) ?? ['uuid', '?'];
  if (tag === 'set') return ['set', (body as Wire[]).map((x) => JSON.stringify(canonical(x, refs))).sort()];
  if (tag === 'map')
    return [
      'map',
      (body as Array<[Wire, Wire]>)
        .map(([k, x]) => JSON.stringify([canonical(k, refs), canonical(x, refs)]))
        .sort(),
    ];
  return v;
}

function rowText(row: Record<string, Wire>, refs: ReadonlyMap<string, string>): string {
  const cols = Object.keys(row)
    .filter((c) => c !== '_uuid' && c !== '_version')
    .sort();
  return JSON.stringify(cols.map((c) => [c, canonical(row[c], refs)]));
}

/** Sorted lines, one per row: the owned tables whole, then each router with its policies and NATs. */
export async function nbState(remote: string): Promise<string> {
  const select = (table: string) => ({ op: 'select', table, where: [] });
  const results = (await rawCall(remote, 'transact', [
    NB_DB,
    ...ROW_TABLES.map(select),
    select('Logical_Router'),
  ])) as Array<{ rows: Array<Record<string, Wire>> }>;
  const refs = new Map<string, string>();
  const lines: string[] = [];
  ROW_TABLES.forEach((table, i) => {
    for (const row of results[i]!.rows) {
      const text = rowText(row, refs);
      refs.set((row._uuid as [string, string])[1], text);
      lines.push(`${table} ${text}`);
    }
  });
  for (const r of results[ROW_TABLES.length]!.rows) {
    const { name, policies, nat, static_routes } = r;
    lines.push(
      `Logical_Router ${rowText({ name, policies, nat, static_routes } as Record<string, Wire>, refs)}`,
    );
  }
  return lines.sort().join('\n');
}
