import { describe, expect, it } from '@jest/globals';
import { egressIP, namespace, node, pod } from '../../test/integration/support/cluster-fixtures.js';
import { resolveClusterConfig } from './config.js';
import type { NbFacts } from './nb-facts.js';
import { renderDesiredState } from './render-desired.js';

const n1 = node({
  name: 'node1',
  ifaddr: '192.168.126.11/24',
  ifaddr6: 'fd00::11/64',
  subnet: '10.128.0.0/23',
  subnet6: 'fd01:0:0:1::/64',
  id: 2,
  extraHostCidrs: ['10.10.10.11/24'],
});
const n2 = node({
  name: 'node2',
  ifaddr: '192.168.126.12/24',
  ifaddr6: 'fd00::12/64',
  subnet: '10.128.2.0/23',
  subnet6: 'fd01:0:0:2::/64',
  id: 3,
});

function facts(over: Partial<NbFacts> = {}): NbFacts {
  const lrp: Record<string, string[]> = {
    'rtoj-GR_node1': ['100.64.0.2/16', 'fd98::2/64'],
    'rtoj-GR_node2': ['100.64.0.3/16', 'fd98::3/64'],
  };
  const lsp: Record<string, string[]> = { 'k8s-node1': ['0a:58:0a:80:00:02 10.128.0.2 fd01:0:0:1::2'] };
  return {
    routers: new Set(['ovn_cluster_router', 'GR_node1', 'GR_node2']),
    switches: new Set(['node1', 'node2']),
    routerPortNetworks: (n) => lrp[n],
    switchPortAddresses: (n) => lsp[n],
    qosMarkSupported: false,
    ...over,
  };
}

const dual = resolveClusterConfig({
  clusterSubnets: [
    { cidr: '10.128.0.0/14', hostPrefix: 23 },
    { cidr: 'fd01::/48', hostPrefix: 64 },
  ],
});
const ns = [namespace('ns', { team: 'a' }), namespace('other', { team: 'b' })];
const p = pod({ namespace: 'ns', name: 'p', node: 'node1', ips: ['10.128.0.15', 'fd01:0:0:1::f'] });

