// One list+watch cache over @kubernetes/client-node's informer, made self-healing:
// - the library stops an informer on any watch error other than 410; we restart it with
//   capped exponential backoff (a 410 relists inside the library);
// - `start()` resolves only once a list has succeeded (the cache is synced);
// - change callbacks carry the previous version of the object, kept in a shadow map.
import {
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  ListWatch,
  Watch,
} from '@kubernetes/client-node';
import type { ChangeType } from '../api/cluster-source.js';
import { objectKey } from '../api/object-key.js';
import type { Logger } from '../ops/logger.js';

export interface ResourceInformerOptions<T extends KubernetesObject> {
  readonly kubeConfig: KubeConfig;
  /** Watch path, e.g. /api/v1/nodes. */
  readonly path: string;
  readonly list: () => Promise<KubernetesListObject<T>>;
  readonly logger: Logger;
  readonly onChange: (type: ChangeType, object: T, old: T | undefined) => void;
  /** Base of the restart backoff (default 500 ms, capped at 30 s). */
  readonly restartBaseMs?: number;
  /** Called on every watch or list failure (metrics). */
  readonly onWatchError?: (path: string, error: string) => void;
}

export class ResourceInformer<T extends KubernetesObject> {
  readonly #opts: ResourceInformerOptions<T>;
  readonly #informer: ListWatch<T>;
  readonly #last = new Map<string, T>();
  #failures = 0;
  /** The last error, until a list or watch succeeds again. */
  #problem: string | undefined;
  #errors = 0;
  #stopped = false;
  #listed = false;
  #synced: Promise<void>;
  #resolveSynced!: () => void;
  #restartTimer: NodeJS.Timeout | undefined;

  constructor(opts: ResourceInformerOptions<T>) {
    this.#opts = opts;
    this.#synced = new Promise((resolve) => {
      this.#resolveSynced = resolve;
    });
    const list = async () => {
      const result = await opts.list();
      this.#failures = 0;
      this.#listed = true;
      return result;
    };
    this.#informer = new ListWatch<T>(opts.path, new Watch(opts.kubeConfig), list, false);
    this.#informer.on('add', (o) => this.#change('add', o));
    this.#informer.on('update', (o) => this.#change('update', o));
    this.#informer.on('delete', (o) => this.#change('delete', o));
    this.#informer.on('error', (err) => this.#onError(err));
  }

  get path(): string {
    return this.#opts.path;
  }

  /** Why the watch is failing now; undefined while it works. */
  get problem(): string | undefined {
    return this.#problem;
  }

  /** Start watching; resolves once the first list has been applied to the cache. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#informer.start();
    if (this.#listed) this.#resolveSynced();
    await this.#synced;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    await this.#informer.stop();
  }

  get(name: string, namespace?: string): T | undefined {
    return this.#informer.get(name, namespace);
  }

  list(namespace?: string): readonly T[] {
    return this.#informer.list(namespace);
  }

  #change(type: ChangeType, object: T): void {
    const key = objectKey(object);
    const old = this.#last.get(key);
    if (type === 'delete') this.#last.delete(key);
    else this.#last.set(key, object);
    this.#opts.onChange(type, object, old);
  }

  #onError(err: unknown): void {
    if (this.#stopped) return;
    this.#failures++;
    this.#errors++;
    this.#problem = err instanceof Error ? err.message : String(err);
    this.#opts.onWatchError?.(this.#opts.path, this.#problem);
    const delay = Math.min(30_000, (this.#opts.restartBaseMs ?? 500) * 2 ** Math.min(this.#failures - 1, 10));
    this.#opts.logger.warn('watch failed; restarting', {
      path: this.#opts.path,
      error: String(err),
      retryInMs: delay,
    });
    this.#restartTimer = setTimeout(() => {
      if (this.#stopped) return;
      const before = this.#errors;
      // start() resolves once the watch request is answered; a failure has called #onError by then.
      void this.#informer.start().then(() => {
        if (this.#listed) this.#resolveSynced();
        if (this.#errors !== before || this.#stopped || this.#problem === undefined) return;
        this.#opts.logger.info('watch recovered', { path: this.#opts.path, failures: this.#failures });
        this.#problem = undefined;
        this.#failures = 0;
      });
    }, delay);
    this.#restartTimer.unref();
  }
}
