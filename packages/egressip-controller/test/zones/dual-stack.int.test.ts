// IPv6 and dual-stack interconnect zones against one real NB per node: per-family nexthops
// (join IP when the egress node is local, transit IP when remote), per-family SNATs, the
// catch-all route of each cluster subnet, and per-pod SNAT with v4-only and v6-only EgressIPs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Node } from '../../src/api/types.js';
import type { ClusterState } from '../../src/reconcile/reconcile-nb.js';
import { dualStackNodeSpec, egressIP, namespace, pod } from '../integration/support/cluster-fixtures.js';
import {
  policy102,
  replyTrafficPolicy,
  reroute,
  snat,
  sortRows,
} from '../integration/support/expected-rows.js';
import { catchAll, podSnat, startZones, type Zone, zoneNode, zoneRows } from './zone-fixtures.js';

const [A, B] = ['node-a', 'node-b'] as const;
const DUAL = {
  clusterSubnets: [
    { cidr: '10.128.0.0/14', hostPrefix: 23 },
    { cidr: 'fd01::/48', hostPrefix: 64 },
  ],
  profile: 'B' as const,
};
const dualNode = (name: string, i: number): Node =>
  zoneNode(dualStackNodeSpec(name, i), { ipv4: `100.88.0.${2 + i}/16`, ipv6: `fd97::${2 + i}/64` });
const v6Node = (name: string, i: number): Node =>
  zoneNode(
    { name, ifaddr6: `fd00::${11 + i}/64`, subnet6: `fd01:0:0:${1 + i}::/64`, id: 2 + i },
    { ipv6: `fd97::${2 + i}/64` },
  );
const namespaces = [namespace('ns', { egress: 'yes' })];
const eip = (name: string, items: Array<[string, string]>, podLabels?: Record<string, string>) =>
  egressIP(
    name,
    items.map(([, ip]) => ip),
    { egress: 'yes' },
    items.map(([node, egressIP]) => ({ node, egressIP })),
    podLabels,
  );
const OC = 'default-network-controller';
const sets = {
  4: { served: 'a8519615025667110816', esvc: 'a13607449821398607916', nodes: 'a1042611113178530741' },
  6: { served: 'a3735740021425387998', esvc: 'a13607452020421864338', nodes: 'a1042608914155274319' },
};
const features = (fams: Array<4 | 6>) => [
  ...fams.flatMap((f) => {
    const ip = f === 4 ? 'ip4' : 'ip6';
    const cidr = f === 4 ? '10.128.0.0/14' : 'fd01::/48';
    const join = f === 4 ? '100.64.0.0/16' : 'fd98::/64';
    const s = sets[f];
    return [
      policy102('EIP-No-Reroute-Pod-To-Pod', ip, `${ip}.src == ${cidr} && ${ip}.dst == ${cidr}`),
      policy102('EIP-No-Reroute-Pod-To-Join', ip, `${ip}.src == ${cidr} && ${ip}.dst == ${join}`),
      policy102(
        'EIP-No-Reroute-Pod-To-Node',
        ip,
        `(${ip}.src == $${s.served} || ${ip}.src == $${s.esvc}) && ${ip}.dst == $${s.nodes}`,
        { pkt_mark: '1008' },
      ),
    ];
  }),
  replyTrafficPolicy(),
];
const addressSets = (fams: Array<4 | 6>, served: string[], nodeIps: string[]) =>
  sortRows(
    fams.flatMap((f) => {
      const v = f === 4 ? 'v4' : 'v6';
      const fam = (x: string) => x.includes(':') === (f === 6);
      return [
        {
          name: sets[f].served,
          addresses: served.filter(fam).sort(),
          external_ids: {
            'k8s.ovn.org/owner-controller': OC,
            'k8s.ovn.org/owner-type': 'EgressIP',
            'k8s.ovn.org/id': `${OC}:EgressIP:egressip-served-pods:${v}:default`,
            'k8s.ovn.org/name': 'egressip-served-pods',
            'ip-family': v,
            network: 'default',
          },
        },
        {
          name: sets[f].esvc,
          addresses: [] as string[],
          external_ids: {
            'k8s.ovn.org/owner-controller': OC,
            'k8s.ovn.org/owner-type': 'EgressService',
            'k8s.ovn.org/id': `${OC}:EgressService:egresssvc-served-pods:${v}`,
            'k8s.ovn.org/name': 'egresssvc-served-pods',
            'ip-family': v,
          },
        },
        {
          name: sets[f].nodes,
          addresses: nodeIps.filter(fam).sort(),
          external_ids: {
            'k8s.ovn.org/owner-controller': OC,
            'k8s.ovn.org/owner-type': 'ClusterNodeIPs',
            'k8s.ovn.org/id': `${OC}:ClusterNodeIPs:node-ips:${v}`,
            'k8s.ovn.org/name': 'node-ips',
            'ip-family': v,
          },
        },
      ];
    }),
  );
