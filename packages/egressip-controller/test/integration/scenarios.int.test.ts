// Spec 7 scenarios against a real NB: complete EgressIP rows asserted after every step.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EgressIP } from '../../src/api/types.js';
import { type ClusterState, NbReconciler } from '../../src/reconcile/reconcile-nb.js';
import type { ClusterNetworkConfig } from '../../src/render/config.js';
import { topologyInit } from '../../src/topology/topology-init.js';
import {
  DUAL_STACK_CONFIG,
  dualStackNodes,
  egressIP,
  namespace,
  node,
  pod,
} from './support/cluster-fixtures.js';
import {
  addressSetsV4,
  addressSetsV6,
  featurePoliciesV4,
  featurePoliciesV6,
  policy102,
  replyTrafficPolicy,
  reroute,
  snat,
  sortRows,
} from './support/expected-rows.js';
import { egressIpRows, type NbHarness, startNbHarness } from './support/nb-harness.js';

async function withNb(
  nodes: ClusterState['nodes'],
  config: Partial<ClusterNetworkConfig> | undefined,
  fn: (h: NbHarness, r: NbReconciler) => Promise<void>,
) {
  const h = await startNbHarness();
  try {
    await topologyInit({ nb: h.nb, nodes, config });
    await fn(h, new NbReconciler({ nb: h.nb, config }));
  } finally {
    await h.stop();
  }
}

