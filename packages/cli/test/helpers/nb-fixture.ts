// Test helpers: drive the real ovn-nbctl and read a snapshot back over raw JSON-RPC (testkit's
// rawCall), independent of the client library the CLI itself uses.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findBinary, rawCall } from '@ovnkit/testkit';
import type { NbSnapshot, SchemaInfo } from '../../src/nb/snapshot.js';
import { rowFromWire, schemaInfoFromJson } from '../../src/nb/wire-decode.js';

const execFileP = promisify(execFile);

export interface CmdResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs ovn-nbctl against `remote`; never throws on a non-zero exit. */
export async function nbctl(remote: string, ...args: string[]): Promise<CmdResult> {
  try {
    const { stdout, stderr } = await execFileP(findBinary('ovn-nbctl'), [`--db=${remote}`, ...args], {
      maxBuffer: 1 << 30,
      encoding: 'buffer',
    });
    return { stdout: stdout.toString('latin1'), stderr: stderr.toString('utf8'), code: 0 };
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; code?: number };
    return {
      stdout: e.stdout?.toString('latin1') ?? '',
      stderr: e.stderr?.toString('utf8') ?? '',
      code: typeof e.code === 'number' ? e.code : 1,
    };
  }
}

export async function readSchema(remote: string): Promise<SchemaInfo> {
  return schemaInfoFromJson(await rawCall(remote, 'get_schema', ['OVN_Northbound'], { timeoutMs: 10000 }));
}

/** Every row of every table. */
export async function readSnapshot(remote: string, schema?: SchemaInfo): Promise<NbSnapshot> {
  const s = schema ?? (await readSchema(remote));
  const names = Object.keys(s.tables);
  const ops = names.map((table) => ({ op: 'select', table, where: [] }));
  const res = (await rawCall(remote, 'transact', ['OVN_Northbound', ...ops], { timeoutMs: 30000 })) as Array<{
    rows: Record<string, unknown>[];
  }>;
  const out: Record<string, NbSnapshot[string]> = {};
  names.forEach((t, i) => {
    out[t] = res[i]!.rows.map((r) => rowFromWire(s.tables[t]!, r));
  });
  return out;
}

/** Deletes every row of the root tables (the rest is garbage-collected by the server). */
export async function clearNb(remote: string): Promise<void> {
  // Only root tables: the rest is garbage-collected when nothing references it any more.
  const ops = [
    'Address_Set',
    'BFD',
    'Chassis_Template_Var',
    'Copp',
    'DHCP_Options',
    'DNS',
    'HA_Chassis_Group',
    'Load_Balancer',
    'Load_Balancer_Group',
    'Logical_Router',
    'Logical_Switch',
    'Meter',
    'Mirror',
    'Port_Group',
    'Static_MAC_Binding',
  ].map((table) => ({ op: 'delete', table, where: [] }));
  const res = (await rawCall(remote, 'transact', ['OVN_Northbound', ...ops], { timeoutMs: 30000 })) as Array<{
    error?: string;
    details?: string;
  }>;
  const bad = res.find((r) => r?.error);
  if (bad) throw new Error(`clearing NB failed: ${bad.error} ${bad.details ?? ''}`);
}
