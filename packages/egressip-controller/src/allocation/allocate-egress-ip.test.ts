import { describe, expect, it } from '@jest/globals';
import { makeNode, type NodeFixture } from '../../test/fake-apiserver/objects.js';
import type { EgressIPStatusItem } from '../api/types.js';
import { type AllocationInput, allocateEgressIP, InvalidEgressIPError } from './allocate-egress-ip.js';
import { buildNodeInventory } from './node-inventory.js';

function input(
  nodes: NodeFixture[],
  name: string,
  specIPs: string[],
  opts: { items?: EgressIPStatusItem[]; others?: AllocationInput['others']; unreachable?: string[] } = {},
): AllocationInput {
  const inv = buildNodeInventory(nodes.map(makeNode));
  return {
    name,
    specIPs,
    statusItems: opts.items ?? [],
    nodes: inv.nodes,
    reachable: new Map((opts.unreachable ?? []).map((n) => [n, false])),
    others: opts.others ?? [],
    hostAddresses: inv.hostAddresses,
  };
}

const n1: NodeFixture = { name: 'node1', v4: '192.168.126.11/24' };
const n2: NodeFixture = { name: 'node2', v4: '192.168.126.12/24' };
const n3: NodeFixture = { name: 'node3', v4: '192.168.126.13/24' };

describe('allocateEgressIP: eligibility', () => {
  it('assigns to a labelled, ready, reachable node whose primary subnet hosts the IP', () => {
    const r = allocateEgressIP(input([n1], 'eip', ['192.168.126.101']));
    expect(r.items).toEqual([{ node: 'node1', egressIP: '192.168.126.101' }]);
    expect(r.changed).toBe(true);
    expect(r.events).toEqual([]);
  });

  it.each([
    ['unlabelled', { ...n1, labelled: false }, []],
    ['not ready', { ...n1, ready: false }, []],
    ['unreachable', n1, ['node1']],
  ])('skips a %s node and reports that no node is assignable', (_label, node, unreachable) => {
    const r = allocateEgressIP(input([node], 'eip', ['192.168.126.101'], { unreachable }));
    expect(r.items).toEqual([]);
    expect(r.changed).toBe(false);
    expect(r.events).toEqual([
      {
        type: 'Warning',
        reason: 'NoMatchingNodeFound',
        message:
          'no assignable nodes for EgressIP: eip, please tag at least one node with label: k8s.ovn.org/egress-assignable',
      },
    ]);
  });

  it('ignores hybrid-overlay nodes and nodes with broken annotations', () => {
    const broken = makeNode({ name: 'broken', v4: '192.168.126.14/24' });
    if (broken.metadata?.annotations)
      broken.metadata.annotations['k8s.ovn.org/node-primary-ifaddr'] = '{not json';
    const hybrid = makeNode({ name: 'hybrid', v4: '192.168.126.15/24' });
    if (hybrid.metadata?.labels) hybrid.metadata.labels['k8s.ovn.org/no-host-subnet'] = '';
    const inv = buildNodeInventory([broken, hybrid]);
    expect(inv.nodes).toEqual([]);
    expect(inv.errors.map((e) => e.message)).toEqual([
      'node broken: annotation k8s.ovn.org/node-primary-ifaddr: not valid JSON: "{not json"',
    ]);
  });

  it('refuses an IP no node can host', () => {
    const r = allocateEgressIP(input([n1, n2], 'eip', ['10.99.0.1']));
    expect(r.items).toEqual([]);
    expect(r.events.map((e) => [e.reason, e.message])).toEqual([
      [
        'NoMatchingNodeFound',
        'No matching nodes found, which can host any of the egress IPs: [10.99.0.1] for object EgressIP: eip',
      ],
    ]);
  });

  it('refuses an IPv4 egress IP on IPv6-only nodes', () => {
    const r = allocateEgressIP(input([{ name: 'v6node', v6: 'fd00::11/64' }], 'eip', ['192.168.126.101']));
    expect(r.items).toEqual([]);
    expect(r.events[0]?.reason).toBe('NoMatchingNodeFound');
  });
});

