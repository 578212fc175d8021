// Logical flows ovn-northd compiled into a lab's SB, and the EgressIP-related ones picked out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NorthdLab, rawCall } from '@ovnkit/testkit';

export interface Flow {
  datapath: string;
  stage: string;
  priority: number;
  match: string;
  actions: string;
}

export async function flows(lab: NorthdLab): Promise<Flow[]> {
  const res = (await rawCall(
    lab.sb.remote,
    'transact',
    [
      'OVN_Southbound',
      { op: 'select', table: 'Datapath_Binding', where: [], columns: ['_uuid', 'external_ids'] },
      {
        op: 'select',
        table: 'Logical_Flow',
        where: [],
        columns: ['logical_datapath', 'priority', 'match', 'actions', 'external_ids'],
      },
    ],
    { timeoutMs: 10000 },
  )) as Array<{ rows: Array<Record<string, unknown>> }>;
  const mapOf = (v: unknown) =>
    Object.fromEntries(((v as [string, [string, string][]])[1] ?? []) as [string, string][]);
  const dpName = new Map(
    res[0]!.rows.map((r) => [(r._uuid as string[])[1], mapOf(r.external_ids).name as string]),
  );
  return res[1]!.rows.map((r) => ({
    datapath: dpName.get((r.logical_datapath as string[])[1]!) ?? '?',
    stage: mapOf(r.external_ids)['stage-name'] as string,
    priority: r.priority as number,
    match: r.match as string,
    actions: r.actions as string,
  }));
}

/**
 * The EgressIP flows: priority-100 reroutes on ovn_cluster_router as [match, nexthop] (v4 `reg0`,
 * v6 `xxreg0`), SNATs to one of `egressIps` as [router, logical IP] and as [router, egress IP],
 * and the priority-102 allow matches.
 */
export function egressFlows(all: Flow[], egressIps: readonly string[] = ['192.168.126.100']) {
  const reroutes = all
    .filter((f) => f.stage === 'lr_in_policy' && f.datapath === 'ovn_cluster_router' && f.priority === 100)
    .map((f) => [f.match, /(?:xx)?reg0 = ([0-9a-f.:]+);/.exec(f.actions)?.[1]])
    .sort();
  const snatFlows = all.filter(
    (f) =>
      f.stage === 'lr_out_snat' &&
      egressIps.some((ip) => f.actions.includes(`ct_snat(${ip})`) || f.actions.includes(`ct_snat(${ip},`)),
  );
  const snats = snatFlows.map((f) => [f.datapath, /ip[46].src == ([0-9a-f.:]+)/.exec(f.match)?.[1]]).sort();
  const snatsTo = snatFlows.map((f) => [f.datapath, /ct_snat\(([^,)]+)/.exec(f.actions)?.[1]]).sort();
  const allows = all
    .filter((f) => f.stage === 'lr_in_policy' && f.datapath === 'ovn_cluster_router' && f.priority === 102)
    .map((f) => f.match)
    .sort();
  return { reroutes, snats, snatsTo, allows };
}

/** WARN, ERR and EMER lines of ovn-northd's log. */
export function northdWarnings(lab: NorthdLab): string[] {
  return readFileSync(join(lab.dir, 'northd.log'), 'utf8')
    .split('\n')
    .filter((l) => /\|(WARN|ERR|EMER)\|/.test(l));
}
