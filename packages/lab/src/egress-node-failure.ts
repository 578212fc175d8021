// The failover the story, its e2e test and its benchmark all provoke: the egress node goes
// NotReady in the manifests and loses its external link, the controller is told, and the served
// pod on that node probes the external host until its traffic leaves as the egress IP again.
import type { ControllerStep } from './egress/egress-steps.js';
import type { Lab } from './lab.js';
import type { LabPod } from './manifests/lab-spec.js';
import { setNodeReady } from './manifests/node-readiness.js';
import { waitForEgressVia, waitForSource } from './story.js';

/** What {@link failEgressNode} needs: the lab, its manifests and the EgressIP's current placement. */
export interface EgressNodeFailureOptions {
  readonly manifestsDir: string;
  readonly controller: ControllerStep;
  readonly egressIp: string;
  /** The node hosting the egress IP now: it is the one that fails. */
  readonly egressNode: string;
  /** The nodes the IP may move to; the first packet must leave through one of them. */
  readonly survivors: readonly string[];
  /** Pods the EgressIP serves; one on the failing node is the probe (its traffic must now cross the underlay). */
  readonly served: readonly LabPod[];
}

/** The failure's timeline, in ms from {@link EgressNodeFailure.startedAt} (the NotReady change). */
export interface EgressNodeFailure {
  readonly startedAt: number;
  /** The node manifest rewritten with Ready=False. */
  readonly nodeFile: string;
  readonly probe: LabPod;
  /** The survivors' br-ex counters of packets with the egress IP, read just before the failure. */
  readonly baseline: ReadonlyMap<string, number>;
  /** The first packet with the egress IP out of a survivor's uplink. */
  readonly out: { readonly node: string; readonly ms: number };
  /** Resolves when the external host logged the probe's request as the egress IP. */
  readonly answered: Promise<number>;
}

/** Fails the egress node and waits until the egress IP's first packet leaves through a survivor. */
export async function failEgressNode(lab: Lab, o: EgressNodeFailureOptions): Promise<EgressNodeFailure> {
  const probe = o.served.find((p) => p.node === o.egressNode) ?? o.served[0];
  if (!probe) throw new Error(`no pod served by ${o.egressIp} to probe with`);
  const baseline = await lab.egressCounters(o.egressIp, o.survivors);
  const startedAt = Date.now();
  const nodeFile = setNodeReady(o.manifestsDir, o.egressNode, false);
  await lab.setExternalLink(o.egressNode, false);
  await o.controller.manifestsChanged(lab, o.manifestsDir);
  const answered = waitForSource(lab, probe, o.egressIp, startedAt);
  answered.catch(() => {}); // awaited by the caller; this only keeps an early failure from going unhandled
  const out = await waitForEgressVia(lab, o.survivors, o.egressIp, baseline, startedAt);
  return { startedAt, nodeFile, probe, baseline, out, answered };
}
