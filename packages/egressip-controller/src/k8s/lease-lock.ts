// A LeaseLock over a coordination.k8s.io/v1 Lease: read, create (409 = someone was first),
// replace with metadata.resourceVersion (409 = someone wrote since our read).
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { LeaseConflictError, type LeaseLock, type LeaseRecord } from '../ops/leader-election.js';

const code = (err: unknown) =>
  typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;

function toRecord(lease: V1Lease): LeaseRecord {
  const s = lease.spec ?? {};
  const date = (d: unknown) => (d === undefined || d === null ? undefined : new Date(d as string | Date));
  return {
    holderIdentity: s.holderIdentity || undefined,
    leaseDurationSeconds: s.leaseDurationSeconds ?? 15,
    acquireTime: date(s.acquireTime),
    renewTime: date(s.renewTime),
    leaseTransitions: s.leaseTransitions ?? 0,
    ...(lease.metadata?.resourceVersion ? { version: lease.metadata.resourceVersion } : {}),
  };
}

/** A coordination.k8s.io/v1 Lease as the lock of {@link LeaderElector}, through `@kubernetes/client-node`. */
export function createKubeLeaseLock(opts: {
  kubeConfig: KubeConfig;
  namespace: string;
  name: string;
}): LeaseLock {
  const api = opts.kubeConfig.makeApiClient(CoordinationV1Api);
  const { namespace, name } = opts;
  const body = (r: LeaseRecord): V1Lease => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, ...(r.version ? { resourceVersion: r.version } : {}) },
    spec: {
      holderIdentity: r.holderIdentity ?? '',
      leaseDurationSeconds: r.leaseDurationSeconds,
      leaseTransitions: r.leaseTransitions,
      ...(r.acquireTime ? { acquireTime: r.acquireTime } : {}),
      ...(r.renewTime ? { renewTime: r.renewTime } : {}),
    },
  });
  const conflictOr = (err: unknown): never => {
    if (code(err) === 409)
      throw new LeaseConflictError(`lease ${namespace}/${name} changed concurrently`, { cause: err });
    throw err;
  };
  return {
    description: `${namespace}/${name}`,
    async get() {
      try {
        return toRecord(await api.readNamespacedLease({ name, namespace }));
      } catch (err) {
        if (code(err) === 404) return undefined;
        throw err;
      }
    },
    async create(r) {
      return toRecord(await api.createNamespacedLease({ namespace, body: body(r) }).catch(conflictOr));
    },
    async update(r) {
      return toRecord(await api.replaceNamespacedLease({ name, namespace, body: body(r) }).catch(conflictOr));
    },
  };
}
