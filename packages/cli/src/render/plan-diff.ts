// `ovnkit plan` output: the controller's dry run (assignment + NB changes) as a readable diff
// per EgressIP, or as stable JSON. Pure: old values come from the snapshot the plan was made on.
import type {
  AssignmentPlan,
  Change,
  DryRunResult,
  EgressIPStatusItem,
  NbSnapshot,
  ParentRef,
} from '@ovnkit/egressip-controller';

type Row = Readonly<Record<string, unknown>> & { readonly _uuid: string };

/** One change, with names instead of parent uuids and the old values it replaces. */
export type PlanChange =
  | { op: 'add'; table: string; row: object; parents: PlanParent[] }
  | { op: 'change'; table: string; uuid: string; columns: Record<string, { from: unknown; to: unknown }> }
  | { op: 'delete'; table: string; uuid: string; row: object | null; parents: PlanParent[] }
  | { op: 'link' | 'unlink'; parent: PlanParent; table: string; uuid: string; row: object | null }
  | {
      op: 'addresses';
      addressSet: string;
      /** The set's `external_ids:k8s.ovn.org/name` (e.g. egressip-served-pods); the name is a hash. */
      label: string | null;
      add: readonly string[];
      remove: readonly string[];
    };

export interface PlanParent {
  table: string;
  name: string;
  column: string;
}

export interface PlanGroup {
  /** null for the shared (feature) rows every EgressIP relies on. */
  egressIP: string | null;
  changes: PlanChange[];
}

export interface PlanReport {
  changes: boolean;
  summary: { add: number; change: number; delete: number; assignments: number };
  assignments: AssignmentPlan[];
  groups: PlanGroup[];
  notes: DryRunResult['notes'];
}

const ROW_TABLES = ['Logical_Router_Policy', 'NAT', 'QoS', 'Address_Set'] as const;

function rowIndex(snapshot: NbSnapshot): Map<string, { table: string; row: Row }> {
  const out = new Map<string, { table: string; row: Row }>();
  for (const t of [...ROW_TABLES, 'Logical_Router', 'Logical_Switch'] as const)
    for (const row of snapshot[t]) out.set(row._uuid, { table: t, row: row as unknown as Row });
  return out;
}

const sameItems = (a: readonly EgressIPStatusItem[], b: readonly EgressIPStatusItem[]) =>
  a.length === b.length && a.every((x, i) => x.node === b[i]?.node && x.egressIP === b[i]?.egressIP);

/** Builds the report: changes grouped (shared rows first, then EgressIPs by name). */
export function planReport(result: DryRunResult): PlanReport {
  const rows = rowIndex(result.snapshot);
  const parent = (p: ParentRef): PlanParent => ({
    table: p.table,
    name: String(rows.get(p.uuid)?.row.name ?? p.uuid),
    column: p.column,
  });
  const toPlan = (c: Change): PlanChange => {
    switch (c.kind) {
      case 'insert':
        return { op: 'add', table: c.table, row: c.row, parents: c.parents.map(parent) };
      case 'update': {
        const old = rows.get(c.uuid)?.row;
        const columns: Record<string, { from: unknown; to: unknown }> = {};
        for (const [k, v] of Object.entries(c.columns)) columns[k] = { from: old?.[k] ?? null, to: v };
        return { op: 'change', table: c.table, uuid: c.uuid, columns };
      }
      case 'delete':
        return {
          op: 'delete',
          table: c.table,
          uuid: c.uuid,
          row: rows.get(c.uuid)?.row ?? null,
          parents: c.parents.map(parent),
        };
      case 'link':
      case 'unlink': {
        const target = rows.get(c.uuid);
        return {
          op: c.kind,
          parent: parent(c.parent),
          table: target?.table ?? '?',
          uuid: c.uuid,
          row: target?.row ?? null,
        };
      }
      case 'addresses': {
        const set = result.snapshot.Address_Set.find((a) => a.name === c.name);
        const label = set?.external_ids['k8s.ovn.org/name'] ?? null;
        return { op: 'addresses', addressSet: c.name, label, add: c.add, remove: c.remove };
      }
    }
  };
  const byGroup = new Map<string, PlanChange[]>();
  for (const u of result.units) {
    const list = byGroup.get(u.group) ?? [];
    list.push(...u.changes.map(toPlan));
    byGroup.set(u.group, list);
  }
  const groups = [...byGroup]
    .filter(([, changes]) => changes.length > 0)
    .sort(([a], [b]) => (a === b ? 0 : a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1))
    .map(([g, changes]) => ({ egressIP: g === '' ? null : g, changes }));
  const all = groups.flatMap((g) => g.changes);
  const summary = {
    add: all.filter((c) => c.op === 'add').length,
    change: all.filter((c) => c.op !== 'add' && c.op !== 'delete').length,
    delete: all.filter((c) => c.op === 'delete').length,
    assignments: result.assignments.filter((a) => !sameItems(a.current, a.planned)).length,
  };
  return {
    changes: summary.add + summary.change + summary.delete + summary.assignments > 0,
    summary,
    assignments: [...result.assignments],
    groups,
    notes: result.notes,
  };
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));

