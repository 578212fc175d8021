// The Southbound half of an interconnect zone (upstream's zone chassis handler): a Chassis with
// `other_config:is-remote=true` and a geneve Encap for each node of another zone, and the binding
// of each `remote` transit-switch port to that chassis. OVN 23.03's northd does not bind remote
// ports from `requested-chassis` (newer OVN does), so the binding is written here, as
// ovn-kubernetes did before it relied on that, once ovn-northd has created the Port_Binding.
import { type OvsdbClient, OvsdbServerError } from '@ovnkit/ovsdb';
import { TopologyInputError } from './topology-error.js';
import type { RemoteChassis } from './topology-rows.js';

export const SB_DATABASE = 'OVN_Southbound';

interface ChassisRow {
  readonly _uuid: ['uuid', string];
  readonly name: string;
  readonly hostname: string;
  readonly other_config: ['map', Array<[string, string]>];
  readonly encaps: ['uuid', string] | ['set', Array<['uuid', string]>];
}
interface EncapRow {
  readonly _uuid: ['uuid', string];
  readonly type: string;
  readonly ip: string;
}

type SbOperation = { readonly op: string } & Record<string, unknown>;
/** The rows of a select result (the reply shape follows the columns asked for). */
const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? []) as T[];

const uuidsOf = (v: ChassisRow['encaps']): string[] => (v[0] === 'uuid' ? [v[1]] : v[1].map((u) => u[1]));
const mapOf = (v: ChassisRow['other_config']) => Object.fromEntries(v[1]);
const wireMap = (m: Record<string, string>) => ['map', Object.entries(m)];

/** Creates or updates the remote chassis; returns the operations it sent. */
export async function ensureRemoteChassis(
  sb: OvsdbClient,
  remotes: readonly RemoteChassis[],
): Promise<number> {
  const [chassisSel, encapSel] = await sb.transact(SB_DATABASE, [
    {
      op: 'select',
      table: 'Chassis',
      where: [],
      columns: ['_uuid', 'name', 'hostname', 'other_config', 'encaps'],
    },
    { op: 'select', table: 'Encap', where: [], columns: ['_uuid', 'type', 'ip'] },
  ]);
  const chassis = new Map(rowsOf<ChassisRow>(chassisSel).map((r) => [r.name, r]));
  const encaps = new Map(rowsOf<EncapRow>(encapSel).map((r) => [r._uuid[1], r]));
  const ops: SbOperation[] = [];
  remotes.forEach((rc, i) => {
    const have = chassis.get(rc.name);
    const encapRow = {
      type: 'geneve',
      ip: rc.encapIp,
      options: wireMap({ csum: 'true' }),
      chassis_name: rc.name,
    };
    if (!have) {
      ops.push({ op: 'insert', table: 'Encap', row: encapRow, 'uuid-name': `encap${i}` });
      ops.push({
        op: 'insert',
        table: 'Chassis',
        row: {
          name: rc.name,
          hostname: rc.node,
          other_config: wireMap({ 'is-remote': 'true' }),
          encaps: ['named-uuid', `encap${i}`],
        },
      });
      return;
    }
    const other = mapOf(have.other_config);
    if (other['is-remote'] !== 'true' || have.hostname !== rc.node)
      ops.push({
        op: 'update',
        table: 'Chassis',
        where: [['_uuid', '==', have._uuid]],
        row: { hostname: rc.node, other_config: wireMap({ ...other, 'is-remote': 'true' }) },
      });
    const geneve = uuidsOf(have.encaps)
      .map((u) => encaps.get(u))
      .find((e) => e?.type === 'geneve');
    if (geneve && geneve.ip !== rc.encapIp)
      ops.push({
        op: 'update',
        table: 'Encap',
        where: [['_uuid', '==', geneve._uuid]],
        row: { ip: rc.encapIp },
      });
  });
  if (ops.length > 0) await sb.transact(SB_DATABASE, ops);
  return ops.length;
}

/**
 * Waits (an OVSDB `wait` operation, so ovsdb-server does the waiting) until ovn-northd has created
 * each remote port's Port_Binding, then binds it to its chassis; one transaction.
 */
export async function bindRemotePorts(
  sb: OvsdbClient,
  remotes: readonly RemoteChassis[],
  timeoutMs: number,
): Promise<number> {
  const ops: SbOperation[] = remotes.flatMap((rc) => [
    {
      op: 'wait',
      table: 'Port_Binding',
      where: [['logical_port', '==', rc.port]],
      columns: ['logical_port'],
      until: '!=',
      rows: [],
      timeout: timeoutMs,
    },
  ]);
  // An update's value cannot name a row by a column, so the chassis uuids are read first.
  const sel = await sb.transact(SB_DATABASE, [
    { op: 'select', table: 'Chassis', where: [], columns: ['_uuid', 'name'] },
    {
      op: 'select',
      table: 'Port_Binding',
      where: [],
      columns: ['logical_port', 'chassis'],
    },
  ]);
  const uuidByName = new Map(rowsOf<ChassisRow>(sel[0]).map((r) => [r.name, r._uuid] as const));
  const bound = new Map(
    rowsOf<{ logical_port: string; chassis: unknown }>(sel[1]).map(
      (r) => [r.logical_port, JSON.stringify(r.chassis)] as const,
    ),
  );
  const todo = remotes.filter((rc) => bound.get(rc.port) !== JSON.stringify(uuidByName.get(rc.name)));
  if (todo.length === 0) return 0;
  for (const rc of todo)
    ops.push({
      op: 'update',
      table: 'Port_Binding',
      where: [['logical_port', '==', rc.port]],
      row: { chassis: uuidByName.get(rc.name) },
    });
  try {
    await sb.transact(SB_DATABASE, ops);
  } catch (err) {
    if (err instanceof OvsdbServerError && err.error === 'timed out')
      throw new TopologyInputError(
        `the zone's SB has no Port_Binding for ${todo.map((r) => r.port).join(', ')} after ${timeoutMs} ms: is ovn-northd running for this zone's NB and SB?`,
        { cause: err },
      );
    throw err;
  }
  return ops.length;
}
