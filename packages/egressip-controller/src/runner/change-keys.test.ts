import { describe, expect, it } from '@jest/globals';
import { makeEgressIP, makeNamespace, makeNode, makePod } from '../../test/fake-apiserver/objects.js';
import type { ClusterView, EgressIP, Namespace, Node } from '../api/types.js';
import { keysForChange, NB_KEY } from './change-keys.js';

const eips: EgressIP[] = [
  makeEgressIP('blue', ['10.0.0.100'], {
    namespaceLabels: { team: 'blue' },
    items: [{ node: 'n1', egressIP: '10.0.0.100' }],
  }),
  makeEgressIP('red', ['10.0.0.101', '10.0.0.102'], {
    namespaceLabels: { team: 'red' },
    podLabels: { app: 'web' },
    items: [{ node: 'n2', egressIP: '10.0.0.101' }],
  }),
];
const namespaces: Namespace[] = [
  makeNamespace('ns-blue', { team: 'blue' }),
  makeNamespace('ns-red', { team: 'red' }),
  makeNamespace('ns-none'),
];
const view = {
  egressIPs: () => eips,
  namespace: (n: string) => namespaces.find((x) => x.metadata?.name === n),
} as unknown as ClusterView;

describe('keysForChange', () => {
  it('ignores node heartbeats and maps egress-relevant node changes to the affected EgressIPs and nb', () => {
    const n1 = makeNode({ name: 'n1', v4: '10.0.0.1/24' });
    const beat: Node = {
      ...n1,
      status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: new Date() }] },
    };
    expect(keysForChange({ kind: 'Node', type: 'update', object: beat, old: n1 }, view)).toEqual([]);
    const unlabelled = makeNode({ name: 'n1', v4: '10.0.0.1/24', labelled: false });
    // blue has an item on n1; red is missing an IP, so either may change.
    expect(keysForChange({ kind: 'Node', type: 'update', object: unlabelled, old: n1 }, view)).toEqual([
      'eip/blue',
      'eip/red',
      NB_KEY,
    ]);
    const n3old = makeNode({ name: 'n3', v4: '10.0.0.3/24', ready: false });
    const n3 = makeNode({ name: 'n3', v4: '10.0.0.3/24' });
    expect(keysForChange({ kind: 'Node', type: 'update', object: n3, old: n3old }, view)).toEqual([
      'eip/red',
      NB_KEY,
    ]);
  });

  it('maps pod changes to the EgressIPs selecting the pod before or after', () => {
    const web = makePod('ns-red', 'w', { labels: { app: 'web' }, ip: '10.128.0.5' });
    const db = makePod('ns-red', 'd', { labels: { app: 'db' }, ip: '10.128.0.6' });
    expect(keysForChange({ kind: 'Pod', type: 'add', object: web }, view)).toEqual(['eip/red']);
    expect(keysForChange({ kind: 'Pod', type: 'add', object: db }, view)).toEqual([]);
    expect(keysForChange({ kind: 'Pod', type: 'update', object: db, old: web }, view)).toEqual(['eip/red']);
    expect(
      keysForChange(
        { kind: 'Pod', type: 'add', object: makePod('ns-none', 'x', { ip: '10.128.0.7' }) },
        view,
      ),
    ).toEqual([]);
    // Status churn that changes nothing the NB uses.
    const sameAgain = { ...web, status: { ...web.status, conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(keysForChange({ kind: 'Pod', type: 'update', object: sameAgain, old: web }, view)).toEqual([]);
  });

  it('maps namespace label changes to EgressIPs matching the old or new labels', () => {
    const before = makeNamespace('ns-x', { team: 'blue' });
    const after = makeNamespace('ns-x', { team: 'red' });
    expect(keysForChange({ kind: 'Namespace', type: 'update', object: after, old: before }, view)).toEqual([
      'eip/blue',
      'eip/red',
    ]);
    expect(keysForChange({ kind: 'Namespace', type: 'update', object: after, old: after }, view)).toEqual([]);
    expect(keysForChange({ kind: 'Namespace', type: 'delete', object: before }, view)).toEqual(['eip/blue']);
  });

  it('maps EgressIP changes to their key, a delete also to objects still missing IPs', () => {
    const blue = eips[0] as EgressIP;
    expect(keysForChange({ kind: 'EgressIP', type: 'update', object: blue, old: blue }, view)).toEqual([]);
    expect(keysForChange({ kind: 'EgressIP', type: 'add', object: blue }, view)).toEqual(['eip/blue']);
    expect(keysForChange({ kind: 'EgressIP', type: 'delete', object: blue }, view)).toEqual([
      'eip/blue',
      'eip/red',
    ]);
  });
});
