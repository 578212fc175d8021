// `ovnkit controller`: the EgressIP controller of @ovnkit/egressip-controller, from flags
// (controller-config.ts) to a running loop or a one-shot reconcile.
import type { CommandSpec } from '../cli/command-spec.js';
import { EXIT } from '../cli/exit-codes.js';
import { controllerConfig, controllerOptions } from './controller-config.js';
import { reportOnce } from './once-summary.js';

export const controllerCommand: CommandSpec = {
  path: ['controller'],
  summary: 'run the EgressIP controller against the NB (from @ovnkit/egressip-controller)',
  usage:
    'ovnkit [--db DB] controller (--kube [--kubeconfig FILE] | --manifests DIR [--status-file FILE]) [--once] [OPTIONS]',
  description:
    'Assigns egress IPs to nodes, writes EgressIP status, and writes the NB rows ovn-kubernetes writes.\n' +
    'With --once it reconciles to convergence, prints a summary with the reconciler notes and exits (1 if\n' +
    'some keys still failed or an assigned egress IP could not be programmed, with the reason on stderr);\n' +
    'otherwise it runs until SIGINT/SIGTERM.',
  options: controllerOptions,
  positionals: { min: 0, max: 0 },
  examples: [
    'ovnkit --db unix:/var/run/ovn/ovnnb_db.sock controller --kube --leader-elect ovn-kubernetes/ovnkit-egressip',
    'ovnkit --db tcp:127.0.0.1:6641 controller --manifests examples/simpsons --once',
    'ovnkit controller --kube --metrics-bind-address 127.0.0.1:9108 --health-bind-address 0',
  ],
  check: (ctx) => void controllerConfig(ctx),
  stopsOnSignal: true,
  async run(ctx) {
    const config = controllerConfig(ctx);
    const once = config.watch === false;
    const mod = await import('@ovnkit/egressip-controller');
    const controller = await mod.createControllerFromConfig({
      ...config,
      // One-shot runs fail within the connect timeout (--timeout) instead of waiting.
      ...(once && ctx.db.timeoutMs !== undefined ? { startTimeoutMs: ctx.db.timeoutMs } : {}),
    });
    const signal = ctx.io.signal;
    const onSignal = () => void controller.stop();
    signal?.addEventListener('abort', onSignal, { once: true });
    try {
      if (signal?.aborted) throw signal.reason;
      if (once) return reportOnce(ctx, await controller.runOnce());
      try {
        await controller.start();
      } catch (err) {
        // SIGINT/SIGTERM while it waited to become ready is the ordinary way to stop it.
        if (signal?.aborted) return EXIT.OK;
        throw err;
      }
      const served = [
        ...(controller.healthUrl ? [`health: ${controller.healthUrl}/readyz`] : []),
        ...(controller.metricsUrl ? [`metrics: ${controller.metricsUrl}/metrics`] : []),
      ];
      ctx.io.stderr.write(
        `ovnkit controller running${served.length ? ` (${served.join(', ')})` : ''}; stop with Ctrl-C\n`,
      );
      await new Promise<void>((resolve) => {
        if (!signal || signal.aborted) return resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      return EXIT.OK;
    } finally {
      signal?.removeEventListener('abort', onSignal);
      await controller.stop();
    }
  },
};
