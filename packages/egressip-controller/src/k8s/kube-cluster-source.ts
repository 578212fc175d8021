// The Kubernetes cluster-state source: informers for EgressIP (cluster-scoped custom object),
// Node, Namespace and Pod; status written with a JSON patch of `/status` on the object itself, as
// ovn-kubernetes' cluster manager does against its CRD (which has no status subresource);
// Events recorded as core/v1 Events.
import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesListObject,
} from '@kubernetes/client-node';
import type { ChangeType, ClusterChange, ClusterSource, ControllerEvent } from '../api/cluster-source.js';
import {
  type ClusterView,
  EGRESSIP_GROUP,
  EGRESSIP_MARK_ANNOTATION,
  EGRESSIP_PLURAL,
  EGRESSIP_VERSION,
  type EgressIP,
  type EgressIPStatusItem,
  type Namespace,
  type Node,
  type Pod,
  UNASSIGNED_ANNOTATION,
} from '../api/types.js';
import { type Logger, silentLogger } from '../ops/logger.js';
import { StatusWriteError } from './errors.js';
import { createEventRecorder, type EventRecorder } from './event-recorder.js';
import { ResourceInformer } from './resource-informer.js';

export { StatusWriteError };

/** Options of {@link createKubeSource}. */
export interface KubeSourceOptions {
  readonly kubeConfig: KubeConfig;
  readonly logger?: Logger;
  /** Reported as the Event source component. */
  readonly component?: string;
  /** Base delay of the informer restart backoff (ms). */
  readonly restartBaseMs?: number;
}

/** A resourceVersion as an integer (etcd revision), or undefined when it is not one. */
const revision = (rv: string | undefined): bigint | undefined =>
  rv !== undefined && /^\d+$/.test(rv) ? BigInt(rv) : undefined;

const httpCode = (err: unknown): number | undefined =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number'
    ? (err as { code: number }).code
    : undefined;

/**
 * The Kubernetes API as a ClusterSource: list+watch caches of EgressIPs, Nodes, Namespaces and Pods, status
 * patches and core/v1 Events.
 */
