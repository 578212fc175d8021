// Cluster configuration the NB rows depend on (spec 2.5), with ovn-kubernetes' defaults.
import { type Cidr, parseCidr } from './ip.js';

/** Row formats: A = ovn-kubernetes 6c366bb4 (Dec 2024, single zone); B = newest formats (spec 1.4). */
export type RowProfile = 'A' | 'B';

/** A cluster (pod) network: its CIDR and the per-node subnet size. */
export interface ClusterSubnet {
  /** e.g. `10.128.0.0/14` */
  cidr: string;
  /** e.g. 23 */
  hostPrefix: number;
}

/** The cluster's network settings: cluster subnets, join subnets, row profile. */
export interface ClusterNetworkConfig {
  /** Cluster (pod) networks; their families decide which IP modes are enabled. */
  clusterSubnets: readonly ClusterSubnet[];
  /** Join switch subnets, one per family. */
  joinSubnetV4: string;
  joinSubnetV6: string;
  /** Row format profile; default 'A'. */
  profile: RowProfile;
  /** Profile B only: NAT external_port_range (the ephemeral range). */
  ephemeralPortRange: string;
  /**
   * IP modes, as ovn-kubernetes' `--ipv4-mode`/`--ipv6-mode` (hence `config.IPv4Mode`): which
   * families get feature rows and per-pod rows. Unset: a family is on when a cluster subnet has it.
   */
  ipv4Mode?: boolean;
  ipv6Mode?: boolean;
  /**
   * `--disable-snat-multiple-gws` (spec 4.5): every local pod has its own node-IP SNAT on its
   * node's gateway router, removed while an egress IP on the pod's own node serves it.
   */
  disableSnatMultipleGws?: boolean;
  /**
   * Write the feature-level rows (spec 4.1: the 102 allow policies, node-ips and egress-service
   * sets, the reply QoS, the catch-all route). Default true; false leaves them to someone else
   * (as ovn-kubernetes' NB tests run the pod and EgressIP handlers without the node handler).
   * The served-pods set is kept in every case (the per-pod rows fill it).
   */
  featureRows?: boolean;
}

/**
 * ovn-kubernetes' defaults: cluster network 10.128.0.0/14 (/23 per node), join 100.64.0.0/16 and fd98::/64,
 * profile A.
 */
export const DEFAULT_CLUSTER_CONFIG: ClusterNetworkConfig = Object.freeze({
  clusterSubnets: Object.freeze([Object.freeze({ cidr: '10.128.0.0/14', hostPrefix: 23 })]),
  joinSubnetV4: '100.64.0.0/16',
  joinSubnetV6: 'fd98::/64',
  profile: 'A',
  ephemeralPortRange: '32768-60999',
});

/** A cluster network setting is invalid; the message names it. */
export class InvalidClusterConfigError extends Error {
  override readonly name = 'InvalidClusterConfigError';
}

/** The parsed, validated form used by the renderers. */
export interface ResolvedClusterConfig {
  readonly clusterCidrs: { readonly 4: readonly Cidr[]; readonly 6: readonly Cidr[] };
  readonly hostPrefixes: ReadonlyMap<string, number>;
  readonly join: { readonly 4: Cidr; readonly 6: Cidr };
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly profile: RowProfile;
  readonly ephemeralPortRange: string;
  readonly disableSnatMultipleGws: boolean;
  readonly featureRows: boolean;
}

/** Fills defaults and validates; throws InvalidClusterConfigError naming the bad field. */
export function resolveClusterConfig(input: Partial<ClusterNetworkConfig> = {}): ResolvedClusterConfig {
  const cfg = { ...DEFAULT_CLUSTER_CONFIG, ...input };
  const field = <T>(name: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new InvalidClusterConfigError(`cluster config ${name}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  };
  if (cfg.clusterSubnets.length === 0)
    throw new InvalidClusterConfigError('cluster config clusterSubnets: empty');
  const v4: Cidr[] = [];
  const v6: Cidr[] = [];
  const hostPrefixes = new Map<string, number>();
  cfg.clusterSubnets.forEach((s, i) => {
    const c = field(`clusterSubnets[${i}].cidr`, () => parseCidr(s.cidr, 'cluster subnet'));
    const max = c.family === 4 ? 32 : 128;
    if (!Number.isInteger(s.hostPrefix) || s.hostPrefix < c.prefix || s.hostPrefix > max) {
      throw new InvalidClusterConfigError(
        `cluster config clusterSubnets[${i}].hostPrefix: ${s.hostPrefix} is not within /${c.prefix}../${max}`,
      );
    }
    hostPrefixes.set(c.text, s.hostPrefix);
    (c.family === 4 ? v4 : v6).push(c);
  });
  const join4 = field('joinSubnetV4', () => parseCidr(cfg.joinSubnetV4, 'join subnet'));
  const join6 = field('joinSubnetV6', () => parseCidr(cfg.joinSubnetV6, 'join subnet'));
  if (join4.family !== 4)
    throw new InvalidClusterConfigError(`cluster config joinSubnetV4: ${cfg.joinSubnetV4} is not IPv4`);
  if (join6.family !== 6)
    throw new InvalidClusterConfigError(`cluster config joinSubnetV6: ${cfg.joinSubnetV6} is not IPv6`);
  if (cfg.profile !== 'A' && cfg.profile !== 'B')
    throw new InvalidClusterConfigError(`cluster config profile: ${String(cfg.profile)} is not A or B`);
  if (!/^\d+-\d+$/.test(cfg.ephemeralPortRange)) {
    throw new InvalidClusterConfigError(
      `cluster config ephemeralPortRange: ${cfg.ephemeralPortRange} is not <low>-<high>`,
    );
  }
  return {
    clusterCidrs: { 4: v4, 6: v6 },
    hostPrefixes,
    join: { 4: join4, 6: join6 },
    ipv4: flag('ipv4Mode', cfg.ipv4Mode) ?? v4.length > 0,
    ipv6: flag('ipv6Mode', cfg.ipv6Mode) ?? v6.length > 0,
    profile: cfg.profile,
    ephemeralPortRange: cfg.ephemeralPortRange,
    disableSnatMultipleGws: flag('disableSnatMultipleGws', cfg.disableSnatMultipleGws) ?? false,
    featureRows: flag('featureRows', cfg.featureRows) ?? true,
  };
}

function flag(name: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new InvalidClusterConfigError(`cluster config ${name}: ${String(value)} is not true or false`);
}