/** One line describing a row of one of our tables, by the columns a reader recognises it by. */
export function describeRow(table: string, row: object | null): string {
  if (!row) return '(row not in the snapshot)';
  const r = row as Record<string, unknown>;
  switch (table) {
    case 'Logical_Router_Policy': {
      const hops = Array.isArray(r.nexthops) && r.nexthops.length > 0 ? ` nexthops=${show(r.nexthops)}` : '';
      return `priority=${show(r.priority)} match="${show(r.match)}" action=${show(r.action)}${hops}`;
    }
    case 'NAT':
      return `${show(r.type)} ${show(r.external_ip)} <- ${show(r.logical_ip)}${r.logical_port ? ` logical_port=${show(r.logical_port)}` : ''}`;
    case 'Address_Set':
      return `name=${show(r.name)}`;
    case 'QoS':
      return `priority=${show(r.priority)} ${show(r.direction)} match="${show(r.match)}"`;
    default:
      return show(row);
  }
}

const on = (parents: readonly PlanParent[]) =>
  parents.length ? ` on ${parents.map((p) => `${p.name}.${p.column}`).join(', ')}` : '';

function changeLine(c: PlanChange): string {
  switch (c.op) {
    case 'add':
      return `+ ${c.table}${on(c.parents)}: ${describeRow(c.table, c.row)}`;
    case 'delete':
      return `- ${c.table} ${c.uuid}${on(c.parents)}: ${describeRow(c.table, c.row)}`;
    case 'change':
      return `~ ${c.table} ${c.uuid}: ${Object.entries(c.columns)
        .map(([k, v]) => `${k}: ${show(v.from)} -> ${show(v.to)}`)
        .join('; ')}`;
    case 'link':
    case 'unlink':
      return `~ ${c.parent.table} ${c.parent.name}.${c.parent.column} ${c.op === 'link' ? '+' : '-'} ${c.table} ${c.uuid}: ${describeRow(c.table, c.row)}`;
    case 'addresses':
      return `~ Address_Set ${c.addressSet}${c.label ? ` (${c.label})` : ''} addresses: ${[...c.add.map((a) => `+${a}`), ...c.remove.map((a) => `-${a}`)].join(' ')}`;
  }
}

const items = (list: readonly EgressIPStatusItem[]) =>
  list.length ? list.map((i) => `${i.egressIP} on ${i.node}`).join(', ') : '(none)';

/** The human-readable plan, like `terraform plan`: what would change, then a summary line. */
export function planText(report: PlanReport): string {
  const out: string[] = [];
  const shared = report.groups.find((g) => g.egressIP === null);
  if (shared) {
    out.push('Shared rows (every EgressIP relies on them):');
    for (const c of shared.changes) out.push(`  ${changeLine(c)}`);
  }
  const names = new Set<string>([
    ...report.assignments
      .filter((a) => !sameItems(a.current, a.planned) || a.events.length > 0)
      .map((a) => a.egressIP),
    ...report.groups.flatMap((g) => (g.egressIP === null ? [] : [g.egressIP])),
  ]);
  for (const name of [...names].sort()) {
    out.push(`EgressIP ${name}:`);
    const a = report.assignments.find((x) => x.egressIP === name);
    if (a && !sameItems(a.current, a.planned))
      out.push(`  assignment: ${items(a.current)} -> ${items(a.planned)}`);
    for (const e of a?.events ?? []) out.push(`  event ${e.type} ${e.reason}: ${e.message}`);
    for (const c of report.groups.find((g) => g.egressIP === name)?.changes ?? [])
      out.push(`  ${changeLine(c)}`);
  }
  for (const n of report.notes) out.push(`note: ${n.kind}: ${n.message}`);
  const s = report.summary;
  out.push(
    report.changes
      ? `Plan: ${s.assignments} assignment(s) to write, ${s.add} row(s) to add, ${s.change} to change, ${s.delete} to delete.`
      : 'No changes: the NB and the EgressIP status already match these manifests.',
  );
  return `${out.join('\n')}\n`;
}
