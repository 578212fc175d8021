// The "namespace/name" key every cluster source indexes its objects by ("/name" for
// cluster-scoped objects), as Kubernetes informers' cache keys do.

/** The "namespace/name" key of an object; the namespace part is empty for cluster-scoped objects. */
export const objectKey = (o: { metadata?: { name?: string; namespace?: string } }): string =>
  `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
