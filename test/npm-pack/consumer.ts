// What a user's project holds after `npm install` of the packed tarballs: a tsconfig with the
// strictest flags users turn on, and a module that imports every entry point and uses it in
// ways that only type-check if the published .d.ts are complete and correct.

export const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    // Our .d.ts are checked too, not only the calls into them.
    skipLibCheck: false,
    noEmit: true,
    types: ['node'],
  },
  include: ['index.ts'],
};

export const CONSUMER_SOURCE = `
import { connect, openSession, ReplicaTable, txn, type OvsdbClient } from '@ovnkit/ovsdb';
import { OVN_Northbound, type LogicalRouterPolicyInsert } from '@ovnkit/ovsdb/schemas/ovn-nb';
import {
  allocateCluster,
  canonicalIp,
  createControllerFromConfig,
  dryRun,
  type ClusterState,
  type DryRunResult,
  StatusWriteError,
} from '@ovnkit/egressip-controller';
import { createKubeSource, loadKubeConfig } from '@ovnkit/egressip-controller/kube';
import { EXIT, run, VERSION } from '@ovnkit/cli';
import ovsdbManifest from '@ovnkit/ovsdb/package.json' with { type: 'json' };

const policy: LogicalRouterPolicyInsert = { priority: 100, match: 'ip4.src == 10.0.0.5', action: 'reroute' };
const ops = txn(OVN_Northbound).insert('Logical_Router_Policy', policy).compile().ops;
const remote: string = process.env.OVN_NB_DB ?? 'unix:/run/ovn/ovnnb_db.sock';

async function main(client: OvsdbClient, cluster: ClusterState): Promise<DryRunResult | number> {
  await client.transact('OVN_Northbound', ops);
  const session = openSession({ remote, db: 'OVN_Northbound', tables: { Logical_Router: {} } });
  await session.close();
  const assigned = allocateCluster(cluster.egressIPs, cluster.nodes);
  if (assigned.status.size === 0) return EXIT.OK;
  return run(['--version'], { stdout: process.stdout, stderr: process.stderr, env: process.env, isTTY: false });
}

// Members marked @internal are not part of the published types.
declare const table: ReplicaTable<{ _uuid: string }>;
// @ts-expect-error byUuid is @internal
table.byUuid;

export const checks = [
  connect,
  main,
  dryRun,
  createControllerFromConfig,
  createKubeSource,
  loadKubeConfig,
  canonicalIp('FD00::1'),
  new StatusWriteError('e', 404, { cause: 'x' }).code,
  VERSION,
  ovsdbManifest.version,
];
`;

/** Run with node in the consumer project: every entry loads at run time too. */
export const CONSUMER_RUNTIME = `
const entries = ['@ovnkit/ovsdb', '@ovnkit/ovsdb/schemas/ovn-nb', '@ovnkit/egressip-controller',
  '@ovnkit/egressip-controller/kube', '@ovnkit/cli'];
const loaded = {};
for (const e of entries) loaded[e] = Object.keys(await import(e)).length;
console.log(JSON.stringify(loaded));
`;