describe('renderDesiredState', () => {
  it('dual stack: both families of feature rows, one reroute per family, v4 and v6 EIPs on different nodes', () => {
    const eip = egressIP('e', ['192.168.126.100', 'fd00::100'], { team: 'a' }, [
      { node: 'node1', egressIP: '192.168.126.100' },
      { node: 'node2', egressIP: 'FD00:0::100' },
    ]);
    const d = renderDesiredState({
      config: dual,
      egressIPs: [eip],
      nodes: [n1, n2],
      namespaces: ns,
      pods: [p],
      facts: facts(),
    });
    expect(
      d.policies
        .filter((x) => x.row.priority === 102)
        .map((x) => x.row.match)
        .sort(),
    ).toEqual([
      '(ip4.src == $a8519615025667110816 || ip4.src == $a13607449821398607916) && ip4.dst == $a712973235162149816',
      '(ip6.src == $a3735740021425387998 || ip6.src == $a13607452020421864338) && ip6.dst == $a1091196985512978262',
      'ip4.src == 10.128.0.0/14 && ip4.dst == 10.128.0.0/14',
      'ip4.src == 10.128.0.0/14 && ip4.dst == 100.64.0.0/16',
      'ip6.src == fd01::/48 && ip6.dst == fd01::/48',
      'ip6.src == fd01::/48 && ip6.dst == fd98::/64',
      'pkt.mark == 42',
    ]);
    const reroutes = d.policies
      .filter((x) => x.row.priority === 100)
      .map((x) => [x.row.match, x.row.nexthops, x.row.external_ids['k8s.ovn.org/id']]);
    expect(reroutes).toEqual([
      [
        'ip4.src == 10.128.0.15',
        ['100.64.0.2'],
        'default-network-controller:EgressIP:100:e_ns/p:ip4:default',
      ],
      ['ip6.src == fd01:0:0:1::f', ['fd98::3'], 'default-network-controller:EgressIP:100:e_ns/p:ip6:default'],
    ]);
    expect(
      d.nats.map((x) => [
        x.router,
        x.row.external_ip,
        x.row.logical_ip,
        x.row.logical_port,
        x.row.external_ids['k8s.ovn.org/id'],
      ]),
    ).toEqual([
      [
        'GR_node1',
        '192.168.126.100',
        '10.128.0.15',
        'k8s-node1',
        'default-network-controller:EgressIP:e_ns/p:ip4',
      ],
      [
        'GR_node2',
        'fd00::100',
        'fd01:0:0:1::f',
        'k8s-node2',
        'default-network-controller:EgressIP:e_ns/p:ip6',
      ],
    ]);
    const sets = Object.fromEntries(d.addressSets.map((a) => [a.key, a.row.addresses]));
    expect(sets).toEqual({
      a8519615025667110816: ['10.128.0.15'],
      a13607449821398607916: [],
      a712973235162149816: ['10.10.10.11', '192.168.126.11', '192.168.126.12'],
      a3735740021425387998: ['fd01:0:0:1::f'],
      a13607452020421864338: [],
      a1091196985512978262: ['fd00::11', 'fd00::12'],
    });
  });

  it('ECMP: two v4 IPs on two nodes give one row with both join IPs and one NAT per IP', () => {
    const eip = egressIP('e', ['192.168.126.100', '192.168.126.101'], { team: 'a' }, [
      { node: 'node2', egressIP: '192.168.126.101' },
      { node: 'node1', egressIP: '192.168.126.100' },
    ]);
    const d = renderDesiredState({
      config: resolveClusterConfig(),
      egressIPs: [eip],
      nodes: [n1, n2],
      namespaces: ns,
      pods: [p],
      facts: facts(),
    });
    expect(d.policies.filter((x) => x.row.priority === 100).map((x) => x.row.nexthops)).toEqual([
      ['100.64.0.2', '100.64.0.3'],
    ]);
    expect(d.nats.map((x) => [x.router, x.row.external_ip])).toEqual([
      ['GR_node2', '192.168.126.101'],
      ['GR_node1', '192.168.126.100'],
    ]);
  });

  it('Profile B formats: ClusterNodeIPs node-ips set, NAT external_port_range, every ordered CIDR pair', () => {
    const config = resolveClusterConfig({
      profile: 'B',
      clusterSubnets: [
        { cidr: '10.128.0.0/14', hostPrefix: 23 },
        { cidr: '10.0.0.0/16', hostPrefix: 24 },
      ],
    });
    const eip = egressIP('e', ['192.168.126.100'], { team: 'a' }, [
      { node: 'node1', egressIP: '192.168.126.100' },
    ]);
    const d = renderDesiredState({
      config,
      egressIPs: [eip],
      nodes: [n1],
      namespaces: ns,
      pods: [p],
      facts: facts(),
    });
    expect(d.nats[0]!.row.external_port_range).toBe('32768-60999');
    expect(d.addressSets.map((a) => a.key)).toContain('a1042611113178530741');
    const p2p = d.policies
      .filter((x) => x.row.external_ids['k8s.ovn.org/name'] === 'EIP-No-Reroute-Pod-To-Pod')
      .map((x) => x.row.match);
    expect(p2p).toEqual([
      'ip4.src == 10.128.0.0/14 && ip4.dst == 10.128.0.0/14',
      'ip4.src == 10.128.0.0/14 && ip4.dst == 10.0.0.0/16',
      'ip4.src == 10.0.0.0/16 && ip4.dst == 10.128.0.0/14',
      'ip4.src == 10.0.0.0/16 && ip4.dst == 10.0.0.0/16',
    ]);
    expect(
      d.policies.filter((x) => x.row.external_ids['k8s.ovn.org/name'] === 'EIP-No-Reroute-Pod-To-Join'),
    ).toHaveLength(2);
  });

  it('secondary host network EIP: nexthop is the management port IP, no NAT', () => {
    const eip = egressIP('e', ['10.10.10.100'], { team: 'a' }, [{ node: 'node1', egressIP: '10.10.10.100' }]);
    const d = renderDesiredState({
      config: resolveClusterConfig(),
      egressIPs: [eip],
      nodes: [n1],
      namespaces: ns,
      pods: [p],
      facts: facts(),
    });
    expect(
      d.policies.filter((x) => x.row.priority === 100).map((x) => [x.row.nexthops, x.row.options]),
    ).toEqual([[['10.128.0.2'], {}]]);
    expect(d.nats).toEqual([]);
  });

  it('cloud egress-ipconfig subnet counts as the primary network (NAT written) even outside host-cidrs', () => {
    const cloud = node({
      name: 'node1',
      ifaddr: '10.0.128.11/24',
      subnet: '10.128.0.0/23',
      id: 2,
      extraHostCidrs: ['10.0.0.0/16'],
    });
    cloud.metadata!.annotations!['cloud.network.openshift.io/egress-ipconfig'] = JSON.stringify([
      { interface: 'eni-1', ifaddr: { ipv4: '10.0.0.0/16' }, capacity: { ipv4: 14 } },
    ]);
    const eip = egressIP('e', ['10.0.5.5'], { team: 'a' }, [{ node: 'node1', egressIP: '10.0.5.5' }]);
    const d = renderDesiredState({
      config: resolveClusterConfig(),
      egressIPs: [eip],
      nodes: [cloud],
      namespaces: ns,
      pods: [p],
      facts: facts(),
    });
    expect(d.nats.map((x) => [x.router, x.row.external_ip])).toEqual([['GR_node1', '10.0.5.5']]);
    expect(d.policies.filter((x) => x.row.priority === 100).map((x) => x.row.nexthops)).toEqual([
      ['100.64.0.2'],
    ]);
  });

  it('skips ineligible pods and takes status.podIPs when the annotation is absent', () => {
    const eip = egressIP('e', ['192.168.126.100'], { team: 'a' }, [
      { node: 'node1', egressIP: '192.168.126.100' },
    ]);
    const pods = [
      pod({ namespace: 'ns', name: 'host', node: 'node1', ips: ['192.168.126.11'], hostNetwork: true }),
      pod({ namespace: 'ns', name: 'done', node: 'node1', ips: ['10.128.0.20'], phase: 'Succeeded' }),
      pod({ namespace: 'ns', name: 'failed', node: 'node1', ips: ['10.128.0.21'], phase: 'Failed' }),
      pod({ namespace: 'ns', name: 'pending', node: '', ips: [] }),
      pod({ namespace: 'ns', name: 'noip', node: 'node1', ips: [] }),
      pod({ namespace: 'ns', name: 'st', node: 'node1', ips: ['10.128.0.30'], ipSource: 'status' }),
      pod({ namespace: 'other', name: 'x', node: 'node1', ips: ['10.128.0.40'] }),
    ];
    const d = renderDesiredState({
      config: resolveClusterConfig(),
      egressIPs: [eip],
      nodes: [n1],
      namespaces: ns,
      pods,
      facts: facts(),
    });
    expect(d.policies.filter((x) => x.row.priority === 100).map((x) => x.row.match)).toEqual([
      'ip4.src == 10.128.0.30',
    ]);
    expect(d.notes.filter((n) => n.kind === 'pod-without-ip').map((n) => n.message)).toEqual([
      'pod ns/noip has no IP yet; retried when it gets one',
    ]);
  });

  it('a pod selected by two EgressIPs is served by one; the NB hint wins, else the first name', () => {
    const a = egressIP('a', ['192.168.126.100'], { team: 'a' }, [
      { node: 'node1', egressIP: '192.168.126.100' },
    ]);
    const b = egressIP('b', ['192.168.126.101'], { team: 'a' }, [
      { node: 'node2', egressIP: '192.168.126.101' },
    ]);
    const base = {
      config: resolveClusterConfig(),
      egressIPs: [b, a],
      nodes: [n1, n2],
      namespaces: ns,
      pods: [p],
      facts: facts(),
    };
    const names = (d: ReturnType<typeof renderDesiredState>) =>
      d.nats.map((x) => x.row.external_ids['k8s.ovn.org/name']);
    expect(names(renderDesiredState(base))).toEqual(['a_ns/p']);
    const hinted = renderDesiredState({ ...base, activeHints: new Map([['ns/p', 'b']]) });
    expect(names(hinted)).toEqual(['b_ns/p']);
    expect(hinted.notes.filter((n) => n.kind === 'standby').map((n) => n.egressIP)).toEqual(['a']);
  });

  it('invalid inputs give notes, never rows: bad selector, unknown node, bad status IP, missing join port', () => {
    const bad = egressIP('bad', ['192.168.126.100'], {}, [{ node: 'node1', egressIP: '192.168.126.100' }]);
    bad.spec.namespaceSelector = { matchExpressions: [{ key: 'team', operator: 'Like', values: ['a'] }] };
    const unknown = egressIP('unknown', ['192.168.126.101'], { team: 'a' }, [
      { node: 'gone', egressIP: '192.168.126.101' },
      { node: 'node1', egressIP: '192.168.126.300' },
    ]);
    const noport = egressIP('noport', ['192.168.126.102'], { team: 'b' }, [
      { node: 'node2', egressIP: '192.168.126.102' },
    ]);
    const d = renderDesiredState({
      config: resolveClusterConfig(),
      egressIPs: [bad, unknown, noport],
      nodes: [n1, n2],
      namespaces: ns,
      pods: [p, pod({ namespace: 'other', name: 'q', node: 'node2', ips: ['10.128.2.5'] })],
      facts: facts({ routerPortNetworks: () => undefined }),
    });
    expect(d.policies.filter((x) => x.row.priority === 100)).toEqual([]);
    expect(d.nats).toEqual([]);
    expect(d.notes.map((n) => [n.kind, n.egressIP])).toEqual([
      ['invalid-selector', 'bad'],
      ['missing-nexthop', 'noport'],
      ['unknown-node', 'unknown'],
      ['invalid-status-ip', 'unknown'],
      ['qos-mark-unsupported', undefined],
    ]);
  });

  it('writes the QoS reply-mark rows only when the schema accepts mark, attached to every node switch', () => {
    const d = renderDesiredState({
      config: dual,
      egressIPs: [],
      nodes: [n1, n2],
      namespaces: ns,
      pods: [],
      facts: facts({ qosMarkSupported: true }),
    });
    expect(
      d.qos.map((q) => [q.row.match, q.row.action, q.switches, q.row.external_ids['k8s.ovn.org/id']]),
    ).toEqual([
      [
        'ip4.src == $a8519615025667110816 && ct.trk && ct.rpl',
        { mark: 42 },
        ['node1', 'node2'],
        'default-network-controller:EgressIP:103:EgressIP-Mark-Reply-Traffic:ip4:default',
      ],
      [
        'ip6.src == $a3735740021425387998 && ct.trk && ct.rpl',
        { mark: 42 },
        ['node1', 'node2'],
        'default-network-controller:EgressIP:103:EgressIP-Mark-Reply-Traffic:ip6:default',
      ],
    ]);
    expect(d.notes).toEqual([]);
  });
});
