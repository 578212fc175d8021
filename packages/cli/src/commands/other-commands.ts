// The network flags the controller and topology init (topology-command.ts) share, and shell
// completion.

import type { CommandContext, CommandSpec } from '../cli/command-spec.js';
import { completionScript } from '../cli/completion.js';
import { UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';

const allCommands = async (): Promise<readonly CommandSpec[]> =>
  (await import('../cli/registry.js')).COMMANDS;

/** `--cluster-subnet CIDR[/HOSTPREFIX]...`, `--join-subnet CIDR` → the controller's network config. */
export function clusterNetwork(ctx: CommandContext): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const subnets = ctx.options['cluster-subnet'];
  if (Array.isArray(subnets) && subnets.length) {
    const command = ctx.positionals.length ? undefined : 'controller';
    out.clusterSubnets = subnets.map((s) => {
      const m = /^([^/]+)\/(\d+)(?:\/(\d+))?$/.exec(s);
      if (!m)
        throw new UsageError(
          `--cluster-subnet: "${s}" is not CIDR or CIDR/HOSTPREFIX (e.g. 10.128.0.0/14/23)`,
          command,
        );
      const v6 = m[1]!.includes(':');
      const prefix = Number(m[2]);
      const max = v6 ? 128 : 32;
      // Without a host prefix, ovn-kubernetes gives each node a /24 (IPv4) or /64 (IPv6).
      const hostPrefix = m[3] === undefined ? (v6 ? 64 : 24) : Number(m[3]);
      if (hostPrefix <= prefix || hostPrefix > max)
        throw new UsageError(
          `--cluster-subnet: "${s}": host prefix ${hostPrefix} must be longer than /${prefix} and at most /${max}`,
          command,
        );
      return { cidr: `${m[1]}/${m[2]}`, hostPrefix };
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
