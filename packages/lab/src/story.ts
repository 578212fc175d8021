// The seed walkthrough's observations, shared by the demo and the e2e test: which source address
// the external host sees for each pod, and how long a failover takes to show in the dataplane.
import { until } from '@ovnkit/testkit';
import type { Lab } from './lab.js';
import type { LabPod } from './manifests/lab-spec.js';

export interface SourceObservation {
  readonly pod: LabPod;
  readonly sourceIp: string | undefined;
  readonly error?: string;
}

/** One request per pod; a first request may need ARP, so each is retried briefly until it answers. */
export async function observeSources(
  lab: Lab,
  pods: readonly LabPod[],
  deadlineMs = 15_000,
): Promise<SourceObservation[]> {
  const result: SourceObservation[] = [];
  for (const pod of pods) {
    let last: SourceObservation = { pod, sourceIp: undefined };
    try {
      await until(`a response to ${pod.namespace}/${pod.name}`, deadlineMs, async () => {
        const r = await lab.request(pod);
        last = { pod, sourceIp: r.sourceIp, error: r.error };
        return r.sourceIp;
      });
    } catch {
      // reported as a failed observation
    }
    result.push(last);
  }
  return result;
}

/**
 * Sends requests from `pod` until the external host sees one with source `expected`; resolves
 * with the time from `startedAt` to the moment the host logged that first request (its access
 * log, not the client: a client-side time would add the reply's trip and the probe's own cost).
 */
export async function waitForSource(
  lab: Lab,
  pod: LabPod,
  expected: string,
  startedAt: number,
  deadlineMs = 60_000,
): Promise<number> {
  const path = `/${pod.namespace}/${pod.name}`;
  const firstSeen = () =>
    lab.externalHost
      .accessLog()
      .map((e) => ({ ...e, at: Date.parse(e.time) }))
      .find((e) => e.at >= startedAt && e.client === expected && e.path === path);
  // A new request every 100 ms, not one after the other: a SYN sent while the path is still moving
  // is lost and would hold back the next attempt by its whole timeout.
  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      if (err) reject(err);
      else resolve();
    };
    const attempt = () => {
      if (Date.now() - startedAt > deadlineMs)
        return finish(
          new Error(`${pod.namespace}/${pod.name} seen as ${expected}: not reached within ${deadlineMs} ms`),
        );
      void lab.request(pod, 0.5).then((r) => {
        if (r.sourceIp === expected) finish();
      });
    };
    const timer = setInterval(attempt, 100);
    attempt();
  });
  const seen = firstSeen();
  if (!seen)
    throw new Error(`the access log has no request from ${path} as ${expected} although one was answered`);
  return seen.at - startedAt;
}

/**
 * Polls the br-ex counters of `nodes` until a packet with source `ip` has left through one of
 * them since `baseline` was read; resolves with that node and the time from `startedAt`.
 * Something else must be sending (e.g. waitForSource's probes). This is when the external host
 * first receives traffic with the egress IP through the new node; its reply comes back only once
 * the new gateway router's gratuitous ARP arrived (OVN sends the first one a second after it
 * learns the address), which is when waitForSource's request completes.
 */
export async function waitForEgressVia(
  lab: Lab,
  nodes: readonly string[],
  ip: string,
  baseline: ReadonlyMap<string, number>,
  startedAt: number,
  deadlineMs = 60_000,
): Promise<{ node: string; ms: number }> {
  const node = await until(
    `a packet with source ${ip} out of ${nodes.join(' or ')}`,
    deadlineMs,
    async () => {
      const now = await lab.egressCounters(ip, nodes);
      return nodes.find((n) => (now.get(n) ?? 0) > (baseline.get(n) ?? 0));
    },
  );
  return { node, ms: Date.now() - startedAt };
}

/** Sums a counter map's values (packets seen for one source on all nodes). */
export function total(counters: ReadonlyMap<string, number>): number {
  return [...counters.values()].reduce((a, b) => a + b, 0);
}

/** The per-node difference `after - before`. */
export function delta(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): Map<string, number> {
  return new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));
}
