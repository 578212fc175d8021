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

/** Polls until a request from `pod` is seen with source `expected`; resolves with the time it took. */
export async function waitForSource(
  lab: Lab,
  pod: LabPod,
  expected: string,
  startedAt: number,
  deadlineMs = 60_000,
): Promise<number> {
  await until(`${pod.namespace}/${pod.name} seen as ${expected}`, deadlineMs, async () => {
    // Short attempts: a request sent while the old path is down would otherwise wait out its
    // SYN retransmission (1 s) and overstate the failover time by that much.
    const r = await lab.request(pod, 0.3);
    return r.sourceIp === expected ? true : undefined;
  });
  return Date.now() - startedAt;
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
