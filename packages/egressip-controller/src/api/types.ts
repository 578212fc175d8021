// The Kubernetes objects the controller reads and writes, as plain data. Both cluster-state
// sources (the Kubernetes API through @kubernetes/client-node, and a directory of manifests)
// produce exactly these shapes, so everything behind the sources is source-agnostic.
// Pods, Nodes and Namespaces use @kubernetes/client-node's own types.
import type { V1LabelSelector, V1Namespace, V1Node, V1ObjectMeta, V1Pod } from '@kubernetes/client-node';

/** API group of the EgressIP custom resource. */
export const EGRESSIP_GROUP = 'k8s.ovn.org';
/** API version of the EgressIP custom resource. */
export const EGRESSIP_VERSION = 'v1';
/** Plural resource name of the EgressIP custom resource. */
export const EGRESSIP_PLURAL = 'egressips';
/** Kind of the EgressIP custom resource. */
export const EGRESSIP_KIND = 'EgressIP';
/**
 * Annotation this controller (not ovn-kubernetes) keeps on an EgressIP while some of its IPs cannot
 * be assigned: the reasons, worded as the Warning events. Upstream's CRD has no status conditions,
 * and a health check (Argo CD) reads only the object, not its events.
 */
export const UNASSIGNED_ANNOTATION = 'ovnkit.io/unassigned-egress-ips';

/** Annotation holding an EgressIP's packet mark (spec 3.8), written by the cluster manager. */
export const EGRESSIP_MARK_ANNOTATION = 'k8s.ovn.org/egressip-mark';

/** One entry of `status.items`: which node hosts which egress IP. */
export interface EgressIPStatusItem {
  node: string;
  egressIP: string;
}

/** `spec` of an EgressIP: the egress IPs and which namespaces (and pods) use them. */
export interface EgressIPSpec {
  egressIPs: string[];
  namespaceSelector: V1LabelSelector;
  podSelector?: V1LabelSelector;
}

/** `k8s.ovn.org/v1` EgressIP (cluster-scoped). */
export interface EgressIP {
  apiVersion: 'k8s.ovn.org/v1';
  kind: 'EgressIP';
  metadata: V1ObjectMeta;
  spec: EgressIPSpec;
  status?: { items?: EgressIPStatusItem[] };
}

/** A Kubernetes Node, as `@kubernetes/client-node` types it. */
export type Node = V1Node;
/** A Kubernetes Pod, as `@kubernetes/client-node` types it. */
export type Pod = V1Pod;
/** A Kubernetes Namespace, as `@kubernetes/client-node` types it. */
export type Namespace = V1Namespace;

/**
 * A consistent read-only view of the cluster objects, as the reconcile sees them.
 * Implemented by the informer caches (Kubernetes source) and by the manifest source.
 */
export interface ClusterView {
  egressIPs(): readonly EgressIP[];
  egressIP(name: string): EgressIP | undefined;
  nodes(): readonly Node[];
  node(name: string): Node | undefined;
  namespaces(): readonly Namespace[];
  namespace(name: string): Namespace | undefined;
  pods(namespace?: string): readonly Pod[];
}