describe('IPv4 scenarios', () => {
  const nodes = [
    node({
      name: 'node1',
      ifaddr: '192.168.126.11/24',
      subnet: '10.128.0.0/23',
      id: 2,
      egressAssignable: true,
    }),
    node({
      name: 'node2',
      ifaddr: '192.168.126.12/24',
      subnet: '10.128.2.0/23',
      id: 3,
      egressAssignable: true,
    }),
  ];
  let h: NbHarness;
  let r: NbReconciler;
  let nsLabels: Record<string, string> = { team: 'a' };
  let podLabels: Record<string, string> = { app: 'web' };
  const state = (egressIPs: EgressIP[], extraPods: ClusterState['pods'] = []): ClusterState => ({
    egressIPs,
    nodes,
    namespaces: [namespace('egressip-namespace', nsLabels)],
    pods: [
      pod({
        namespace: 'egressip-namespace',
        name: 'egress-pod',
        node: 'node1',
        ips: ['10.128.0.15'],
        labels: podLabels,
      }),
      ...extraPods,
    ],
  });
  const feature = [...featurePoliciesV4(), replyTrafficPolicy()];
  const nodeIps = ['192.168.126.11', '192.168.126.12'];
  const empty = {
    policies: sortRows(feature),
    nats: [],
    addressSets: sortRows(addressSetsV4([], nodeIps)),
    qos: [],
  };
  const ecmp = () =>
    egressIP(
      'egressip',
      ['192.168.126.101', '192.168.126.102'],
      { team: 'a' },
      [
        { node: 'node1', egressIP: '192.168.126.101' },
        { node: 'node2', egressIP: '192.168.126.102' },
      ],
      { app: 'web' },
    );

  beforeAll(async () => {
    h = await startNbHarness();
    await topologyInit({ nb: h.nb, nodes });
    r = new NbReconciler({ nb: h.nb });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('23: two IPs on two nodes: one ECMP reroute with both join IPs, one SNAT per egress GR', async () => {
    await r.reconcile(state([ecmp()]));
    expect(egressIpRows(await h.snapshot())).toEqual({
      policies: sortRows([
        ...feature,
        reroute('egressip', 'egressip-namespace', 'egress-pod', '10.128.0.15', ['100.64.0.2', '100.64.0.3']),
      ]),
      nats: sortRows([
        snat('egressip', 'egressip-namespace', 'egress-pod', '10.128.0.15', '192.168.126.101', 'node1'),
        snat('egressip', 'egressip-namespace', 'egress-pod', '10.128.0.15', '192.168.126.102', 'node2'),
      ]),
      addressSets: sortRows(addressSetsV4(['10.128.0.15'], nodeIps)),
      qos: [],
    });
  });

  it('23: one IP replaced: its nexthop and SNAT go, the sibling SNAT stays (shipped fix: teardown by external IP)', async () => {
    const e = egressIP(
      'egressip',
      ['192.168.126.101', '192.168.126.103'],
      { team: 'a' },
      [
        { node: 'node1', egressIP: '192.168.126.101' },
        { node: 'node2', egressIP: '192.168.126.103' },
      ],
      { app: 'web' },
    );
    const before = await h.snapshot();
    const sibling = before.NAT.find((n) => n.external_ip === '192.168.126.101')!;
    await r.reconcile(state([e]));
    const after = await h.snapshot();
    expect(egressIpRows(after).nats).toEqual(
      sortRows([
        snat('egressip', 'egressip-namespace', 'egress-pod', '10.128.0.15', '192.168.126.101', 'node1'),
        snat('egressip', 'egressip-namespace', 'egress-pod', '10.128.0.15', '192.168.126.103', 'node2'),
      ]),
    );
    expect(after.NAT.find((n) => n._uuid === sibling._uuid)?._version).toBe(sibling._version);
  });

  it('13/52: the pod stops matching the pod selector: every row of it goes', async () => {
    await r.reconcile(state([ecmp()]));
    podLabels = { app: 'db' };
    await r.reconcile(state([ecmp()]));
    expect(egressIpRows(await h.snapshot())).toEqual(empty);
    podLabels = { app: 'web' };
  });

  it('21/51: the namespace stops matching, then matches again', async () => {
    await r.reconcile(state([ecmp()]));
    nsLabels = { team: 'b' };
    await r.reconcile(state([ecmp()]));
    expect(egressIpRows(await h.snapshot())).toEqual(empty);
    nsLabels = { team: 'a' };
    await r.reconcile(state([ecmp()]));
    expect(egressIpRows(await h.snapshot()).nats).toHaveLength(2);
  });

  it('43/39: host-network, unscheduled, IP-less and completed pods get no rows', async () => {
    const extra = [
      pod({
        namespace: 'egressip-namespace',
        name: 'host',
        node: 'node1',
        ips: ['192.168.126.11'],
        hostNetwork: true,
        labels: { app: 'web' },
      }),
      pod({
        namespace: 'egressip-namespace',
        name: 'unscheduled',
        node: '',
        ips: [],
        labels: { app: 'web' },
      }),
      pod({ namespace: 'egressip-namespace', name: 'noip', node: 'node1', ips: [], labels: { app: 'web' } }),
      pod({
        namespace: 'egressip-namespace',
        name: 'done',
        node: 'node1',
        ips: ['10.128.0.16'],
        phase: 'Succeeded',
        labels: { app: 'web' },
      }),
    ];
    const res = await r.reconcile(state([ecmp()], extra));
    expect(res.transactions).toBe(0);
    expect(res.notes.filter((n) => n.kind === 'pod-without-ip').map((n) => n.message)).toEqual([
      'pod egressip-namespace/noip has no IP yet; retried when it gets one',
    ]);
  });

  it('30: a second EgressIP selecting the same pod is standby; it takes over when the first is deleted', async () => {
    const other = egressIP('egressip-2', ['192.168.126.110'], { team: 'a' }, [
      { node: 'node2', egressIP: '192.168.126.110' },
    ]);
    const res = await r.reconcile(state([other, ecmp()]));
    expect(res.transactions).toBe(0);
    expect(res.notes.filter((n) => n.kind === 'standby').map((n) => n.egressIP)).toEqual(['egressip-2']);
    await r.reconcile(state([other]));
    expect(egressIpRows(await h.snapshot())).toEqual({
      policies: sortRows([
        ...feature,
        reroute('egressip-2', 'egressip-namespace', 'egress-pod', '10.128.0.15', ['100.64.0.3']),
      ]),
      nats: [
        snat('egressip-2', 'egressip-namespace', 'egress-pod', '10.128.0.15', '192.168.126.110', 'node2'),
      ],
      addressSets: sortRows(addressSetsV4(['10.128.0.15'], nodeIps)),
      qos: [],
    });
  });

  it('30: a standby that sorts first does not take over a pod already served (NB hint, as upstream after restart)', async () => {
    const first = egressIP('aaa', ['192.168.126.111'], { team: 'a' }, [
      { node: 'node1', egressIP: '192.168.126.111' },
    ]);
    const serving = egressIP('egressip-2', ['192.168.126.110'], { team: 'a' }, [
      { node: 'node2', egressIP: '192.168.126.110' },
    ]);
    const res = await r.reconcile(state([first, serving]));
    expect(res.transactions).toBe(0);
    expect(res.notes.filter((n) => n.kind === 'standby').map((n) => n.egressIP)).toEqual(['aaa']);
    expect(egressIpRows(await h.snapshot()).nats.map((n) => n.external_ids['k8s.ovn.org/name'])).toEqual([
      'egressip-2_egressip-namespace/egress-pod',
    ]);
  });

  it('28: a pod recreated under the same name with a new IP: old rows and member go, new ones come (Profile B fix)', async () => {
    await r.reconcile(state([ecmp()]));
    const recreated = { ...state([ecmp()]) };
    recreated.pods = [
      pod({
        namespace: 'egressip-namespace',
        name: 'egress-pod',
        node: 'node2',
        ips: ['10.128.2.20'],
        labels: { app: 'web' },
      }),
    ];
    await r.reconcile(recreated);
    expect(egressIpRows(await h.snapshot())).toEqual({
      policies: sortRows([
        ...feature,
        reroute('egressip', 'egressip-namespace', 'egress-pod', '10.128.2.20', ['100.64.0.2', '100.64.0.3']),
      ]),
      nats: sortRows([
        snat('egressip', 'egressip-namespace', 'egress-pod', '10.128.2.20', '192.168.126.101', 'node1'),
        snat('egressip', 'egressip-namespace', 'egress-pod', '10.128.2.20', '192.168.126.102', 'node2'),
      ]),
      addressSets: sortRows(addressSetsV4(['10.128.2.20'], nodeIps)),
      qos: [],
    });
    await r.reconcile(state([ecmp()]));
  });

  it('concurrent reconciles (two workers) never duplicate rows', async () => {
    await r.reconcile(state([]));
    await Promise.all([
      r.reconcile(state([ecmp()]), { egressIP: 'egressip' }),
      r.reconcile(state([ecmp()])),
      r.reconcile(state([ecmp()]), { egressIP: 'egressip' }),
    ]);
    const rows = egressIpRows(await h.snapshot());
    expect(rows.policies.filter((p) => p.priority === 100)).toHaveLength(1);
    expect(rows.nats).toHaveLength(2);
  });

  it('3.6 / 25: invalid inputs write nothing and say why', async () => {
    const badSelector = egressIP('bad', ['192.168.126.120'], {}, [
      { node: 'node1', egressIP: '192.168.126.120' },
    ]);
    badSelector.spec.namespaceSelector = {
      matchExpressions: [{ key: 'team', operator: 'Equals', values: ['a'] }],
    };
    const unknownNode = egressIP('lost', ['192.168.126.121'], { team: 'a' }, [
      { node: 'node9', egressIP: '192.168.126.121' },
    ]);
    const badIp = egressIP('typo', ['192.168.126.1222'], { team: 'a' }, [
      { node: 'node1', egressIP: '192.168.126.1222' },
    ]);
    const res = await r.reconcile(state([badSelector, unknownNode, badIp]));
    expect(egressIpRows(await h.snapshot())).toEqual(empty);
    expect(res.notes.map((n) => [n.kind, n.egressIP])).toEqual([
      ['invalid-selector', 'bad'],
      ['unknown-node', 'lost'],
      ['invalid-status-ip', 'typo'],
      // Both select the pod; as upstream, the first one holds it even while its status is unusable.
      ['standby', 'typo'],
      ['qos-mark-unsupported', undefined],
    ]);
  });
});

describe('IPv6 and dual-stack', () => {
  const v6 = { clusterSubnets: [{ cidr: 'fd01::/48', hostPrefix: 64 }] };
  const v6nodes = [
    node({ name: 'node1', ifaddr6: 'fd00::11/64', subnet6: 'fd01:0:0:1::/64', id: 2 }),
    node({ name: 'node2', ifaddr6: 'fd00::12/64', subnet6: 'fd01:0:0:2::/64', id: 3 }),
  ];

  it('IPv6 single stack: ip6 rows, fd98:: join nexthops, v6 address sets', async () => {
    await withNb(v6nodes, v6, async (h, r) => {
      const e = egressIP('egressip', ['FD00::100'], { team: 'a' }, [
        { node: 'node2', egressIP: 'fd00:0:0:0::100' },
      ]);
      await r.reconcile({
        egressIPs: [e],
        nodes: v6nodes,
        namespaces: [namespace('ns', { team: 'a' })],
        pods: [pod({ namespace: 'ns', name: 'p', node: 'node1', ips: ['fd01:0:0:1::66'] })],
      });
      expect(egressIpRows(await h.snapshot())).toEqual({
        policies: sortRows([
          ...featurePoliciesV6('fd01::/48'),
          replyTrafficPolicy(),
          reroute('egressip', 'ns', 'p', 'fd01:0:0:1::66', ['fd98::3']),
        ]),
        nats: [snat('egressip', 'ns', 'p', 'fd01:0:0:1::66', 'fd00::100', 'node2')],
        addressSets: sortRows(addressSetsV6(['fd01:0:0:1::66'], ['fd00::11', 'fd00::12'])),
        qos: [],
      });
    });
  });

  it('dual stack: a v4 and a v6 EIP of one object on two nodes; a v4-only object leaves v6 traffic alone', async () => {
    const dual = DUAL_STACK_CONFIG;
    const nodes = dualStackNodes(['node1', 'node2']);
    await withNb(nodes, dual, async (h, r) => {
      const both = egressIP('both', ['192.168.126.100', 'fd00::100'], { team: 'a' }, [
        { node: 'node1', egressIP: '192.168.126.100' },
        { node: 'node2', egressIP: 'fd00::100' },
      ]);
      const v4only = egressIP('v4only', ['192.168.126.101'], { team: 'b' }, [
        { node: 'node2', egressIP: '192.168.126.101' },
      ]);
      await r.reconcile({
        egressIPs: [both, v4only],
        nodes,
        namespaces: [namespace('a', { team: 'a' }), namespace('b', { team: 'b' })],
        pods: [
          pod({ namespace: 'a', name: 'p', node: 'node1', ips: ['10.128.0.15', 'fd01:0:0:1::f'] }),
          pod({ namespace: 'b', name: 'q', node: 'node2', ips: ['10.128.2.16', 'fd01:0:0:2::10'] }),
        ],
      });
      const nodeV4 = ['192.168.126.11', '192.168.126.12'];
      const nodeV6 = ['fd00::11', 'fd00::12'];
      expect(egressIpRows(await h.snapshot())).toEqual({
        policies: sortRows([
          ...featurePoliciesV4(),
          ...featurePoliciesV6('fd01::/48'),
          replyTrafficPolicy(),
          reroute('both', 'a', 'p', '10.128.0.15', ['100.64.0.2']),
          reroute('both', 'a', 'p', 'fd01:0:0:1::f', ['fd98::3']),
          reroute('v4only', 'b', 'q', '10.128.2.16', ['100.64.0.3']),
        ]),
        nats: sortRows([
          snat('both', 'a', 'p', '10.128.0.15', '192.168.126.100', 'node1'),
          snat('both', 'a', 'p', 'fd01:0:0:1::f', 'fd00::100', 'node2'),
          snat('v4only', 'b', 'q', '10.128.2.16', '192.168.126.101', 'node2'),
        ]),
        // Both families of a served pod go to their families' sets, even for the v4-only object.
        addressSets: sortRows([
          ...addressSetsV4(['10.128.0.15', '10.128.2.16'], nodeV4),
          ...addressSetsV6(['fd01:0:0:1::f', 'fd01:0:0:2::10'], nodeV6),
        ]),
        qos: [],
      });
    });
  });
});

describe('cluster-level inputs', () => {
  it('46: two cluster CIDRs per family: every ordered pod-to-pod pair and one pod-to-join row per CIDR', async () => {
    const config = {
      clusterSubnets: [
        { cidr: '10.128.0.0/14', hostPrefix: 23 },
        { cidr: '10.0.0.0/16', hostPrefix: 24 },
      ],
    };
    const nodes = [node({ name: 'node1', ifaddr: '192.168.126.11/24', subnet: '10.128.0.0/23', id: 2 })];
    await withNb(nodes, config, async (h, r) => {
      await r.reconcile({ egressIPs: [], nodes, namespaces: [], pods: [] });
      const rows = egressIpRows(await h.snapshot());
      expect(rows.policies).toEqual(
        sortRows([
          policy102(
            'EIP-No-Reroute-Pod-To-Pod',
            'ip4',
            'ip4.src == 10.128.0.0/14 && ip4.dst == 10.128.0.0/14',
          ),
          policy102('EIP-No-Reroute-Pod-To-Pod', 'ip4', 'ip4.src == 10.128.0.0/14 && ip4.dst == 10.0.0.0/16'),
          policy102('EIP-No-Reroute-Pod-To-Pod', 'ip4', 'ip4.src == 10.0.0.0/16 && ip4.dst == 10.128.0.0/14'),
          policy102('EIP-No-Reroute-Pod-To-Pod', 'ip4', 'ip4.src == 10.0.0.0/16 && ip4.dst == 10.0.0.0/16'),
          policy102(
            'EIP-No-Reroute-Pod-To-Join',
            'ip4',
            'ip4.src == 10.128.0.0/14 && ip4.dst == 100.64.0.0/16',
          ),
          policy102(
            'EIP-No-Reroute-Pod-To-Join',
            'ip4',
            'ip4.src == 10.0.0.0/16 && ip4.dst == 100.64.0.0/16',
          ),
          featurePoliciesV4()[2]!,
          replyTrafficPolicy(),
        ]),
      );
      expect((await r.reconcile({ egressIPs: [], nodes, namespaces: [], pods: [] })).transactions).toBe(0);
    });
  });

  it('16: a host-cidrs change and a node delete rewrite node-ips; the 102 rows stay', async () => {
    const n1 = node({ name: 'node1', ifaddr: '192.168.126.11/24', subnet: '10.128.0.0/23', id: 2 });
    const n2 = node({
      name: 'node2',
      ifaddr: '192.168.126.12/24',
      subnet: '10.128.2.0/23',
      id: 3,
      extraHostCidrs: ['10.10.10.12/24'],
    });
    await withNb([n1, n2], undefined, async (h, r) => {
      await r.reconcile({ egressIPs: [], nodes: [n1, n2], namespaces: [], pods: [] });
      const ips = async () =>
        (await h.snapshot()).Address_Set.find((a) => a.name === 'a712973235162149816')!
          .addresses.slice()
          .sort();
      expect(await ips()).toEqual(['10.10.10.12', '192.168.126.11', '192.168.126.12']);
      const n2b = node({
        name: 'node2',
        ifaddr: '192.168.126.12/24',
        subnet: '10.128.2.0/23',
        id: 3,
        extraHostCidrs: ['10.10.20.12/24'],
      });
      const res = await r.reconcile({ egressIPs: [], nodes: [n1, n2b], namespaces: [], pods: [] });
      expect(res.changes).toMatchObject({ insert: 0, update: 0, delete: 0, addresses: 1 });
      expect(await ips()).toEqual(['10.10.20.12', '192.168.126.11', '192.168.126.12']);
      await r.reconcile({ egressIPs: [], nodes: [n1], namespaces: [], pods: [] });
      expect(await ips()).toEqual(['192.168.126.11']);
    });
  });

  it('Profile B formats: ClusterNodeIPs node-ips set replaces the Profile A set; NAT gets the port range', async () => {
    const nodes = [node({ name: 'node1', ifaddr: '192.168.126.11/24', subnet: '10.128.0.0/23', id: 2 })];
    await withNb(nodes, undefined, async (h, a) => {
      await a.reconcile({ egressIPs: [], nodes, namespaces: [], pods: [] });
      const b = new NbReconciler({ nb: h.nb, config: { profile: 'B' } });
      const e = egressIP('e', ['192.168.126.100'], { team: 'a' }, [
        { node: 'node1', egressIP: '192.168.126.100' },
      ]);
      const cluster = {
        egressIPs: [e],
        nodes,
        namespaces: [namespace('ns', { team: 'a' })],
        pods: [pod({ namespace: 'ns', name: 'p', node: 'node1', ips: ['10.128.0.15'] })],
      };
      await b.reconcile(cluster);
      const snap = await h.snapshot();
      expect(snap.Address_Set.map((s) => s.name).sort()).toEqual([
        'a1042611113178530741',
        'a13607449821398607916',
        'a8519615025667110816',
      ]);
      expect(snap.Address_Set.find((s) => s.name === 'a1042611113178530741')!.external_ids).toEqual({
        'k8s.ovn.org/owner-controller': 'default-network-controller',
        'k8s.ovn.org/owner-type': 'ClusterNodeIPs',
        'k8s.ovn.org/id': 'default-network-controller:ClusterNodeIPs:node-ips:v4',
        'k8s.ovn.org/name': 'node-ips',
        'ip-family': 'v4',
      });
      expect(egressIpRows(snap).nats).toEqual([
        snat('e', 'ns', 'p', '10.128.0.15', '192.168.126.100', 'node1', '32768-60999'),
      ]);
      expect(
        egressIpRows(snap).policies.find(
          (p) => p.external_ids['k8s.ovn.org/name'] === 'EIP-No-Reroute-Pod-To-Node',
        )!.match,
      ).toBe(
        '(ip4.src == $a8519615025667110816 || ip4.src == $a13607449821398607916) && ip4.dst == $a1042611113178530741',
      );
      expect((await b.reconcile(cluster)).transactions).toBe(0);
    });
  });
});

describe('secondary host network (spec 4.3, 7 case 4/9)', () => {
  it('reroutes to the management port IP and writes no SNAT; mixed with a primary-network EgressIP', async () => {
    const nodes = [
      node({
        name: 'node1',
        ifaddr: '192.168.126.11/24',
        subnet: '10.128.0.0/23',
        id: 2,
        extraHostCidrs: ['10.10.10.11/24'],
      }),
      node({ name: 'node2', ifaddr: '192.168.126.12/24', subnet: '10.128.2.0/23', id: 3 }),
    ];
    await withNb(nodes, undefined, async (h, r) => {
      const secondary = egressIP('sec', ['10.10.10.100'], { team: 'a' }, [
        { node: 'node1', egressIP: '10.10.10.100' },
      ]);
      const primary = egressIP('pri', ['192.168.126.100'], { team: 'b' }, [
        { node: 'node2', egressIP: '192.168.126.100' },
      ]);
      await r.reconcile({
        egressIPs: [secondary, primary],
        nodes,
        namespaces: [namespace('a', { team: 'a' }), namespace('b', { team: 'b' })],
        pods: [
          pod({ namespace: 'a', name: 'p', node: 'node2', ips: ['10.128.2.7'] }),
          pod({ namespace: 'b', name: 'q', node: 'node1', ips: ['10.128.0.8'] }),
        ],
      });
      expect(egressIpRows(await h.snapshot())).toEqual({
        policies: sortRows([
          ...featurePoliciesV4(),
          replyTrafficPolicy(),
          reroute('sec', 'a', 'p', '10.128.2.7', ['10.128.0.2']),
          reroute('pri', 'b', 'q', '10.128.0.8', ['100.64.0.3']),
        ]),
        nats: [snat('pri', 'b', 'q', '10.128.0.8', '192.168.126.100', 'node2')],
        addressSets: sortRows(
          addressSetsV4(['10.128.0.8', '10.128.2.7'], ['10.10.10.11', '192.168.126.11', '192.168.126.12']),
        ),
        qos: [],
      });
    });
  });
});

describe('node gateway objects already deleted (spec 7 case 10)', () => {
  it('rows that depended on the gone GR are removed, and the move to another node programs it', async () => {
    const nodes = [
      node({ name: 'node1', ifaddr: '192.168.126.11/24', subnet: '10.128.0.0/23', id: 2 }),
      node({ name: 'node2', ifaddr: '192.168.126.12/24', subnet: '10.128.2.0/23', id: 3 }),
    ];
    await withNb(nodes, undefined, async (h, r) => {
      const cluster = (n: string) => ({
        egressIPs: [
          egressIP('e', ['192.168.126.100'], { team: 'a' }, [{ node: n, egressIP: '192.168.126.100' }]),
        ],
        nodes,
        namespaces: [namespace('a', { team: 'a' })],
        pods: [pod({ namespace: 'a', name: 'p', node: 'node2', ips: ['10.128.2.7'] })],
      });
      await r.reconcile(cluster('node1'));
      expect(egressIpRows(await h.snapshot()).nats).toHaveLength(1);
      const { execFile } = await import('node:child_process');
      const { promisify } = await import('node:util');
      const { findBinary } = await import('@ovnkit/testkit');
      await promisify(execFile)(findBinary('ovn-nbctl'), [`--db=${h.server.remote}`, 'lr-del', 'GR_node1']);
      const res = await r.reconcile(cluster('node1'));
      expect(res.notes.map((n) => n.kind)).toContain('missing-nexthop');
      const gone = egressIpRows(await h.snapshot());
      expect(gone.nats).toEqual([]);
      expect(gone.policies.filter((p) => p.priority === 100)).toEqual([]);
      expect(gone.addressSets.find((a) => a.name === 'a8519615025667110816')!.addresses).toEqual([]);
      await r.reconcile(cluster('node2'));
      const moved = egressIpRows(await h.snapshot());
      expect(moved.nats).toEqual([snat('e', 'a', 'p', '10.128.2.7', '192.168.126.100', 'node2')]);
      expect(moved.policies.filter((p) => p.priority === 100)).toEqual([
        reroute('e', 'a', 'p', '10.128.2.7', ['100.64.0.3']),
      ]);
    });
  });
});
