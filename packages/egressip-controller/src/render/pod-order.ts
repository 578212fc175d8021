// Pods in render order (sorted by `<ns>/<pod>`), computed once per pods array: a multi-zone
// reconcile renders the same array once per zone, and sorting is the costliest step of a render.
import type { Pod } from '../api/types.js';
import { getOrCreate } from './get-or-create.js';

// Pod objects are immutable snapshots: their key is computed once (a multi-zone reconcile asks
// for it once per zone).
const podKeys = new WeakMap<Pod, string>();
export function podKeyOf(pod: Pod): string {
  let k = podKeys.get(pod);
  if (k === undefined) {
    k = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
    podKeys.set(pod, k);
  }
  return k;
}

const podOrder = new WeakMap<readonly Pod[], readonly Pod[]>();

/** `pods` sorted by key (stable), cached per array. */
export function sortedPods(pods: readonly Pod[]): readonly Pod[] {
  return getOrCreate(podOrder, pods, () => {
    const keyed = pods.map((p) => ({ p, k: podKeyOf(p) }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    return keyed.map((x) => x.p);
  });
}

/** Records that `pods` is already in render order (taken in order from a sorted array). */
export function markSorted(pods: readonly Pod[]): void {
  podOrder.set(pods, pods);
}