const PR = '32768-60999';

async function expectZone(
  z: Zone,
  fams: Array<4 | 6>,
  nodeIps: string[],
  want: { policies?: object[]; nats?: object[]; served?: string[]; routes: object[]; podSnats?: object[] },
) {
  const rows = zoneRows(await z.h.snapshot());
  expect(rows.policies).toEqual(sortRows([...features(fams), ...(want.policies ?? [])]));
  expect(rows.nats).toEqual(sortRows(want.nats ?? []));
  expect(rows.addressSets).toEqual(addressSets(fams, want.served ?? [], nodeIps));
  expect(rows.qos).toEqual([]);
  expect(rows.routes).toEqual(sortRows(want.routes));
  expect(rows.podSnats).toEqual(sortRows(want.podSnats ?? []));
}

describe('IPv6-only interconnect zones', () => {
  const nodes = [v6Node(A, 0), v6Node(B, 1)];
  const config = { clusterSubnets: [{ cidr: 'fd01::/48', hostPrefix: 64 }], profile: 'B' as const };
  const nodeIps = ['fd00::11', 'fd00::12'];
  let zones: Zone[];
  beforeAll(async () => {
    zones = await startZones(nodes, config);
  });
  afterAll(async () => {
    await Promise.all((zones ?? []).map((z) => z.h.stop()));
  });

  it('a v6 egress IP on the remote node: transit v6 nexthop in the pod zone, v6 SNAT in the egress zone', async () => {
    const p = pod({ namespace: 'ns', name: 'p', node: A, ips: ['fd01:0:0:1::5'] });
    const cluster: ClusterState = {
      egressIPs: [eip('e6', [[B, 'fd00::100']])],
      nodes,
      namespaces,
      pods: [p],
    };
    for (const z of zones) await z.reconciler.reconcile(cluster);
    const [za, zb] = zones as [Zone, Zone];
    await expectZone(za, [6], nodeIps, {
      policies: [reroute('e6', 'ns', 'p', 'fd01:0:0:1::5', ['fd97::3'])],
      served: ['fd01:0:0:1::5'],
      routes: [catchAll('fd01::/48', 'fd98::2'), catchAll('fd01:0:0:1::/64', 'fd98::2')],
    });
    await expectZone(zb, [6], nodeIps, {
      nats: [snat('e6', 'ns', 'p', 'fd01:0:0:1::5', 'fd00::100', B, PR)],
      routes: [catchAll('fd01::/48', 'fd98::3'), catchAll('fd01:0:0:2::/64', 'fd98::3')],
    });
  });
});

