// Maps a source change to the work-queue keys it affects:
// - `eip/<name>`: one EgressIP: its assignment, its status, then the NB rows of that object
//   (the pods and namespaces it selects or its rows serve);
// - `nb`: one cluster-wide NB reconcile (node changes reach every object's rows).
// Irrelevant updates (node heartbeats, pod status churn, pods no EgressIP selects) map to nothing.

import { isNodeReady } from '../allocation/node-egress-info.js';
import type { ClusterChange } from '../api/cluster-source.js';
import { compileSelector, type LabelMatcher } from '../api/label-selector.js';
import type { ClusterView, EgressIP, Namespace, Node, Pod } from '../api/types.js';
import { podIps } from '../render/pod-ips.js';

export const NB_KEY = 'nb';
export const egressIPKey = (name: string) => `eip/${name}`;
export const egressIPNameOfKey = (key: string) => (key.startsWith('eip/') ? key.slice(4) : undefined);

/** The node facts assignment and NB rows depend on; heartbeats leave it unchanged. */
function nodeFingerprint(n: Node | undefined): string {
  if (!n) return '';
  const pick = (o: Record<string, string> | undefined) =>
    Object.entries(o ?? {})
      .filter(([k]) => k.startsWith('k8s.ovn.org/'))
      .sort();
  return JSON.stringify([pick(n.metadata?.labels), pick(n.metadata?.annotations), isNodeReady(n)]);
}

function podFingerprint(p: Pod | undefined): string {
  if (!p) return '';
  return JSON.stringify([
    p.metadata?.labels ?? {},
    p.spec?.nodeName,
    p.spec?.hostNetwork,
    p.status?.phase,
    podIps(p),
  ]);
}

const safeMatcher = (sel: EgressIP['spec']['podSelector'] | undefined, what: string): LabelMatcher => {
  try {
    return compileSelector(sel, what);
  } catch {
    // An invalid selector selects nothing here; the NB reconcile reports it.
    return () => false;
  }
};

/** Whether `eip` selects the pod (given its namespace). */
function selects(eip: EgressIP, ns: Namespace | undefined, pod: Pod | undefined): boolean {
  if (!ns) return false;
  const nsMatch = safeMatcher(eip.spec?.namespaceSelector, 'namespaceSelector')(ns.metadata?.labels);
  if (!nsMatch) return false;
  if (!pod) return true;
  return safeMatcher(eip.spec?.podSelector, 'podSelector')(pod.metadata?.labels);
}

function eipNeedsAttention(e: EgressIP, node: string): boolean {
  const items = e.status?.items ?? [];
  return items.some((i) => i.node === node) || items.length !== (e.spec?.egressIPs?.length ?? 0);
}

export function keysForChange(change: ClusterChange, view: ClusterView): string[] {
  switch (change.kind) {
    case 'EgressIP': {
      const o = change.object;
      const old = change.old;
      const keys = [egressIPKey(o.metadata.name ?? '')];
      // A deleted object frees its IPs and node slots: objects still missing IPs may now get them.
      if (change.type === 'delete') {
        for (const e of view.egressIPs())
          if ((e.status?.items?.length ?? 0) < (e.spec?.egressIPs?.length ?? 0))
            keys.push(egressIPKey(e.metadata.name ?? ''));
      }
      if (
        change.type === 'update' &&
        JSON.stringify(old?.spec) === JSON.stringify(o.spec) &&
        JSON.stringify(old?.status) === JSON.stringify(o.status)
      ) {
        return [];
      }
      return keys;
    }
    case 'Node': {
      if (change.type === 'update' && nodeFingerprint(change.old) === nodeFingerprint(change.object))
        return [];
      const name = change.object.metadata?.name ?? '';
      const hostCidrsChanged =
        change.type !== 'update' ||
        change.old?.metadata?.annotations?.['k8s.ovn.org/host-cidrs'] !==
          change.object.metadata?.annotations?.['k8s.ovn.org/host-cidrs'];
      const eips = view.egressIPs().filter((e) => hostCidrsChanged || eipNeedsAttention(e, name));
      return [...eips.map((e) => egressIPKey(e.metadata.name ?? '')), NB_KEY];
    }
    case 'Namespace': {
      const before = change.old ?? (change.type === 'delete' ? change.object : undefined);
      const after = change.type === 'delete' ? undefined : change.object;
      if (
        change.type === 'update' &&
        JSON.stringify(before?.metadata?.labels) === JSON.stringify(after?.metadata?.labels)
      )
        return [];
      return view
        .egressIPs()
        .filter((e) => selects(e, before, undefined) || selects(e, after, undefined))
        .map((e) => egressIPKey(e.metadata.name ?? ''));
    }
    case 'Pod': {
      if (change.type === 'update' && podFingerprint(change.old) === podFingerprint(change.object)) return [];
      const ns = view.namespace(change.object.metadata?.namespace ?? '');
      const pods = [change.old, change.object].filter((p): p is Pod => !!p);
      return view
        .egressIPs()
        .filter((e) => pods.some((p) => selects(e, ns, p)))
        .map((e) => egressIPKey(e.metadata.name ?? ''));
    }
  }
}
