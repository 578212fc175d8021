// Commands wired to @ovnkit/egressip-controller (topology init, and the network flags the controller
// shares), and shell completion.

import { loadFromKubernetes, loadManifests } from '../cli/cluster-source.js';
import type { CommandContext, CommandSpec } from '../cli/command-spec.js';
import { completionScript } from '../cli/completion.js';
import { InputDataError, UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import { openNb } from '../cli/nb-reader.js';
import { writeJson } from '../cli/output.js';

const allCommands = async (): Promise<readonly CommandSpec[]> =>
  (await import('../cli/registry.js')).COMMANDS;

/** `--cluster-subnet CIDR[/HOSTPREFIX]...`, `--join-subnet CIDR` → the controller's network config. */
export function clusterNetwork(ctx: CommandContext): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const subnets = ctx.options['cluster-subnet'];
  if (Array.isArray(subnets) && subnets.length) {
    out.clusterSubnets = subnets.map((s) => {
      const m = /^(.+\/\d+)(?:\/(\d+))?$/.exec(s);
      if (!m)
        throw new UsageError(
          `--cluster-subnet: "${s}" is not CIDR or CIDR/HOSTPREFIX (e.g. 10.128.0.0/14/23)`,
          ctx.positionals.length ? undefined : 'controller',
        );
      return m[2] ? { cidr: m[1], hostPrefix: Number(m[2]) } : { cidr: m[1] };
    });
  }
  const join = ctx.options['join-subnet'];
  if (typeof join === 'string') out[join.includes(':') ? 'joinSubnetV6' : 'joinSubnetV4'] = join;
  if (ctx.options['profile-b'] === true) out.profile = 'B';
  return Object.keys(out).length ? out : undefined;
}

export const networkOptions = {
  'cluster-subnet': {
    type: 'string',
    multiple: true,
    value: 'CIDR[/HOSTPREFIX]',
    help: 'cluster (pod) network; repeat for several (default 10.128.0.0/14/23)',
  },
  'join-subnet': {
    type: 'string',
    value: 'CIDR',
    help: 'join switch subnet (default 100.64.0.0/16, fd98::/64)',
  },
  'profile-b': { type: 'boolean', help: 'write NB rows in the newer ovn-kubernetes format (profile B)' },
} as const;

export const topologyInitCommand: CommandSpec = {
  path: ['topology', 'init'],
  summary: 'create the base OVN topology (switches, routers, join, gateways) for the nodes',
  usage:
    'ovnkit [--db DB] topology init (--manifests DIR | --kube [--kubeconfig FILE]) [--cluster-subnet CIDR/HP] [--join-subnet CIDR]',
  description:
    'Additive and idempotent (@ovnkit/egressip-controller topologyInit): a second run writes nothing.',
  options: {
    manifests: { type: 'string', value: 'DIR', help: 'Node objects from manifests' },
    kube: { type: 'boolean', help: 'Node objects from the Kubernetes API' },
    kubeconfig: { type: 'string', value: 'FILE', help: 'kubeconfig for --kube' },
    ...networkOptions,
  },
  positionals: { min: 0, max: 0 },
  examples: [
    'ovnkit --db tcp:127.0.0.1:6641 topology init --manifests examples/simpsons',
    'ovnkit topology init --kube --format json',
  ],
  async run(ctx) {
    const o = ctx.options;
    const kube = o.kube === true || typeof o.kubeconfig === 'string';
    if (kube === (typeof o.manifests === 'string'))
      throw new UsageError('give exactly one of --manifests DIR or --kube', 'topology init');
    const cluster = kube
      ? await loadFromKubernetes({
          withPods: false,
          withNodes: true,
          ...(typeof o.kubeconfig === 'string' ? { kubeconfig: o.kubeconfig } : {}),
        })
      : await loadManifests(o.manifests as string);
    if (cluster.nodes.length === 0)
      throw new InputDataError('no Node objects found: topology init needs the nodes (kind: Node)');
    const network = clusterNetwork(ctx);
    const mod = await import('@ovnkit/egressip-controller');
    const client = await openNb(ctx.db);
    try {
      const res = await mod.topologyInit({
        nb: mod.nbTransactorFromClient(client),
        nodes: cluster.nodes as Parameters<typeof mod.topologyInit>[0]['nodes'],
        ...(network ? { config: network } : {}),
      });
      if (ctx.format === 'json')
        writeJson(ctx.io, {
          transactions: res.transactions,
          operations: res.operations,
          topology: res.topology,
        });
      else
        ctx.io.stdout.write(
          res.operations
            ? `topology: ${res.operations} operations in ${res.transactions} transaction\n`
            : 'topology: already complete, nothing written\n',
        );
      return EXIT.OK;
    } finally {
      await client.close();
    }
  },
};

export const completionCommand: CommandSpec = {
  path: ['completion'],
  summary: 'print a shell completion script (bash or zsh)',
  usage: 'ovnkit completion bash|zsh',
  description: 'bash: source <(ovnkit completion bash)\nzsh:  source <(ovnkit completion zsh)',
  options: {},
  positionals: { min: 1, max: 1 },
  examples: ['ovnkit completion bash > /etc/bash_completion.d/ovnkit', 'source <(ovnkit completion zsh)'],
  async run(ctx) {
    const shell = ctx.positionals[0];
    if (shell !== 'bash' && shell !== 'zsh')
      throw new UsageError(`unknown shell "${shell}" (use bash or zsh)`, 'completion');
    ctx.io.stdout.write(completionScript(shell, await allCommands()));
    return EXIT.OK;
  },
};
