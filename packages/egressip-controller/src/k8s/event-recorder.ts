// Records core/v1 Events the way client-go's recorder does for a cluster-scoped object:
// in the "default" namespace, named `<object>.<hex nanoseconds>`, and aggregated: the same
// (object, type, reason, message) again within 10 minutes bumps `count` and `lastTimestamp`
// on the existing Event instead of creating a new one.
import type { CoreV1Api, CoreV1Event } from '@kubernetes/client-node';
import type { ControllerEvent } from '../api/cluster-source.js';
import type { Logger } from '../ops/logger.js';

export interface InvolvedObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly uid?: string;
}

export interface EventRecorder {
  record(object: InvolvedObject, event: ControllerEvent): Promise<void>;
}

const EVENT_NAMESPACE = 'default';
const AGGREGATION_WINDOW_MS = 10 * 60 * 1000;

export function createEventRecorder(opts: {
  core: CoreV1Api;
  component: string;
  logger: Logger;
  now?: () => number;
}): EventRecorder {
  const now = opts.now ?? Date.now;
  const seen = new Map<string, { name: string; count: number; at: number }>();
  return {
    async record(object, event) {
      const key = JSON.stringify([object.kind, object.name, event.type, event.reason, event.message]);
      const t = now();
      const previous = seen.get(key);
      if (previous && t - previous.at < AGGREGATION_WINDOW_MS) {
        previous.count++;
        previous.at = t;
        try {
          await opts.core.patchNamespacedEvent({
            name: previous.name,
            namespace: EVENT_NAMESPACE,
            body: [
              { op: 'replace', path: '/count', value: previous.count },
              { op: 'replace', path: '/lastTimestamp', value: new Date(t).toISOString() },
            ],
          });
          return;
        } catch (err) {
          // The Event may have expired (TTL); fall through and create a fresh one.
          opts.logger.debug('event aggregation failed; creating a new event', {
            egressip: object.name,
            error: String(err),
          });
        }
      }
      const name = `${object.name}.${(BigInt(t) * 1_000_000n).toString(16)}`;
      const body: CoreV1Event = {
        metadata: { name, namespace: EVENT_NAMESPACE },
        involvedObject: {
          kind: object.kind,
          apiVersion: object.apiVersion,
          name: object.name,
          ...(object.uid ? { uid: object.uid } : {}),
        },
        type: event.type,
        reason: event.reason,
        message: event.message,
        source: { component: opts.component },
        reportingComponent: opts.component,
        count: 1,
        firstTimestamp: new Date(t),
        lastTimestamp: new Date(t),
      };
      await opts.core.createNamespacedEvent({ namespace: EVENT_NAMESPACE, body });
      seen.set(key, { name, count: 1, at: t });
    },
  };
}