describe('allocateEgressIP: conflicts', () => {
  it('refuses an egress IP equal to a node host IP (EgressIPConflict)', () => {
    const r = allocateEgressIP(
      input([n1, { ...n2, labelled: false, extraHostCidrs: ['192.168.126.200/24'] }], 'eip', [
        '192.168.126.200',
      ]),
    );
    expect(r.items).toEqual([]);
    expect(r.events).toEqual([
      {
        type: 'Warning',
        reason: 'EgressIPConflict',
        message:
          'Egress IP eip with IP 192.168.126.200 is conflicting with a host (node2) IP address and will not be assigned',
      },
    ]);
  });

  it('refuses an IP already held by another EgressIP (UnsupportedRequest)', () => {
    const others = [{ name: 'other', items: [{ node: 'node2', egressIP: '192.168.126.101' }] }];
    const r = allocateEgressIP(input([n1, n2], 'eip', ['192.168.126.101'], { others }));
    expect(r.items).toEqual([]);
    expect(r.events.map((e) => e.message)).toEqual([
      'IP: "192.168.126.101" for EgressIP: eip is already allocated for EgressIP: other on node2',
    ]);
  });

  it('drops its own status item when another object holds the same IP on an eligible node', () => {
    const others = [{ name: 'aaa', items: [{ node: 'node2', egressIP: '192.168.126.101' }] }];
    const r = allocateEgressIP(
      input([n1, n2], 'eip', ['192.168.126.101'], {
        items: [{ node: 'node1', egressIP: '192.168.126.101' }],
        others,
      }),
    );
    expect(r.items).toEqual([]);
    expect(r.changed).toBe(true);
    expect(r.events[0]?.reason).toBe('UnsupportedRequest');
  });

  it('gives up when a node lacks host-cidrs (the conflict check cannot run)', () => {
    const r = allocateEgressIP(input([n1, { ...n2, noHostCidrs: true }], 'eip', ['192.168.126.101']));
    expect(r.items).toEqual([]);
    expect(r.notes).toEqual([
      'cannot check 192.168.126.101 for host IP conflicts: node node2 has no k8s.ovn.org/host-cidrs',
    ]);
  });

  it('rejects the whole object when one spec entry is not an IP (InvalidEgressIP)', () => {
    for (const bad of ['192.168.126.300', '192.168.126.101/32', 'fd00::1%eth0', '']) {
      let caught: unknown;
      try {
        allocateEgressIP(input([n1], 'eip', ['192.168.126.101', bad]));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(InvalidEgressIPError);
      expect((caught as InvalidEgressIPError).event).toEqual({
        type: 'Warning',
        reason: 'InvalidEgressIP',
        message: `egress IP: ${bad} for object EgressIP: eip is not a valid IP address`,
      });
    }
  });
});

describe('allocateEgressIP: balancing and placement', () => {
  it('puts a new IP on the node with the fewest allocations over all objects', () => {
    const others = [
      { name: 'a', items: [{ node: 'node1', egressIP: '192.168.126.150' }] },
      {
        name: 'b',
        items: [
          { node: 'node2', egressIP: '192.168.126.151' },
          { node: 'node1', egressIP: '192.168.126.152' },
        ],
      },
    ];
    const r = allocateEgressIP(input([n1, n2, n3], 'eip', ['192.168.126.101'], { others }));
    expect(r.items).toEqual([{ node: 'node3', egressIP: '192.168.126.101' }]);
  });

  it('places two IPs of one object on two different nodes', () => {
    const r = allocateEgressIP(input([n1, n2], 'eip', ['192.168.126.101', '192.168.126.102']));
    expect(r.items).toEqual([
      { node: 'node1', egressIP: '192.168.126.101' },
      { node: 'node2', egressIP: '192.168.126.102' },
    ]);
  });

  it('leaves the extra IP unassigned when there are more IPs than nodes', () => {
    const r = allocateEgressIP(input([n1], 'eip', ['192.168.126.101', '192.168.126.102']));
    expect(r.items).toEqual([{ node: 'node1', egressIP: '192.168.126.101' }]);
    expect(r.events.map((e) => [e.reason, e.message])).toEqual([
      ['UnassignedRequest', 'Not all egress IPs for EgressIP: eip could be assigned, please tag more nodes'],
    ]);
  });

  it('sends an IPv4 EIP to the node that can host it, even with more allocations (dual stack)', () => {
    const v6only = { name: 'node-a', v6: 'fd00::11/64' };
    const dual = { name: 'node-b', v4: '192.168.126.12/24', v6: 'fd00::12/64' };
    const others = [{ name: 'x', items: [{ node: 'node-b', egressIP: 'fd00::99' }] }];
    const r = allocateEgressIP(input([v6only, dual], 'eip', ['192.168.126.101'], { others }));
    expect(r.items).toEqual([{ node: 'node-b', egressIP: '192.168.126.101' }]);
  });

  it('keeps a v4 and a v6 IP of one object on different nodes', () => {
    const a = { name: 'node-a', v4: '192.168.126.11/24', v6: 'fd00::11/64' };
    const b = { name: 'node-b', v4: '192.168.126.12/24', v6: 'fd00::12/64' };
    const r = allocateEgressIP(input([a, b], 'eip', ['192.168.126.101', 'FD00:0::0101']));
    expect(r.items).toEqual([
      { node: 'node-a', egressIP: '192.168.126.101' },
      { node: 'node-b', egressIP: 'fd00::101' },
    ]);
  });

  it('restricts candidates to nodes attached to the secondary host network that holds the IP', () => {
    const withSecondary = { ...n2, extraHostCidrs: ['10.10.10.4/24'] };
    const others = [{ name: 'x', items: [{ node: 'node2', egressIP: '192.168.126.150' }] }];
    const r = allocateEgressIP(input([n1, withSecondary], 'eip', ['10.10.10.100'], { others }));
    expect(r.items).toEqual([{ node: 'node2', egressIP: '10.10.10.100' }]);
  });
});

describe('allocateEgressIP: stability and failover', () => {
  it('keeps valid existing assignments even when unbalanced', () => {
    const items = [{ node: 'node1', egressIP: '192.168.126.101' }];
    const others = [{ name: 'x', items: [{ node: 'node1', egressIP: '192.168.126.150' }] }];
    const r = allocateEgressIP(input([n1, n2], 'eip', ['192.168.126.101'], { items, others }));
    expect(r.items).toEqual(items);
    expect(r.changed).toBe(false);
  });

  it.each([
    ['loses the label', { ...n1, labelled: false }, []],
    ['becomes NotReady', { ...n1, ready: false }, []],
    ['becomes unreachable', n1, ['node1']],
  ])('moves an IP in one pass when its node %s', (_label, node1, unreachable) => {
    const items = [
      { node: 'node1', egressIP: '192.168.126.101' },
      { node: 'node2', egressIP: '192.168.126.102' },
    ];
    const r = allocateEgressIP(
      input([node1, n2, n3], 'eip', ['192.168.126.101', '192.168.126.102'], { items, unreachable }),
    );
    expect(r.items).toEqual([
      { node: 'node2', egressIP: '192.168.126.102' },
      { node: 'node3', egressIP: '192.168.126.101' },
    ]);
    expect(r.notes[0]).toContain('192.168.126.101 on node1 is invalid');
  });

  it('removes an item whose IP left the spec before assigning brand-new IPs', () => {
    const items = [{ node: 'node1', egressIP: '192.168.126.101' }];
    const first = allocateEgressIP(input([n1, n2], 'eip', ['192.168.126.105'], { items }));
    expect(first.items).toEqual([]);
    expect(first.changed).toBe(true);
    const second = allocateEgressIP(input([n1, n2], 'eip', ['192.168.126.105'], { items: first.items }));
    expect(second.items).toEqual([{ node: 'node1', egressIP: '192.168.126.105' }]);
  });

  it('invalidates items of a node holding two IPs of the object and re-spreads them', () => {
    const items = [
      { node: 'node1', egressIP: '192.168.126.101' },
      { node: 'node1', egressIP: '192.168.126.102' },
    ];
    const r = allocateEgressIP(input([n1, n2], 'eip', ['192.168.126.101', '192.168.126.102'], { items }));
    expect(new Set(r.items.map((i) => i.node))).toEqual(new Set(['node1', 'node2']));
    expect(r.items).toHaveLength(2);
  });

  it('rewrites a status item that is not in canonical form', () => {
    const a = { name: 'node-a', v6: 'fd00::11/64' };
    const r = allocateEgressIP(
      input([a], 'eip', ['fd00::101'], { items: [{ node: 'node-a', egressIP: 'FD00::0101' }] }),
    );
    expect(r.items).toEqual([{ node: 'node-a', egressIP: 'fd00::101' }]);
    expect(r.changed).toBe(true);
  });

  it('drops items on nodes that disappeared', () => {
    const items = [{ node: 'gone', egressIP: '192.168.126.101' }];
    const r = allocateEgressIP(input([n1], 'eip', ['192.168.126.101'], { items }));
    expect(r.items).toEqual([{ node: 'node1', egressIP: '192.168.126.101' }]);
  });
});
