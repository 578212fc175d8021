// Kubernetes objects for the EgressIP views, from a manifests directory, a status file, or the
// Kubernetes API. All three give the same plain shapes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { InputDataError } from './errors.js';

/** An EgressIP object as the CLI reads it (only the fields its views use). */
export interface EgressIPObject {
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: { readonly egressIPs?: readonly string[] };
  readonly status?: { readonly items?: ReadonlyArray<{ readonly node: string; readonly egressIP: string }> };
}

/** A Pod object as the CLI reads it: name, node and IPs. */
export interface PodObject {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: { readonly nodeName?: string };
  readonly status?: { readonly podIP?: string; readonly podIPs?: ReadonlyArray<{ readonly ip: string }> };
}

/** The Kubernetes objects a command read, from manifests, a status file or the Kubernetes API. */
export interface ClusterObjects {
  readonly egressIPs: readonly EgressIPObject[];
  readonly pods: readonly PodObject[];
  /** Node objects as found (V1Node shape), for `topology init`. */
  readonly nodes: readonly object[];
}

type Collected = { egressIPs: EgressIPObject[]; pods: PodObject[]; nodes: object[] };

type Obj = { kind?: unknown; items?: unknown; metadata?: { name?: unknown } };

function collect(doc: unknown, where: string, out: Collected): void {
  if (!doc || typeof doc !== 'object') return;
  const o = doc as Obj;
  if (Array.isArray(o.items) && (o.kind === undefined || String(o.kind).endsWith('List'))) {
    for (const item of o.items) collect(item, where, out);
    return;
  }
  if (typeof o.metadata?.name !== 'string') return;
  if (o.kind === 'EgressIP') out.egressIPs.push(doc as EgressIPObject);
  else if (o.kind === 'Pod') out.pods.push(doc as PodObject);
  else if (o.kind === 'Node') out.nodes.push(doc as object);
}

function parseFile(file: string, out: Collected, parseAllDocuments: YamlParse): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputDataError(`cannot read ${file}: ${(err as Error).message}`);
  }
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length) throw new InputDataError(`${file}: not valid YAML/JSON: ${d.errors[0]!.message}`);
    collect(d.toJS(), file, out);
  }
}

/** Reads every .yaml/.yml/.json file under `path` (a directory, searched recursively, or one file). */
type YamlParse = typeof import('yaml')['parseAllDocuments'];

/**
 * Reads the EgressIP, Pod and Node objects of every `.yaml`/`.yml`/`.json` file under `path` (a directory,
 * recursively, or one file); `InputDataError` names an unreadable or malformed file.
 */
export async function loadManifests(path: string): Promise<ClusterObjects> {
  // Loaded on demand: most commands never read YAML, and startup time is part of every command.
  const { parseAllDocuments } = await import('yaml');
  const out: Collected = { egressIPs: [], pods: [], nodes: [] };
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new InputDataError(`${path}: no such file or directory (give a manifests directory or file)`);
  }
  const walk = (p: string): void => {
    for (const e of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(p, e.name);
      if (e.isDirectory()) walk(full);
      else if (['.yaml', '.yml', '.json'].includes(extname(e.name))) parseFile(full, out, parseAllDocuments);
    }
  };
  if (st.isDirectory()) walk(path);
  else parseFile(path, out, parseAllDocuments);
  return out;
}

/** The Kubernetes API could not be reached (no HTTP answer at all). */
export class KubeConnectError extends Error {
  override name = 'KubeConnectError';
}

async function kubeCall<T>(what: string, server: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // ApiException carries the HTTP status: the server answered, so it is not a connection problem.
    if (typeof (err as { code?: unknown }).code === 'number')
      throw new InputDataError(`Kubernetes API ${what}: ${(err as Error).message.split('\n')[0]}`);
    throw new KubeConnectError(
      `cannot reach the Kubernetes API at ${server} (${what}): ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/** Reads EgressIPs and pods from the Kubernetes API (kubeconfig as kubectl finds it). */
export async function loadFromKubernetes(opts: {
  kubeconfig?: string;
  withPods: boolean;
  withNodes?: boolean;
}): Promise<ClusterObjects> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else kc.loadFromDefault();
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const server = kc.getCurrentCluster()?.server ?? '(no cluster in kubeconfig)';
  const list = (await kubeCall('list egressips', server, () =>
    custom.listClusterCustomObject({ group: 'k8s.ovn.org', version: 'v1', plural: 'egressips' }),
  )) as { items?: unknown[] };
  const egressIPs = (list.items ?? []).map(
    (x) => ({ kind: 'EgressIP', ...(x as object) }) as unknown as EgressIPObject,
  );
  let pods: PodObject[] = [];
  if (opts.withPods) {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    pods = (await kubeCall('list pods', server, () => core.listPodForAllNamespaces()))
      .items as unknown as PodObject[];
  }
  const nodes = opts.withNodes
    ? (await kubeCall('list nodes', server, () => kc.makeApiClient(k8s.CoreV1Api).listNode())).items
    : [];
  return { egressIPs, pods, nodes };
}

export function podIPs(p: PodObject): string[] {
  const ips = (p.status?.podIPs ?? []).map((x) => x.ip);
  if (ips.length === 0 && p.status?.podIP) ips.push(p.status.podIP);
  return ips;
}
