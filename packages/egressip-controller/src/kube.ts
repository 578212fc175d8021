// @ovnkit/egressip-controller/kube: the Kubernetes side (informer-backed source, kubeconfig
// loading, Lease lock). A subpath of its own because it loads @kubernetes/client-node, which the
// package entry never does: createControllerFromConfig imports this module only in kube mode.
export { createKubeSource, KubeClusterSource, type KubeSourceOptions } from './k8s/kube-cluster-source.js';
export { type KubeConfigOptions, loadKubeConfig } from './k8s/kube-config.js';
export { createKubeLeaseLock } from './k8s/lease-lock.js';
