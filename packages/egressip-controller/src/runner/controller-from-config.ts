// One plain configuration object -> a wired controller (source, NB connection, lease lock,
// logger). This is what a command line maps its flags onto; every bad value is reported as a
// ControllerConfigError naming the setting.
import { hostname } from 'node:os';
import type { ClusterSource } from '../api/cluster-source.js';
import { createManifestSource } from '../manifests/manifest-source.js';
import { createLogger, type Logger, type LogLevel } from '../ops/logger.js';
import type { ClusterNetworkConfig } from '../render/config.js';
import { type Controller, createController, type LeaderElectionConfig } from './controller.js';
import { connectNbSide, retryingConnectNbSide } from './nb-side.js';
import { connectZoneNbSides, retryingZoneNbSides } from './zone-nb-sides.js';

/**
 * Everything {@link createControllerFromConfig} wires, as plain values (what the CLI maps its flags onto).
 */
export interface ControllerConfig {
  /** Where cluster state comes from. */
  readonly mode: 'kube' | 'manifests';
  /** kube mode: kubeconfig file (default: in-cluster, then $KUBECONFIG / ~/.kube/config). */
  readonly kubeconfigPath?: string;
  /** manifests mode: the directory to read. */
  readonly manifestsDir?: string;
  /** manifests mode: the status file (default <manifestsDir>/../egressip-status.yaml). */
  readonly statusFile?: string;
  /** manifests mode: re-read on change (default true). */
  readonly watch?: boolean;
  /**
   * NB remote(s); absent = assignment and status only. Watch mode retries an unreachable NB
   * (not ready meanwhile); one-shot runs fail when it cannot be reached.
   */
  readonly nbRemote?: string | readonly string[];
  /**
   * Deployment shape, as ovn-kubernetes splits it: `all` (default) assigns, writes status and
   * the NB; `cluster-manager` assigns and writes status only (no NB; one leader per cluster);
   * `zone` writes one zone's NB rows from the status it reads, never assigning.
   */
  readonly role?: 'all' | 'cluster-manager' | 'zone';
  /** The interconnect zone `nbRemote` serves (usually the node name); absent = single zone. */
  readonly zone?: string;
  /** Several zones from one process (role `all` or `zone`): each zone's NB remote. */
  readonly zoneDbs?: ReadonlyArray<{ readonly zone: string; readonly remote: string | readonly string[] }>;
  readonly clusterNetwork?: Partial<ClusterNetworkConfig>;
  /** kube mode only. */
  readonly leaderElection?: {
    readonly namespace: string;
    readonly lease: string;
    readonly identity?: string;
  };
  /** /healthz and /readyz (and /metrics unless metricsPort is set) on this port; absent = none. */
  readonly healthPort?: number;
  /** Default 127.0.0.1; '' = every interface. */
  readonly healthHost?: string;
  /** /metrics on its own listener on this port. */
  readonly metricsPort?: number;
  /** Default 127.0.0.1; '' = every interface. */
  readonly metricsHost?: string;
  /** Seconds; default 1 in kube mode, 0 (off) in manifests mode. */
  readonly reachabilityTotalTimeoutSeconds?: number;
  readonly concurrency?: number;
  /**
   * Deadline for the cluster source and the NB to be ready. Default: 10 s when `watch` is false
   * (one-shot runs fail instead of waiting), none otherwise (a failed start is retried, not ready).
   */
  readonly startTimeoutMs?: number;
  readonly logLevel?: LogLevel;
  readonly logger?: Logger;
}

const ONE_SHOT_START_TIMEOUT_MS = 10_000;

/** A controller setting is invalid; the message names the setting. */
export class ControllerConfigError extends Error {
  override readonly name = 'ControllerConfigError';
  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`${setting}: ${detail}`);
  }
}

/** Throws ControllerConfigError for the first bad setting (createControllerFromConfig runs it). */
export function validateControllerConfig(cfg: ControllerConfig): void {
  if (cfg.mode !== 'kube' && cfg.mode !== 'manifests')
    throw new ControllerConfigError('mode', `must be "kube" or "manifests", got ${JSON.stringify(cfg.mode)}`);
  if (cfg.mode === 'manifests' && !cfg.manifestsDir)
    throw new ControllerConfigError('manifestsDir', 'required in manifests mode');
  if (cfg.mode === 'manifests' && cfg.leaderElection)
    throw new ControllerConfigError('leaderElection', 'needs the Kubernetes API (kube mode)');
  const t = cfg.reachabilityTotalTimeoutSeconds;
  if (t !== undefined && (!Number.isInteger(t) || t < 0 || t > 60))
    throw new ControllerConfigError('reachabilityTotalTimeoutSeconds', `must be an integer 0..60, got ${t}`);
  for (const setting of ['healthPort', 'metricsPort'] as const) {
    const p = cfg[setting];
    if (p !== undefined && (!Number.isInteger(p) || p < 0 || p > 65535))
      throw new ControllerConfigError(setting, `must be a port 0..65535, got ${p}`);
  }
  validateZoneSettings(cfg);
  const c = cfg.concurrency;
  if (c !== undefined && (!Number.isInteger(c) || c < 1))
    throw new ControllerConfigError('concurrency', `must be a positive integer, got ${c}`);
}

