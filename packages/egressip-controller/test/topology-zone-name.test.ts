// topologyInit --zone writes the zone name into NB_Global, whose single row (maxRows 1) ovn-northd
// also creates when it starts on an empty NB. Both orders are provoked deterministically against
// real servers: northd started after topologyInit has read NB_Global (empty) but before it writes,
// and northd started only after topologyInit has written. Either way: one row, named after the zone.
import { afterEach, describe, expect, it } from '@jest/globals';
import { connect } from '@ovnkit/ovsdb';
import {
  type Daemon,
  makeTempDir,
  type OvsdbServer,
  removeTempDir,
  startNorthdDaemon,
  startOvsdbServer,
  until,
} from '@ovnkit/testkit';
import { nbTransactorFromClient } from '../src/nb/ovsdb-transactor.js';
import type { NbTransactor } from '../src/nb/transactor.js';
import { topologyInit } from '../src/topology/topology-init.js';
import { WORKERS } from './integration/support/cluster-fixtures.js';
import { zoneNode } from './zones/zone-fixtures.js';

const ZONE = WORKERS[0]!.name;
const nodes = [zoneNode(WORKERS[0]!)];

interface NbGlobalRow {
  _uuid: [string, string];
  name: string;
  options: [string, Array<[string, string]>];
}

/** NB and SB servers on an empty NB, northd not yet running. */
async function emptyDatabases() {
  const dir = makeTempDir('ovnkit-zone-name-');
  const nb = await startOvsdbServer({ dir, name: 'nb', schemas: ['nb'] });
  const sb = await startOvsdbServer({ dir, name: 'sb', schemas: ['sb'] });
  const client = await connect({ remote: nb.remote });
  return { dir, nb, sb, client, nbt: nbTransactorFromClient(client) };
}

async function nbGlobalRows(nb: NbTransactor): Promise<NbGlobalRow[]> {
  const [res] = await nb.transact([{ op: 'select', table: 'NB_Global', where: [] }]);
  return (res as { rows: NbGlobalRow[] }).rows;
}

/** Forwards to the real NB; runs `hook` once, right after the first read of NB_Global. */
function afterNbGlobalRead(inner: NbTransactor, hook: () => Promise<void>): NbTransactor {
  let fired = false;
  return {
    schema: () => inner.schema(),
    async transact(ops) {
      const results = await inner.transact(ops);
      if (!fired && ops.some((o) => o.op === 'select' && o.table === 'NB_Global')) {
        fired = true;
        await hook();
      }
      return results;
    },
  };
}

describe('topologyInit --zone: the NB_Global name whoever creates the row', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  const setUp = async () => {
    const db = await emptyDatabases();
    let northd: Daemon | undefined;
    cleanup.push(async () => {
      await db.client.close();
      await northd?.kill('SIGTERM');
      await Promise.all([db.nb, db.sb].map((s: OvsdbServer) => s.stop()));
      removeTempDir(db.dir);
    });
    const startNorthd = () => {
      northd = startNorthdDaemon(db.dir, db.nb, db.sb);
    };
    return { ...db, startNorthd };
  };

  it('northd creates NB_Global between topologyInit reading it (empty) and writing: the name lands on northd’s row', async () => {
    const { nbt, startNorthd } = await setUp();
    let northdRow: NbGlobalRow | undefined;
    const racing = afterNbGlobalRead(nbt, async () => {
      expect(await nbGlobalRows(nbt)).toEqual([]);
      startNorthd();
      northdRow = await until(
        'ovn-northd creates NB_Global',
        30_000,
        async () => (await nbGlobalRows(nbt))[0],
      );
    });

    await topologyInit({ nb: racing, nodes, zone: ZONE });

    const rows = await nbGlobalRows(nbt);
    expect(rows.map((r) => [r._uuid, r.name])).toEqual([[northdRow!._uuid, ZONE]]);
    // The rest of the topology went in too (it shared the transaction that had to be redone).
    const [routers] = await nbt.transact([
      { op: 'select', table: 'Logical_Router', where: [], columns: ['name'] },
    ]);
    expect((routers as { rows: Array<{ name: string }> }).rows.map((r) => r.name).sort()).toEqual([
      `GR_${ZONE}`,
      'ovn_cluster_router',
    ]);
  });

  it('topologyInit creates NB_Global before northd starts: northd adopts that row', async () => {
    const { nbt, startNorthd } = await setUp();
    await topologyInit({ nb: nbt, nodes, zone: ZONE });
    const [ours] = await nbGlobalRows(nbt);
    expect(ours?.name).toBe(ZONE);

    startNorthd();
    // northd records its MAC prefix in NB_Global.options once it has processed the NB.
    const seen = await until('ovn-northd writes NB_Global options', 30_000, async () => {
      const rows = await nbGlobalRows(nbt);
      return rows.some((r) => r.options[1].some(([k]) => k === 'mac_prefix')) ? rows : undefined;
    });
    expect(seen.map((r) => [r._uuid, r.name])).toEqual([[ours!._uuid, ZONE]]);
    // A second init finds its name in place and writes nothing.
    expect((await topologyInit({ nb: nbt, nodes, zone: ZONE })).transactions).toBe(0);
  });
});
