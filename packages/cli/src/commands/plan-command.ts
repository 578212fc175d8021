// `ovnkit plan`: what applying a GitOps change would do, computed by the controller's own
// assignment and reconcile code and written nowhere (exit codes as terraform plan
// -detailed-exitcode: 0 nothing to do, 2 changes, 1 error).
import type { CommandSpec } from '../cli/command-spec.js';
import { InputDataError, UsageError } from '../cli/errors.js';
import { EXIT } from '../cli/exit-codes.js';
import { openNb } from '../cli/nb-reader.js';
import { writeJson } from '../cli/output.js';
import { planReport, planText } from '../render/plan-diff.js';
import { clusterNetwork, networkOptions } from './other-commands.js';

/** Exit code of `plan` when something would change (0 and 1 keep their usual meaning). */
export const PLAN_HAS_CHANGES = 2;

export const planCommand: CommandSpec = {
  path: ['plan'],
  summary: 'show what the controller would change for these manifests, without writing anything',
  usage: 'ovnkit [--db DB] plan --manifests DIR [--status-file FILE] [--format json]',
  description:
    "Runs the controller's assignment and NB reconcile on the manifests against the NB and prints, per\n" +
    'EgressIP, the assignment and the NB rows it would add (+), change (~) and delete (-). Reads only:\n' +
    'the NB gets select operations, the status file is read, not written. The current assignment is the\n' +
    "status file's (default: DIR-egressip-status.yaml, as the controller keeps it), else the manifests'.\n" +
    'Exit codes (as terraform plan -detailed-exitcode): 0 nothing would change, 2 something would, 1 error.',
  options: {
    manifests: { type: 'string', value: 'DIR', help: 'the cluster state to plan for (a GitOps checkout)' },
    'status-file': {
      type: 'string',
      value: 'FILE',
      help: "the controller's status file holding the current assignment (read only)",
    },
    ...networkOptions,
  },
  positionals: { min: 0, max: 0 },
  errorExit: EXIT.FAILED,
  examples: [
    'ovnkit --db tcp:127.0.0.1:6641 plan --manifests examples/simpsons',
    'ovnkit plan --manifests . --format json',
  ],
  async run(ctx) {
    const o = ctx.options;
    if (typeof o.manifests !== 'string') throw new UsageError('plan needs --manifests DIR', 'plan');
    const network = clusterNetwork(ctx);
    const mod = await import('@ovnkit/egressip-controller');
    const source = mod.createManifestSource({
      dir: o.manifests,
      statusFile:
        typeof o['status-file'] === 'string' ? o['status-file'] : mod.defaultStatusFile(o.manifests),
      watch: false,
      logger: mod.silentLogger,
    });
    try {
      await source.start();
    } catch (err) {
      throw new InputDataError((err as Error).message);
    }
    const client = await openNb(ctx.db);
    try {
      const result = await mod.dryRun({
        cluster: mod.clusterStateOf(source.view),
        nb: mod.nbTransactorFromClient(client),
        ...(network ? { config: network } : {}),
      });
      const report = planReport(result);
      if (ctx.format === 'json') writeJson(ctx.io, report);
      else ctx.io.stdout.write(planText(report));
      return report.changes ? PLAN_HAS_CHANGES : EXIT.OK;
    } finally {
      await client.close();
    }
  },
};
