// The statuses this controller has written but the source may not show yet. Informers see our
// own patch a little later; until they do, every read goes through this overlay so a second
// reconcile (of this or another EgressIP) never works from a stale status.
import type { ClusterView, EgressIP, EgressIPStatusItem } from '../api/types.js';

const sameItems = (a: readonly EgressIPStatusItem[], b: readonly EgressIPStatusItem[] | undefined) =>
  !!b && a.length === b.length && a.every((x, i) => x.node === b[i]?.node && x.egressIP === b[i]?.egressIP);

export class StatusOverlay {
  readonly #written = new Map<string, EgressIPStatusItem[]>();

  set(name: string, items: readonly EgressIPStatusItem[]): void {
    this.#written.set(name, [...items]);
  }

  delete(name: string): void {
    this.#written.delete(name);
  }

  get size(): number {
    return this.#written.size;
  }

  /** The EgressIP with our last written status; drops the entry once the source agrees. */
  apply(eip: EgressIP): EgressIP {
    const name = eip.metadata.name ?? '';
    const items = this.#written.get(name);
    if (!items) return eip;
    if (sameItems(items, eip.status?.items)) {
      this.#written.delete(name);
      return eip;
    }
    return { ...eip, status: { ...eip.status, items } };
  }

  /** A view whose EgressIPs carry the overlaid statuses. */
  wrap(view: ClusterView): ClusterView {
    return {
      ...view,
      egressIPs: () => view.egressIPs().map((e) => this.apply(e)),
      egressIP: (name) => {
        const e = view.egressIP(name);
        return e && this.apply(e);
      },
      nodes: () => view.nodes(),
      node: (n) => view.node(n),
      namespaces: () => view.namespaces(),
      namespace: (n) => view.namespace(n),
      pods: (ns) => view.pods(ns),
    };
  }
}
