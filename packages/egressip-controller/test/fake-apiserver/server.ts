// An in-process Kubernetes API server for tests: node:http on 127.0.0.1 with an ephemeral port,
// speaking the real list/watch/patch wire protocol for the resources the controller uses.
//
// - list returns `{kind: <Kind>List, metadata: {resourceVersion}, items}`;
// - `?watch=true&resourceVersion=N` streams newline-delimited `{type, object}` events after N;
//   a compacted N gets an ERROR event with a 410 Expired Status, then the stream ends;
// - PATCH accepts application/merge-patch+json and application/json-patch+json, on the object
//   or on its /status subresource (which only changes `.status`); a resource without the status
//   subresource (EgressIP, as upstream's CRD declares it) answers /status with 404 and takes its
//   status in writes to the object, as a real API server does;
// - POST/PUT create and replace with AlreadyExists / resourceVersion Conflict (409) checks.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { jsonPatch, mergePatch, PatchError } from './patch.js';

export interface ResourceDef {
  readonly prefix: string;
  readonly plural: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespaced: boolean;
  readonly hasStatus: boolean;
}

export const RESOURCES: readonly ResourceDef[] = [
  { prefix: '/api/v1', plural: 'nodes', kind: 'Node', apiVersion: 'v1', namespaced: false, hasStatus: true },
  {
    prefix: '/api/v1',
    plural: 'namespaces',
    kind: 'Namespace',
    apiVersion: 'v1',
    namespaced: false,
    hasStatus: true,
  },
  { prefix: '/api/v1', plural: 'pods', kind: 'Pod', apiVersion: 'v1', namespaced: true, hasStatus: true },
  {
    prefix: '/api/v1',
    plural: 'events',
    kind: 'Event',
    apiVersion: 'v1',
    namespaced: true,
    hasStatus: false,
  },
  {
    prefix: '/apis/k8s.ovn.org/v1',
    plural: 'egressips',
    kind: 'EgressIP',
    apiVersion: 'k8s.ovn.org/v1',
    namespaced: false,
    // Upstream's CRD has `subresources: {}`.
    hasStatus: false,
  },
  {
    prefix: '/apis/coordination.k8s.io/v1',
    plural: 'leases',
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    namespaced: true,
    hasStatus: false,
  },
];

// biome-ignore lint/suspicious/noExplicitAny: test server stores arbitrary JSON objects
type Obj = Record<string, any>;

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

interface WatchStream {
  readonly def: ResourceDef;
  readonly namespace: string | undefined;
  readonly res: ServerResponse;
}

interface HistoryEntry {
  readonly rv: number;
  readonly def: ResourceDef;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: Obj;
}