describe('dual-stack interconnect zones', () => {
  const nodes = [dualNode(A, 0), dualNode(B, 1)];
  const nodeIps = ['192.168.126.11', '192.168.126.12', 'fd00::11', 'fd00::12'];
  const routes = {
    [A]: [
      catchAll('10.128.0.0/14', '100.64.0.2'),
      catchAll('fd01::/48', 'fd98::2'),
      catchAll('10.128.0.0/23', '100.64.0.2'),
      catchAll('fd01:0:0:1::/64', 'fd98::2'),
    ],
    [B]: [
      catchAll('10.128.0.0/14', '100.64.0.3'),
      catchAll('fd01::/48', 'fd98::3'),
      catchAll('10.128.2.0/23', '100.64.0.3'),
      catchAll('fd01:0:0:2::/64', 'fd98::3'),
    ],
  };
  // Pod pN on node A, labelled n=N, holding 10.128.0.(4+N) and fd01:0:0:1::(4+N).
  const dualPod = (n: number) =>
    pod({
      namespace: 'ns',
      name: `p${n}`,
      node: A,
      ips: [`10.128.0.${4 + n}`, `fd01:0:0:1::${4 + n}`],
      labels: { n: String(n) },
    });
  const p1 = dualPod(1);
  const p2 = dualPod(2);
  let zones: Zone[];
  beforeAll(async () => {
    zones = await startZones(nodes, { ...DUAL, disableSnatMultipleGws: true });
  });
  afterAll(async () => {
    await Promise.all((zones ?? []).map((z) => z.h.stop()));
  });
  const run = async (egressIPs: ClusterState['egressIPs']) => {
    for (const z of zones) await z.reconciler.reconcile({ egressIPs, nodes, namespaces, pods: [p1, p2] });
  };
  const nodeSnats = (p: 1 | 2, fams: Array<4 | 6>) =>
    fams.map((f) =>
      f === 4
        ? podSnat('192.168.126.11', `10.128.0.${4 + p}`, A)
        : podSnat('fd00::11', `fd01:0:0:1::${4 + p}`, A),
    );

  it('before any EgressIP: every local pod has a node SNAT per family, both families of feature rows', async () => {
    await run([]);
    const [za, zb] = zones as [Zone, Zone];
    await expectZone(za, [4, 6], nodeIps, {
      routes: routes[A],
      podSnats: [...nodeSnats(1, [4, 6]), ...nodeSnats(2, [4, 6])],
    });
    await expectZone(zb, [4, 6], nodeIps, { routes: routes[B] });
  });

  it('one object, v4 on the remote node and v6 on the local node: per-family nexthops and SNATs', async () => {
    await run([
      eip(
        'e',
        [
          [B, '192.168.126.100'],
          [A, 'fd00::100'],
        ],
        { n: '1' },
      ),
    ]);
    const [za, zb] = zones as [Zone, Zone];
    await expectZone(za, [4, 6], nodeIps, {
      policies: [
        reroute('e', 'ns', 'p1', '10.128.0.5', ['100.88.0.3']),
        reroute('e', 'ns', 'p1', 'fd01:0:0:1::5', ['fd98::2']),
      ],
      nats: [snat('e', 'ns', 'p1', 'fd01:0:0:1::5', 'fd00::100', A, PR)],
      served: ['10.128.0.5', 'fd01:0:0:1::5'],
      routes: routes[A],
      // p1 is served on its own node only for v6: its v4 node SNAT stays.
      podSnats: [...nodeSnats(1, [4]), ...nodeSnats(2, [4, 6])],
    });
    await expectZone(zb, [4, 6], nodeIps, {
      nats: [snat('e', 'ns', 'p1', '10.128.0.5', '192.168.126.100', B, PR)],
      routes: routes[B],
    });
  });

  it("a v4-only and a v6-only EgressIP on the pods' node: each removes only its family's node SNAT", async () => {
    await run([eip('e4', [[A, '192.168.126.100']], { n: '1' }), eip('e6', [[A, 'fd00::100']], { n: '2' })]);
    const [za, zb] = zones as [Zone, Zone];
    await expectZone(za, [4, 6], nodeIps, {
      policies: [
        reroute('e4', 'ns', 'p1', '10.128.0.5', ['100.64.0.2']),
        reroute('e6', 'ns', 'p2', 'fd01:0:0:1::6', ['fd98::2']),
      ],
      nats: [
        snat('e4', 'ns', 'p1', '10.128.0.5', '192.168.126.100', A, PR),
        snat('e6', 'ns', 'p2', 'fd01:0:0:1::6', 'fd00::100', A, PR),
      ],
      served: ['10.128.0.5', 'fd01:0:0:1::5', '10.128.0.6', 'fd01:0:0:1::6'],
      routes: routes[A],
      podSnats: [...nodeSnats(1, [6]), ...nodeSnats(2, [4])],
    });
    await expectZone(zb, [4, 6], nodeIps, { routes: routes[B] });
    // Both go: every node SNAT is back.
    await run([]);
    await expectZone(za, [4, 6], nodeIps, {
      routes: routes[A],
      podSnats: [...nodeSnats(1, [4, 6]), ...nodeSnats(2, [4, 6])],
    });
  });
});
