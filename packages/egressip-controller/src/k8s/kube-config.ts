// Where the Kubernetes credentials come from: an explicit kubeconfig path, the in-cluster
// service account (when running as a Pod), or the default kubeconfig ($KUBECONFIG, ~/.kube/config).
import { KubeConfig } from '@kubernetes/client-node';
import { KubeConfigError } from './errors.js';

/** Where {@link loadKubeConfig} takes the credentials from. */
export interface KubeConfigOptions {
  /** Path of a kubeconfig file; wins over everything else. */
  readonly kubeconfigPath?: string;
  /** Force the in-cluster service-account config. */
  readonly inCluster?: boolean;
}

export { KubeConfigError };

/**
 * Loads a kubeconfig: the given file, else the in-cluster service account, else `$KUBECONFIG` /
 * `~/.kube/config`; `KubeConfigError` when none is usable.
 */
export function loadKubeConfig(opts: KubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (opts.kubeconfigPath) kc.loadFromFile(opts.kubeconfigPath);
    else if (opts.inCluster || process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
    else kc.loadFromDefault();
  } catch (err) {
    throw new KubeConfigError(
      `cannot load kubeconfig${opts.kubeconfigPath ? ` ${opts.kubeconfigPath}` : ''}: ${String(err)}`,
      { cause: err },
    );
  }
  if (!kc.getCurrentCluster()) throw new KubeConfigError('kubeconfig has no current cluster');
  return kc;
}