const keyOf = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  #server: Server;
  #sockets = new Set<Socket>();
  #rv = 0;
  #oldestRv = 0;
  #store = new Map<ResourceDef, Map<string, Obj>>(RESOURCES.map((d) => [d, new Map()]));
  #history: HistoryEntry[] = [];
  #watches = new Set<WatchStream>();
  #port = 0;
  #failWatches = { n: 0, code: 500 };

  private constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
  }

  static async start(): Promise<FakeApiServer> {
    const s = new FakeApiServer();
    await new Promise<void>((resolve) => s.#server.listen(0, '127.0.0.1', resolve));
    s.#port = (s.#server.address() as AddressInfo).port;
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** A real KubeConfig pointing at this server (plain HTTP, no auth). */
  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'tester' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'tester' }],
      currentContext: 'fake',
    });
    return kc;
  }

  get activeWatches(): number {
    return this.#watches.size;
  }

  def(plural: string): ResourceDef {
    const d = RESOURCES.find((r) => r.plural === plural);
    if (!d) throw new Error(`unknown resource ${plural}`);
    return d;
  }

  list(plural: string, namespace?: string): Obj[] {
    const d = this.def(plural);
    return [...(this.#store.get(d)?.values() ?? [])].filter(
      (o) => namespace === undefined || o.metadata?.namespace === namespace,
    );
  }

  get(plural: string, name: string, namespace?: string): Obj | undefined {
    return this.#store.get(this.def(plural))?.get(keyOf(namespace, name));
  }

  /** Create or replace an object as a client would, emitting the watch event. */
  upsert(plural: string, obj: Obj): Obj {
    const d = this.def(plural);
    const ns = d.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
    const existing = this.#store.get(d)?.get(keyOf(ns, obj.metadata.name));
    return this.#write(d, structuredClone(obj), existing);
  }

  /**
   * Delete an object. `silent` skips the watch event and history, as if the change happened
   * while every watcher was disconnected and the history had been compacted since.
   */
  remove(plural: string, name: string, namespace?: string, opts: { silent?: boolean } = {}): void {
    const d = this.def(plural);
    const k = keyOf(namespace, name);
    const existing = this.#store.get(d)?.get(k);
    if (!existing) return;
    this.#store.get(d)?.delete(k);
    const deleted = { ...existing, metadata: { ...existing.metadata, resourceVersion: String(++this.#rv) } };
    if (!opts.silent) this.#emit(d, 'DELETED', deleted);
  }

  /** The next `n` watch requests fail with HTTP `code` (an API server restarting, a proxy error). */
  failWatches(n: number, code = 500): void {
    this.#failWatches = { n, code };
  }

  /** End every open watch cleanly, as the API server does when a watch times out. */
  closeWatches(): void {
    for (const w of this.#watches) w.res.end();
    this.#watches.clear();
  }

  /** Compact the history: every open watch gets a 410 Expired ERROR event and ends. */
  expireWatches(): void {
    this.#oldestRv = this.#rv;
    this.#history = [];
    for (const w of this.#watches) {
      w.res.end(
        `${JSON.stringify({ type: 'ERROR', object: this.#status(410, 'Expired', 'too old resource version') })}\n`,
      );
    }
    this.#watches.clear();
  }

  async close(): Promise<void> {
    for (const w of this.#watches) w.res.destroy();
    this.#watches.clear();
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #write(d: ResourceDef, obj: Obj, existing: Obj | undefined): Obj {
    const ns = d.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
    obj.apiVersion = d.apiVersion;
    obj.kind = d.kind;
    obj.metadata = {
      ...obj.metadata,
      ...(ns ? { namespace: ns } : {}),
      uid: existing?.metadata?.uid ?? obj.metadata?.uid ?? randomUUID(),
      creationTimestamp:
        existing?.metadata?.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      resourceVersion: String(++this.#rv),
    };
    this.#store.get(d)?.set(keyOf(ns, obj.metadata.name), obj);
    this.#emit(d, existing ? 'MODIFIED' : 'ADDED', obj);
    return obj;
  }

  #emit(def: ResourceDef, type: HistoryEntry['type'], object: Obj): void {
    const entry = { rv: Number(object.metadata.resourceVersion), def, type, object: structuredClone(object) };
    this.#history.push(entry);
    for (const w of this.#watches)
      if (this.#matches(w, entry)) w.res.write(`${JSON.stringify({ type, object })}\n`);
  }

  #matches(w: { def: ResourceDef; namespace: string | undefined }, e: HistoryEntry): boolean {
    return e.def === w.def && (w.namespace === undefined || e.object.metadata?.namespace === w.namespace);
  }

  #status(code: number, reason: string, message: string): Obj {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  }

  #reply(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  #fail(res: ServerResponse, code: number, reason: string, message: string): void {
    this.#reply(res, code, this.#status(code, reason, message));
  }

  async #readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? JSON.parse(text) : undefined;
  }

  /** Resolve a URL path to (resource, namespace, name, subresource). */
  #route(path: string): { def: ResourceDef; ns?: string; name?: string; sub?: string } | undefined {
    const split = (def: ResourceDef) =>
      path
        .slice(def.prefix.length + 1)
        .split('/')
        .filter(Boolean);
    const candidates = RESOURCES.filter((def) => path.startsWith(`${def.prefix}/`));
    // Namespaced paths first: /api/v1/namespaces/<ns>/events is not the namespace <ns>.
    for (const def of candidates) {
      const t = split(def);
      if (def.namespaced && t[0] === 'namespaces' && t[2] === def.plural)
        return t[4] === undefined || (t[4] === 'status' && def.hasStatus)
          ? { def, ns: t[1], name: t[3], sub: t[4] }
          : undefined;
    }
    for (const def of candidates) {
      const t = split(def);
      if (
        t[0] === def.plural &&
        (!def.namespaced || t.length === 1) &&
        (t[2] === undefined || (t[2] === 'status' && def.hasStatus))
      ) {
        return { def, name: t[1], sub: t[2] };
      }
    }
    return undefined;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    let body: unknown;
    try {
      body = await this.#readBody(req);
    } catch {
      return this.#fail(res, 400, 'BadRequest', 'body is not JSON');
    }
    const contentType = req.headers['content-type']?.split(';')[0];
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, contentType, body });
    const route = this.#route(url.pathname);
    if (!route) return this.#fail(res, 404, 'NotFound', `no route for ${url.pathname}`);
    const { def, ns, name, sub } = route;
    const store = this.#store.get(def) ?? new Map<string, Obj>();
    const key = name ? keyOf(def.namespaced ? ns : undefined, name) : '';
    const current = name ? store.get(key) : undefined;
    switch (req.method) {
      case 'GET':
        if (!name)
          return url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1'
            ? this.#watch(res, def, ns, url)
            : this.#list(res, def, ns);
        return current
          ? this.#reply(res, 200, current)
          : this.#fail(res, 404, 'NotFound', `${def.plural} "${name}" not found`);
      case 'POST': {
        const obj = body as Obj;
        const n =
          obj?.metadata?.name ??
          (obj?.metadata?.generateName
            ? `${obj.metadata.generateName}${randomUUID().slice(0, 5)}`
            : undefined);
        if (!n) return this.#fail(res, 422, 'Invalid', 'metadata.name: Required value');
        obj.metadata.name = n;
        if (def.namespaced) obj.metadata.namespace = ns;
        if (store.has(keyOf(def.namespaced ? ns : undefined, n)))
          return this.#fail(res, 409, 'AlreadyExists', `${def.plural} "${n}" already exists`);
        return this.#reply(res, 201, this.#write(def, obj, undefined));
      }
      case 'PUT': {
        if (!current) return this.#fail(res, 404, 'NotFound', `${def.plural} "${name}" not found`);
        const obj = body as Obj;
        const rv = obj?.metadata?.resourceVersion;
        if (rv && rv !== current.metadata.resourceVersion) {
          return this.#fail(
            res,
            409,
            'Conflict',
            `Operation cannot be fulfilled on ${def.plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
          );
        }
        return this.#reply(res, 200, this.#write(def, this.#keepStatus(def, sub, obj, current), current));
      }
      case 'PATCH': {
        if (!current) return this.#fail(res, 404, 'NotFound', `${def.plural} "${name}" not found`);
        let patched: Obj;
        try {
          if (contentType === 'application/merge-patch+json') patched = mergePatch(current, body) as Obj;
          else if (contentType === 'application/json-patch+json') patched = jsonPatch(current, body) as Obj;
          else
            return this.#fail(
              res,
              415,
              'UnsupportedMediaType',
              `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json`,
            );
        } catch (err) {
          if (err instanceof PatchError) return this.#fail(res, 422, 'Invalid', err.message);
          throw err;
        }
        return this.#reply(res, 200, this.#write(def, this.#keepStatus(def, sub, patched, current), current));
      }
      case 'DELETE':
        if (!current) return this.#fail(res, 404, 'NotFound', `${def.plural} "${name}" not found`);
        this.remove(def.plural, name ?? '', def.namespaced ? ns : undefined);
        return this.#reply(res, 200, current);
      default:
        return this.#fail(res, 405, 'MethodNotAllowed', `${req.method} not allowed`);
    }
  }

  /**
   * With a status subresource, /status changes only `.status` and the object never does;
   * without one, a write to the object is a write of all of it, status included.
   */
  #keepStatus(def: ResourceDef, sub: string | undefined, next: Obj, current: Obj): Obj {
    let out: Obj;
    if (sub === 'status') out = { ...structuredClone(current), status: next.status };
    else if (def.hasStatus) out = { ...next, status: current.status };
    else out = next;
    if (out.status === undefined) delete out.status;
    return out;
  }

  #list(res: ServerResponse, def: ResourceDef, ns: string | undefined): void {
    this.#reply(res, 200, {
      kind: `${def.kind}List`,
      apiVersion: def.apiVersion,
      metadata: { resourceVersion: String(this.#rv) },
      items: this.list(def.plural, ns),
    });
  }

  #watch(res: ServerResponse, def: ResourceDef, ns: string | undefined, url: URL): void {
    if (this.#failWatches.n > 0) {
      this.#failWatches.n--;
      this.#fail(res, this.#failWatches.code, 'InternalError', 'injected watch failure');
      return;
    }
    const rvText = url.searchParams.get('resourceVersion') ?? '';
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    // The real API server sends headers at once; clients wait for them before streaming.
    res.flushHeaders();
    const stream: WatchStream = { def, namespace: ns, res };
    if (rvText === '' || rvText === '0') {
      for (const o of this.list(def.plural, ns))
        res.write(`${JSON.stringify({ type: 'ADDED', object: o })}\n`);
    } else {
      const rv = Number(rvText);
      if (rv < this.#oldestRv || Number.isNaN(rv)) {
        res.end(
          `${JSON.stringify({ type: 'ERROR', object: this.#status(410, 'Expired', `too old resource version: ${rvText} (${this.#oldestRv})`) })}\n`,
        );
        return;
      }
      for (const e of this.#history) {
        if (e.rv > rv && this.#matches(stream, e))
          res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
      }
    }
    if (url.searchParams.get('allowWatchBookmarks') === 'true') {
      res.write(
        `${JSON.stringify({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: def.apiVersion, metadata: { resourceVersion: String(this.#rv) } } })}\n`,
      );
    }
    this.#watches.add(stream);
    res.on('close', () => this.#watches.delete(stream));
  }
}
