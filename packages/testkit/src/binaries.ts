// Locating the Open vSwitch / OVN programs the harness runs, with an error that says what to install.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Which Debian package ships each program the harness uses. */
export const PACKAGE_OF: Record<string, string> = {
  'ovsdb-server': 'openvswitch-common',
  'ovsdb-tool': 'openvswitch-common',
  'ovsdb-client': 'openvswitch-common',
  'ovs-appctl': 'openvswitch-common',
  'ovs-vsctl': 'openvswitch-switch',
  'ovs-vswitchd': 'openvswitch-switch',
  'ovn-northd': 'ovn-central',
  'ovn-nbctl': 'ovn-central',
  'ovn-sbctl': 'ovn-central',
  'ovn-controller': 'ovn-host',
  'ovn-appctl': 'ovn-common',
  openssl: 'openssl',
  setpriv: 'util-linux',
};

export class MissingBinaryError extends Error {
  override name = 'MissingBinaryError';
  constructor(
    readonly program: string,
    readonly debianPackage: string,
  ) {
    super(
      `${program} not found on PATH: install it with 'apt-get install ${debianPackage}' (or run 'npm run setup')`,
    );
  }
}

const SEARCH_EXTRA = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];
const cache = new Map<string, string>();

/** Absolute path of `program`, or a MissingBinaryError naming the Debian package to install. */
export function findBinary(program: string): string {
  const hit = cache.get(program);
  if (hit) return hit;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...SEARCH_EXTRA];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      cache.set(program, candidate);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new MissingBinaryError(program, PACKAGE_OF[program] ?? program);
}

/** Schemas shipped by Debian's packages, by short name. */
export const SCHEMAS = {
  nb: '/usr/share/ovn/ovn-nb.ovsschema',
  sb: '/usr/share/ovn/ovn-sb.ovsschema',
  vswitch: '/usr/share/openvswitch/vswitch.ovsschema',
} as const;
export type SchemaName = keyof typeof SCHEMAS;

export function schemaPath(schema: SchemaName | string): string {
  if (schema in SCHEMAS) {
    const p = SCHEMAS[schema as SchemaName];
    try {
      accessSync(p, constants.R_OK);
    } catch {
      throw new MissingBinaryError(p, schema === 'vswitch' ? 'openvswitch-common' : 'ovn-common');
    }
    return p;
  }
  return schema;
}
