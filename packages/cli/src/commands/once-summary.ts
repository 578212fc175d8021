// `controller --once` output: the summary on stdout (the reconciler's notes included, so nothing
// it skipped is silent), the reasons for a failed run on stderr, and the exit code.
import type { OnceSummary } from '@ovnkit/egressip-controller';
import type { CommandContext } from '../cli/command-spec.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { writeJson } from '../cli/output.js';

/** Writes the summary; FAILED when keys still failed or an assigned egress IP has no NB rows. */
export function reportOnce(ctx: CommandContext, summary: OnceSummary): ExitCode {
  if (ctx.format === 'json') writeJson(ctx.io, summary);
  else {
    ctx.io.stdout.write(
      `status: ${JSON.stringify(summary.status)}\nstatus writes: ${summary.statusWrites}, NB transactions: ${summary.nbTransactions}, NB operations: ${summary.nbOperations}\n`,
    );
    for (const n of summary.notes)
      ctx.io.stdout.write(`note: ${n.kind}${n.egressIP ? ` (${n.egressIP})` : ''}: ${n.message}\n`);
  }
  for (const f of summary.failures) ctx.io.stderr.write(`failed: ${JSON.stringify(f)}\n`);
  for (const n of summary.unprogrammed) ctx.io.stderr.write(`not programmed: ${n.message}\n`);
  return summary.failures.length || summary.unprogrammed.length ? EXIT.FAILED : EXIT.OK;
}
