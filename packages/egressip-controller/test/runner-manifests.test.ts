// The whole controller in manifest (demo) mode against a REAL NB ovsdb-server: the repo's
// examples/simpsons tree is assigned, its status written to a file, and the NB rows written by
// the NB half; a second run changes nothing; a label removal in the files fails the IP over.

import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type OvsdbClient } from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer, until } from '@ovnkit/testkit';
import { parse } from 'yaml';
import { loadManifestDirectory } from '../src/manifests/load-directory.js';
import { createManifestSource } from '../src/manifests/manifest-source.js';
import { nbTransactorFromClient } from '../src/nb/ovsdb-transactor.js';
import { readNbSnapshot } from '../src/nb/read-snapshot.js';
import { NbReconciler } from '../src/reconcile/reconcile-nb.js';
import { createController } from '../src/runner/controller.js';
import { nbSideFromReconciler } from '../src/runner/nb-side.js';
import { topologyInit } from '../src/topology/topology-init.js';

const here = dirname(fileURLToPath(import.meta.url));
const simpsons = join(here, '../../../examples/simpsons');

let server: OvsdbServer;
let client: OvsdbClient;
let dir: string;
let statusFile: string;

/** Replace a file the way editors and git do (write aside, then rename). */
async function writeAtomic(file: string, text: string) {
  const tmp = join(dirname(file), `.${basename(file)}.tmp`);
  await writeFile(tmp, text);
  await rename(tmp, file);
}

const nbSide = () => nbSideFromReconciler(new NbReconciler({ nb: nbTransactorFromClient(client) }));

async function reroutes(): Promise<Array<{ match: string; nexthops: string[] }>> {
  const snap = await readNbSnapshot(nbTransactorFromClient(client));
  return snap.Logical_Router_Policy.filter((p) => p.priority === 100)
    .map((p) => ({ match: p.match, nexthops: [...p.nexthops].sort() }))
    .sort((a, b) => (a.match < b.match ? -1 : 1));
}

beforeAll(async () => {
  server = await startOvsdbServer({ schemas: ['nb'] });
  client = await connect({ remote: server.remote });
  dir = await mkdtemp(join(tmpdir(), 'ovnkit-runner-'));
  await cp(simpsons, join(dir, 'cluster'), { recursive: true });
  statusFile = join(dir, 'status.yaml');
  const m = await loadManifestDirectory(join(dir, 'cluster'));
  await topologyInit({ nb: nbTransactorFromClient(client), nodes: m.nodes });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('controller in manifest mode with a real NB', () => {
  it('runOnce assigns the EgressIP, writes the status file and the NB rows for simpson pods only', async () => {
    const c = createController({
      source: createManifestSource({ dir: join(dir, 'cluster'), statusFile, watch: false }),
      nb: nbSide(),
    });
    const summary = await c.runOnce();
    expect(summary.status).toEqual({
      'egressip-demo': [{ node: 'ovn-worker', egressIP: '192.168.126.100' }],
    });
    expect(summary.statusWrites).toBe(1);
    expect(summary.failures).toEqual([]);
    expect(summary.nbTransactions).toBeGreaterThan(0);
    const file = parse(await readFile(statusFile, 'utf8'));
    expect(file.items[0].status).toEqual({ items: [{ node: 'ovn-worker', egressIP: '192.168.126.100' }] });
    expect(file.items[0].metadata.annotations).toEqual({ 'k8s.ovn.org/egressip-mark': '50000' });
    // homer (10.128.0.5) and marge (10.128.2.5) reroute to ovn-worker's join IP 100.64.0.2.
    expect(await reroutes()).toEqual([
      { match: 'ip4.src == 10.128.0.5', nexthops: ['100.64.0.2'] },
      { match: 'ip4.src == 10.128.2.5', nexthops: ['100.64.0.2'] },
    ]);
  });

  it('a second run over the same files and status changes nothing anywhere', async () => {
    const c = createController({
      source: createManifestSource({ dir: join(dir, 'cluster'), statusFile, watch: false }),
      nb: nbSide(),
    });
    const summary = await c.runOnce();
    expect(summary.statusWrites).toBe(0);
    expect(summary.nbTransactions).toBe(0);
    expect(summary.status['egressip-demo']).toEqual([{ node: 'ovn-worker', egressIP: '192.168.126.100' }]);
  });

  it('watch mode: removing the egress label from ovn-worker in the files moves the IP and the NB rows', async () => {
    const source = createManifestSource({ dir: join(dir, 'cluster'), statusFile, debounceMs: 20 });
    const c = createController({ source, nb: nbSide() });
    await c.start();
    try {
      await c.idle();
      const nodeFile = join(dir, 'cluster/nodes/ovn-worker.yaml');
      const text = await readFile(nodeFile, 'utf8');
      await writeAtomic(nodeFile, text.replace('    k8s.ovn.org/egress-assignable: ""\n', ''));
      await until('status moved to ovn-worker2', 10_000, async () =>
        c.view.egressIP('egressip-demo')?.status?.items?.[0]?.node === 'ovn-worker2' ? true : undefined,
      );
      await until('NB follows', 10_000, async () =>
        (await reroutes()).every((r) => r.nexthops[0] === '100.64.0.3') ? true : undefined,
      );
      await c.idle();
      expect(await reroutes()).toEqual([
        { match: 'ip4.src == 10.128.0.5', nexthops: ['100.64.0.3'] },
        { match: 'ip4.src == 10.128.2.5', nexthops: ['100.64.0.3'] },
      ]);
      await until('status file rewritten', 5000, async () =>
        parse(await readFile(statusFile, 'utf8')).items[0].status.items[0].node === 'ovn-worker2'
          ? true
          : undefined,
      );

      // A new pod in a selected namespace gets its row; one in bouvier does not.
      const pod = (ns: string, name: string, ip: string) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\nspec: {nodeName: ovn-worker, containers: [{name: c, image: x}]}\nstatus: {phase: Running, podIP: ${ip}, podIPs: [{ip: ${ip}}]}\n`;
      await writeAtomic(join(dir, 'cluster/apps/simpson/bart.yaml'), pod('simpson', 'bart', '10.128.0.7'));
      await writeAtomic(join(dir, 'cluster/apps/bouvier/ling.yaml'), pod('bouvier', 'ling', '10.128.0.8'));
      await until('bart rerouted', 10_000, async () => ((await reroutes()).length === 3 ? true : undefined));
      await c.idle();
      expect(await reroutes()).toEqual([
        { match: 'ip4.src == 10.128.0.5', nexthops: ['100.64.0.3'] },
        { match: 'ip4.src == 10.128.0.7', nexthops: ['100.64.0.3'] },
        { match: 'ip4.src == 10.128.2.5', nexthops: ['100.64.0.3'] },
      ]);
    } finally {
      await c.stop();
    }
  });
});
