// Where the Kubernetes credentials come from: an explicit kubeconfig path, the in-cluster
// service account (when running as a Pod), or the default kubeconfig ($KUBECONFIG, ~/.kube/config).
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeConfigOptions {
  /** Path of a kubeconfig file; wins over everything else. */
  readonly kubeconfigPath?: string;
  /** Force the in-cluster service-account config. */
  readonly inCluster?: boolean;
}

export class KubeConfigError extends Error {
  override readonly name = 'KubeConfigError';
}

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
