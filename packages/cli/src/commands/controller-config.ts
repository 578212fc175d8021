// `ovnkit controller` flags -> the library's ControllerConfig. Pure: the command runs it before
// starting anything, and the deploy/ manifest test runs it on every container's arguments.
import type { ControllerConfig } from '@ovnkit/egressip-controller';
import { type BindAddress, parseBindAddress } from '../cli/bind-address.js';
import type { CommandContext, OptionSpec } from '../cli/command-spec.js';
import { UsageError } from '../cli/errors.js';
import { zoneOptions, zoneSettings } from './controller-zone-options.js';
import { clusterNetwork, networkOptions } from './other-commands.js';

/** Where a pod serves /metrics and /healthz+/readyz unless told otherwise (kube mode). */
export const DEFAULT_METRICS_BIND_ADDRESS = ':9108';
export const DEFAULT_HEALTH_BIND_ADDRESS = ':9109';

export const controllerOptions = {
  kube: { type: 'boolean', help: 'cluster state from the Kubernetes API' },
  kubeconfig: {
    type: 'string',
    value: 'FILE',
    help: 'kubeconfig (default: in-cluster, then $KUBECONFIG, ~/.kube/config)',
  },
  manifests: {
    type: 'string',
    value: 'DIR',
    help: 'cluster state from manifests (status written to --status-file)',
  },
  'status-file': {
    type: 'string',
    value: 'FILE',
    help: 'manifests mode: where EgressIP status is written',
  },
  once: { type: 'boolean', help: 'reconcile once, print a summary, exit' },
  'no-nb': { type: 'boolean', help: 'assignment and status only; do not write the NB' },
  'leader-elect': {
    type: 'string',
    value: 'NAMESPACE/LEASE',
    help: 'kube mode: run with leader election on this Lease',
  },
  'metrics-bind-address': {
    type: 'string',
    value: 'HOST:PORT',
    help: `serve /metrics here; "0" = off (default ${DEFAULT_METRICS_BIND_ADDRESS} with --kube, off with --manifests)`,
  },
  'health-bind-address': {
    type: 'string',
    value: 'HOST:PORT',
    help: `serve /healthz and /readyz here; "0" = off (default ${DEFAULT_HEALTH_BIND_ADDRESS} with --kube, off with --manifests)`,
  },
  'log-level': { type: 'string', value: 'LEVEL', help: 'error, warn, info (default), debug' },
  ...networkOptions,
  ...zoneOptions,
} as const satisfies Record<string, OptionSpec>;

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/** The listen address a flag names, its default in a pod, or none. */
function bindAddress(ctx: CommandContext, flag: string, podDefault: string, kube: boolean) {
  const given = ctx.options[flag];
  if (typeof given === 'string') return parseBindAddress(`--${flag}`, given, 'controller');
  return kube && ctx.options.once !== true ? parseBindAddress(`--${flag}`, podDefault) : undefined;
}

const listen = (key: 'health' | 'metrics', a: BindAddress | undefined) =>
  a ? { [`${key}Port`]: a.port, [`${key}Host`]: a.host } : {};

/** Maps the controller's flags onto a ControllerConfig; a bad flag is a UsageError naming it. */
export function controllerConfig(ctx: CommandContext): ControllerConfig {
  const o = ctx.options;
  const kube = o.kube === true || typeof o.kubeconfig === 'string';
  if (kube === (typeof o.manifests === 'string'))
    throw new UsageError('give exactly one of --kube or --manifests DIR', 'controller');
  const le = typeof o['leader-elect'] === 'string' ? /^([^/]+)\/([^/]+)$/.exec(o['leader-elect']) : null;
  if (typeof o['leader-elect'] === 'string' && !le)
    throw new UsageError('--leader-elect: expected NAMESPACE/LEASE', 'controller');
  if (le && !kube) throw new UsageError('--leader-elect needs --kube', 'controller');
  const level = o['log-level'];
  if (typeof level === 'string' && !(LOG_LEVELS as readonly string[]).includes(level))
    throw new UsageError(`--log-level: "${level}" is not one of ${LOG_LEVELS.join(', ')}`, 'controller');
  const health = bindAddress(ctx, 'health-bind-address', DEFAULT_HEALTH_BIND_ADDRESS, kube);
  const metrics = bindAddress(ctx, 'metrics-bind-address', DEFAULT_METRICS_BIND_ADDRESS, kube);
  // One listener when both name the same address (port 0 always means two ephemeral ones).
  const shared = health && metrics && health.port !== 0 && health.port === metrics.port;
  if (shared && health.host !== metrics.host)
    throw new UsageError(
      '--health-bind-address and --metrics-bind-address: same port on different hosts',
      'controller',
    );
  const zones = zoneSettings(ctx);
  const baseNetwork = clusterNetwork(ctx);
  const network =
    baseNetwork || Object.keys(zones.network).length > 0 ? { ...baseNetwork, ...zones.network } : undefined;
  return {
    mode: kube ? 'kube' : 'manifests',
    ...(typeof o.kubeconfig === 'string' ? { kubeconfigPath: o.kubeconfig } : {}),
    ...(typeof o.manifests === 'string' ? { manifestsDir: o.manifests } : {}),
    ...(typeof o['status-file'] === 'string' ? { statusFile: o['status-file'] } : {}),
    ...(o['no-nb'] === true || !zones.usesDb ? {} : { nbRemote: ctx.db.db }),
    ...zones.config,
    ...(network ? { clusterNetwork: network } : {}),
    ...(le ? { leaderElection: { namespace: le[1]!, lease: le[2]! } } : {}),
    ...listen('health', health),
    ...(shared ? {} : listen('metrics', metrics)),
    ...(typeof level === 'string' ? { logLevel: level as (typeof LOG_LEVELS)[number] } : {}),
    ...(o.once === true ? { watch: false } : {}),
  };
}
