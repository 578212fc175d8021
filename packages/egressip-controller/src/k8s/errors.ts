// Errors of the Kubernetes side, in a module of their own so that the package entry can export
// them (for instanceof checks) without loading @kubernetes/client-node.

/** Writing an EgressIP's status failed; `code` is the HTTP status when the API server answered. */
export class StatusWriteError extends Error {
  override readonly name = 'StatusWriteError';
  constructor(
    readonly egressIP: string,
    readonly code: number | undefined,
    options: { cause: unknown },
  ) {
    super(
      `writing status of EgressIP ${egressIP} failed${code ? ` (HTTP ${code})` : ''}: ${String(options.cause)}`,
      options,
    );
  }
}

/** No usable kubeconfig: the file is missing or unreadable, or it names no cluster. */
export class KubeConfigError extends Error {
  override readonly name = 'KubeConfigError';
}
