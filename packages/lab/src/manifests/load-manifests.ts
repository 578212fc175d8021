// Reads a GitOps-style directory of Kubernetes manifests: every *.yaml / *.yml below it, every
// document in each file; kustomization files are build instructions, not objects, so they are skipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec?: unknown;
  readonly status?: unknown;
  /** Path of the file it came from, relative to the manifest root (for error messages). */
  readonly source: string;
}

const KUSTOMIZATION = /^kustomization\.ya?ml$/i;

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/i.test(entry.name) && !KUSTOMIZATION.test(entry.name)) out.push(path);
  }
  return out;
}

function toKubeObject(doc: unknown, source: string): KubeObject {
  const o = doc as Partial<KubeObject> | null;
  if (typeof o !== 'object' || o === null) throw new ManifestError(`${source}: a document is not a mapping`);
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string')
    throw new ManifestError(`${source}: apiVersion and kind are required`);
  if (typeof o.metadata?.name !== 'string')
    throw new ManifestError(`${source}: ${o.kind} without metadata.name`);
  return { ...(o as KubeObject), source };
}

/** All objects under `root`, in path order. */
export function loadManifests(root: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const file of yamlFiles(root)) {
    const source = relative(root, file);
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (doc.errors.length > 0) throw new ManifestError(`${source}: ${doc.errors[0]?.message}`);
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) continue; // empty document
      objects.push(toKubeObject(value, source));
    }
  }
  return objects;
}