function validateZoneSettings(cfg: ControllerConfig): void {
  const role = cfg.role ?? 'all';
  if (role !== 'all' && role !== 'cluster-manager' && role !== 'zone')
    throw new ControllerConfigError(
      'role',
      `must be "all", "cluster-manager" or "zone", got ${JSON.stringify(role)}`,
    );
  const zones = cfg.zoneDbs ?? [];
  if (zones.length > 0 && (cfg.nbRemote !== undefined || cfg.zone !== undefined))
    throw new ControllerConfigError('zoneDbs', 'give either zoneDbs or nbRemote (with zone), not both');
  const names = new Set<string>();
  for (const z of zones) {
    if (!z.zone) throw new ControllerConfigError('zoneDbs', 'a zone name is empty');
    if (names.has(z.zone)) throw new ControllerConfigError('zoneDbs', `zone ${z.zone} given twice`);
    names.add(z.zone);
  }
  if (cfg.zone === '') throw new ControllerConfigError('zone', 'is empty');
  if (
    role === 'cluster-manager' &&
    (cfg.nbRemote !== undefined || zones.length > 0 || cfg.zone !== undefined)
  )
    throw new ControllerConfigError('role', 'cluster-manager writes no NB: drop the NB remote and zones');
  if (role === 'zone') {
    if (zones.length === 0 && (cfg.zone === undefined || cfg.nbRemote === undefined))
      throw new ControllerConfigError('role', 'zone needs a zone and its NB remote (or zoneDbs)');
    if (cfg.leaderElection)
      throw new ControllerConfigError('leaderElection', 'zone controllers run one per node, unelected');
  }
}

/** Where manifest mode keeps EgressIP status unless told: beside the directory, not inside it. */
export function defaultStatusFile(manifestsDir: string): string {
  return `${manifestsDir.replace(/\/+$/, '')}-egressip-status.yaml`;
}

/**
 * Builds (does not start) a controller. With `watch: false` it connects to the NB first and
 * rejects when the NB cannot be reached; in watch mode it returns at once and the NB side keeps
 * retrying (not ready meanwhile, /readyz naming the remote or zone).
 */
export async function createControllerFromConfig(cfg: ControllerConfig): Promise<Controller> {
  validateControllerConfig(cfg);
  const logger = cfg.logger ?? createLogger({ level: cfg.logLevel ?? 'info' });
  let source: ClusterSource;
  let leaderElection: LeaderElectionConfig | undefined;
  if (cfg.mode === 'kube') {
    // Loaded here only: the manifests mode and library users never load @kubernetes/client-node.
    const { createKubeLeaseLock, createKubeSource, loadKubeConfig } = await import('../kube.js');
    const kubeConfig = loadKubeConfig(cfg.kubeconfigPath ? { kubeconfigPath: cfg.kubeconfigPath } : {});
    source = createKubeSource({ kubeConfig, logger });
    if (cfg.leaderElection) {
      const le = cfg.leaderElection;
      leaderElection = {
        lock: createKubeLeaseLock({ kubeConfig, namespace: le.namespace, name: le.lease }),
        identity: le.identity ?? `${hostname()}-${process.pid}`,
      };
    }
  } else {
    const dir = cfg.manifestsDir ?? '';
    source = createManifestSource({
      dir,
      statusFile: cfg.statusFile ?? defaultStatusFile(dir),
      watch: cfg.watch ?? true,
      logger,
    });
  }
  const zoneRole = cfg.role === 'zone';
  // Zone controllers never assign, so they never probe nodes either.
  const timeout = zoneRole ? 0 : (cfg.reachabilityTotalTimeoutSeconds ?? (cfg.mode === 'kube' ? 1 : 0));
  const config = cfg.clusterNetwork ? { config: cfg.clusterNetwork } : {};
  const zone = cfg.zone !== undefined ? { zone: cfg.zone } : {};
  // One-shot runs fail fast on an unreachable NB; watch mode stays up, not ready, and retries.
  const once = cfg.watch === false;
  const nb =
    cfg.zoneDbs && cfg.zoneDbs.length > 0
      ? once
        ? await connectZoneNbSides({ zones: cfg.zoneDbs, logger, ...config })
        : retryingZoneNbSides({ zones: cfg.zoneDbs, logger, ...config })
      : cfg.nbRemote
        ? once
          ? await connectNbSide({ remote: cfg.nbRemote, logger, ...config, ...zone })
          : retryingConnectNbSide({ remote: cfg.nbRemote, logger, ...config, ...zone })
        : undefined;
  return createController({
    source,
    ...(nb ? { nb } : {}),
    ...(zoneRole ? { assign: false } : {}),
    logger,
    reachability: timeout > 0 ? { totalTimeoutSeconds: timeout } : false,
    ...(leaderElection ? { leaderElection } : {}),
    ...(cfg.healthPort !== undefined ? { healthPort: cfg.healthPort } : {}),
    ...(cfg.healthHost !== undefined ? { healthHost: cfg.healthHost } : {}),
    ...(cfg.metricsPort !== undefined ? { metricsPort: cfg.metricsPort } : {}),
    ...(cfg.metricsHost !== undefined ? { metricsHost: cfg.metricsHost } : {}),
    ...(cfg.concurrency ? { concurrency: cfg.concurrency } : {}),
    ...(cfg.watch === false
      ? { startTimeoutMs: cfg.startTimeoutMs ?? ONE_SHOT_START_TIMEOUT_MS }
      : {
          retryStart: true,
          ...(cfg.startTimeoutMs !== undefined ? { startTimeoutMs: cfg.startTimeoutMs } : {}),
        }),
  });
}
