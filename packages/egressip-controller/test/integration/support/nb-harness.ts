// A real NB ovsdb-server (testkit) plus an @ovnkit/ovsdb client wrapped as an NbTransactor.
import { connect, type OvsdbClient } from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import type { Node } from '../../../src/api/types.js';
import { type CountingNbTransactor, nbTransactorFromClient } from '../../../src/nb/ovsdb-transactor.js';
import { readNbSnapshot } from '../../../src/nb/read-snapshot.js';
import type { NbSnapshot } from '../../../src/nb/snapshot.js';
import { topologyInit } from '../../../src/topology/topology-init.js';

export interface NbHarness {
  readonly server: OvsdbServer;
  client: OvsdbClient;
  nb: CountingNbTransactor;
  snapshot(): Promise<NbSnapshot>;
  /** Reconnects with a fresh client (a controller restart). */
  reconnect(): Promise<void>;
  stop(): Promise<void>;
}

export async function startNbHarness(server?: OvsdbServer): Promise<NbHarness> {
  const s = server ?? (await startOvsdbServer({ schemas: ['nb'] }));
  const h: NbHarness = {
    server: s,
    client: await connect({ remote: s.remote }),
    nb: undefined as unknown as CountingNbTransactor,
    snapshot: () => readNbSnapshot(h.nb),
    async reconnect() {
      await h.client.close();
      h.client = await connect({ remote: s.remote });
      h.nb = nbTransactorFromClient(h.client);
    },
    async stop() {
      await h.client.close();
      if (!server) await s.stop();
    },
  };
  h.nb = nbTransactorFromClient(h.client);
  return h;
}

/** `count` servers at once, each holding the base topology of `nodes`. */
export function startTopologyNbs(count: number, nodes: readonly Node[]): Promise<NbHarness[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const h = await startNbHarness();
      try {
        await topologyInit({ nb: h.nb, nodes });
      } catch (err) {
        await h.stop();
        throw err;
      }
      return h;
    }),
  );
}

/** Rows of ours (EgressIP-owned + the address sets), without uuids, with where they hang. */
export function egressIpRows(snap: NbSnapshot) {
  const routerOf = (uuid: string, col: 'policies' | 'nat') =>
    snap.Logical_Router.filter((r) => r[col].includes(uuid))
      .map((r) => r.name)
      .sort();
  const strip = <T extends { _uuid: string; _version?: string }>({ _uuid, _version, ...rest }: T) => rest;
  const owned = (ids: Readonly<Record<string, string>>) =>
    ids['k8s.ovn.org/owner-controller'] === 'default-network-controller';
  const byText = <T>(rows: T[]) => rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return {
    policies: byText(
      snap.Logical_Router_Policy.filter((p) => owned(p.external_ids)).map((p) => ({
        ...strip(p),
        nexthops: [...p.nexthops].sort(),
        routers: routerOf(p._uuid, 'policies'),
      })),
    ),
    nats: byText(
      snap.NAT.filter((n) => owned(n.external_ids)).map((n) => ({
        ...strip(n),
        routers: routerOf(n._uuid, 'nat'),
      })),
    ),
    addressSets: byText(snap.Address_Set.map((a) => ({ ...strip(a), addresses: [...a.addresses].sort() }))),
    qos: byText(
      snap.QoS.map((q) => ({
        ...strip(q),
        switches: snap.Logical_Switch.filter((s) => s.qos_rules.includes(q._uuid))
          .map((s) => s.name)
          .sort(),
      })),
    ),
  };
}

/** `_version` of every row of every snapshot table, to prove that nothing was written. */
export function versions(snap: NbSnapshot): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [table, rows] of Object.entries(snap)) {
    for (const r of rows as Array<{ _uuid: string; _version?: string }>)
      out[`${table}/${r._uuid}`] = r._version ?? '';
  }
  return out;
}
