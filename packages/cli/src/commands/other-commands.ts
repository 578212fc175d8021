// Commands wired to the controller package, and shell completion.
import type { CommandSpec } from '../cli/command-spec.js';
import { NotAvailableError, UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import { completionScript } from '../cli/completion.js';

const allCommands = async (): Promise<readonly CommandSpec[]> => (await import('../cli/registry.js')).COMMANDS;

async function controllerExport(name: string): Promise<unknown> {
  // The controller package is built alongside; use its export when it exists, fail clearly if not.
  const mod = (await import('@ovnkit/egressip-controller')) as Record<string, unknown>;
  const fn = mod[name];
  if (typeof fn !== 'function') {
    throw new NotAvailableError(`not available: this build of @ovnkit/egressip-controller does not export ${name}()`);
  }
  return fn;
}

export const controllerCommand: CommandSpec = {
  path: ['controller'],
  summary: 'run the EgressIP controller (from @ovnkit/egressip-controller)',
  usage: 'ovnkit controller [--manifests DIR|--kube]',
  options: {
    manifests: { type: 'string', value: 'DIR', help: 'cluster state from manifests instead of the Kubernetes API' },
    kube: { type: 'boolean', help: 'cluster state from the Kubernetes API' },
  },
  positionals: { min: 0, max: 0 },
  examples: ['ovnkit --db unix:/var/run/ovn/ovnnb_db.sock controller --kube'],
  async run() {
    await controllerExport('createController');
    throw new NotAvailableError('not available: ovnkit controller is not wired to createController() yet');
  },
};

export const topologyInitCommand: CommandSpec = {
  path: ['topology', 'init'],
  summary: 'create the base OVN topology the controller expects (from @ovnkit/egressip-controller)',
  usage: 'ovnkit topology init [--manifests DIR]',
  options: { manifests: { type: 'string', value: 'DIR', help: 'nodes from manifests' } },
  positionals: { min: 0, max: 0 },
  examples: ['ovnkit topology init --manifests examples/simpsons'],
  async run() {
    await controllerExport('topologyInit');
    throw new NotAvailableError('not available: ovnkit topology init is not wired to topologyInit() yet');
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
    if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`unknown shell "${shell}" (use bash or zsh)`, 'completion');
    ctx.io.stdout.write(completionScript(shell, await allCommands()));
    return EXIT.OK;
  },
};