export class KubeClusterSource implements ClusterSource {
  readonly name = 'kubernetes';
  readonly view: ClusterView;
  readonly #custom: CustomObjectsApi;
  readonly #listeners = new Set<(c: ClusterChange) => void>();
  readonly #watchErrorListeners = new Set<(what: string, error: string) => void>();
  /** Per EgressIP: the object our last annotation patch returned. */
  readonly #patched = new Map<string, EgressIP>();
  readonly #informers: {
    egressIPs: ResourceInformer<EgressIP>;
    nodes: ResourceInformer<Node>;
    namespaces: ResourceInformer<Namespace>;
    pods: ResourceInformer<Pod>;
  };
  readonly #events: EventRecorder;
  readonly #logger: Logger;

  constructor(opts: KubeSourceOptions) {
    const kc = opts.kubeConfig;
    const logger = opts.logger ?? silentLogger;
    this.#logger = logger;
    const core = kc.makeApiClient(CoreV1Api);
    this.#custom = kc.makeApiClient(CustomObjectsApi);
    const custom = this.#custom;
    this.#events = createEventRecorder({
      core,
      component: opts.component ?? 'ovnkit-egressip-controller',
      logger,
    });
    const emit = (change: ClusterChange) => {
      for (const l of this.#listeners) l(change);
    };
    const common = {
      kubeConfig: kc,
      logger,
      restartBaseMs: opts.restartBaseMs,
      onWatchError: (path: string, error: string) => {
        for (const l of this.#watchErrorListeners) l(path, error);
      },
    };
    this.#informers = {
      egressIPs: new ResourceInformer<EgressIP>({
        ...common,
        path: `/apis/${EGRESSIP_GROUP}/${EGRESSIP_VERSION}/${EGRESSIP_PLURAL}`,
        list: () =>
          custom.listClusterCustomObject({
            group: EGRESSIP_GROUP,
            version: EGRESSIP_VERSION,
            plural: EGRESSIP_PLURAL,
          }) as Promise<KubernetesListObject<EgressIP>>,
        onChange: (type: ChangeType, object, old) =>
          emit({ kind: 'EgressIP', type, object, ...(old ? { old } : {}) }),
      }),
      nodes: new ResourceInformer<Node>({
        ...common,
        path: '/api/v1/nodes',
        list: () => core.listNode(),
        onChange: (type, object, old) => emit({ kind: 'Node', type, object, ...(old ? { old } : {}) }),
      }),
      namespaces: new ResourceInformer<Namespace>({
        ...common,
        path: '/api/v1/namespaces',
        list: () => core.listNamespace(),
        onChange: (type, object, old) => emit({ kind: 'Namespace', type, object, ...(old ? { old } : {}) }),
      }),
      pods: new ResourceInformer<Pod>({
        ...common,
        path: '/api/v1/pods',
        list: () => core.listPodForAllNamespaces(),
        onChange: (type, object, old) => emit({ kind: 'Pod', type, object, ...(old ? { old } : {}) }),
      }),
    };
    const inf = this.#informers;
    this.view = {
      egressIPs: () => inf.egressIPs.list(),
      egressIP: (name) => inf.egressIPs.get(name),
      nodes: () => inf.nodes.list(),
      node: (name) => inf.nodes.get(name),
      namespaces: () => inf.namespaces.list(),
      namespace: (name) => inf.namespaces.get(name),
      pods: (namespace) => inf.pods.list(namespace),
    };
  }

  /** Resolves when all four caches have listed (informer sync). */
  async start(): Promise<void> {
    const i = this.#informers;
    // Nodes first: ovn-kubernetes warms the node cache before EgressIP handlers run.
    await i.nodes.start();
    await Promise.all([i.namespaces.start(), i.pods.start(), i.egressIPs.start()]);
    this.#logger.info('kubernetes caches synced', {
      egressIPs: i.egressIPs.list().length,
      nodes: i.nodes.list().length,
      namespaces: i.namespaces.list().length,
      pods: i.pods.list().length,
    });
  }

  async stop(): Promise<void> {
    const i = this.#informers;
    await Promise.all([i.egressIPs.stop(), i.nodes.stop(), i.namespaces.stop(), i.pods.stop()]);
  }

  watchProblems(): readonly string[] {
    return Object.values(this.#informers).flatMap((i) => (i.problem ? [`${i.path}: ${i.problem}`] : []));
  }

  onWatchError(listener: (what: string, error: string) => void): () => void {
    this.#watchErrorListeners.add(listener);
    return () => this.#watchErrorListeners.delete(listener);
  }

  onChange(listener: (change: ClusterChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * JSON patch `replace /status` on the object, as upstream: its CRD declares no status
   * subresource, so `/status` would be 404 and the object's own endpoint takes the status. Only
   * `.status` is in the patch, so a spec edited meanwhile is not overwritten. RFC 6902 `replace`
   * needs the member to exist, so an object that has never had a status gets `add` instead.
   */
  async writeStatus(name: string, items: readonly EgressIPStatusItem[]): Promise<void> {
    const hasStatus = this.#informers.egressIPs.get(name)?.status !== undefined;
    const patch = (op: 'replace' | 'add') =>
      this.#custom.patchClusterCustomObject({
        group: EGRESSIP_GROUP,
        version: EGRESSIP_VERSION,
        plural: EGRESSIP_PLURAL,
        name,
        body: [
          {
            op,
            path: '/status',
            value: { items: items.map((i) => ({ node: i.node, egressIP: i.egressIP })) },
          },
        ],
      });
    try {
      await patch(hasStatus ? 'replace' : 'add');
    } catch (err) {
      // Our cache can be behind the server; retry once with the other operation.
      if (httpCode(err) === 422) {
        try {
          await patch(hasStatus ? 'add' : 'replace');
          return;
        } catch (again) {
          throw new StatusWriteError(name, httpCode(again), { cause: again });
        }
      }
      throw new StatusWriteError(name, httpCode(err), { cause: err });
    }
  }

  async writeUnassigned(name: string, reason: string | undefined): Promise<void> {
    await this.#setAnnotation(name, UNASSIGNED_ANNOTATION, reason);
  }

  async writeMark(name: string, mark: number): Promise<void> {
    await this.#setAnnotation(name, EGRESSIP_MARK_ANNOTATION, String(mark));
  }

  /**
   * JSON patch on the object itself (annotations are not part of /status) touching only `key`:
   * upstream's `add /metadata/annotations` would replace every annotation (spec 3.4).
   * `undefined` removes the key (nothing is sent when it is absent).
   */
  async #setAnnotation(name: string, key: string, value: string | undefined): Promise<void> {
    const seen = this.#informers.egressIPs.get(name);
    const annotations = this.#freshest(name, seen)?.metadata?.annotations;
    const path = `/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    let body: object[];
    if (value === undefined) {
      if (annotations?.[key] === undefined) return;
      body = [{ op: 'remove', path }];
    } else {
      body = annotations
        ? [{ op: 'add', path, value }]
        : [{ op: 'add', path: '/metadata/annotations', value: { [key]: value } }];
    }
    let patched: EgressIP;
    try {
      patched = (await this.#custom.patchClusterCustomObject({
        group: EGRESSIP_GROUP,
        version: EGRESSIP_VERSION,
        plural: EGRESSIP_PLURAL,
        name,
        body,
      })) as EgressIP;
    } catch (err) {
      throw new StatusWriteError(name, httpCode(err), { cause: err });
    }
    if (patched?.metadata) this.#patched.set(name, patched);
  }

  /**
   * The object as our last annotation patch left it, until the informer holds that version or a
   * newer one: deciding from a stale cache would remove a key twice (a JSON patch error on a real
   * API server) or replace the annotations map and lose the key written just before. Versions are
   * compared as etcd revisions (integers); when they are not integers the cache is trusted.
   */
  #freshest(name: string, seen: EgressIP | undefined): EgressIP | undefined {
    const mine = this.#patched.get(name);
    if (!mine) return seen;
    const ours = revision(mine.metadata?.resourceVersion);
    const cached = revision(seen?.metadata?.resourceVersion);
    if (ours !== undefined && cached !== undefined && cached < ours) return mine;
    this.#patched.delete(name);
    return seen;
  }

  recordEvent(egressIP: string, event: ControllerEvent): Promise<void> {
    const uid = this.#informers.egressIPs.get(egressIP)?.metadata?.uid;
    return this.#events.record(
      {
        kind: 'EgressIP',
        apiVersion: `${EGRESSIP_GROUP}/${EGRESSIP_VERSION}`,
        name: egressIP,
        ...(uid ? { uid } : {}),
      },
      event,
    );
  }
}

/** A {@link KubeClusterSource} on `opts.kubeConfig`; `start()` lists and watches. */
export function createKubeSource(opts: KubeSourceOptions): KubeClusterSource {
  return new KubeClusterSource(opts);
}
