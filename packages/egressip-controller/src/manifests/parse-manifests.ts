// Parses manifest text as a GitOps repository or `kustomize build` output holds it: YAML
// (multi-document) or JSON, objects or `kind: List` / `*List` wrappers. Only the kinds the
// controller reads are kept; everything else is reported once so nothing is silently lost.
import { parseAllDocuments, type YAMLError } from 'yaml';
import type { EgressIP, Namespace, Node, Pod } from '../api/types.js';

export interface ParsedManifests {
  readonly egressIPs: EgressIP[];
  readonly nodes: Node[];
  readonly namespaces: Namespace[];
  readonly pods: Pod[];
  /** Objects of kinds the controller does not use: "<file>: <apiVersion> <kind> <name>". */
  readonly ignored: string[];
}

/** A manifest file cannot be used; the message names the file and the object. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

type Obj = {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  items?: unknown;
};

export function emptyManifests(): ParsedManifests {
  return { egressIPs: [], nodes: [], namespaces: [], pods: [], ignored: [] };
}

// Errors name positions and what is wrong, never the text: the file may be a Secret or anything
// else the controller does not read, and its values must not reach logs.

/** The yaml library's description ends in ":" and the offending lines: keep the description. */
function yamlProblem(err: YAMLError): string {
  const description = err.message.split(/:\r?\n/)[0] ?? err.code;
  const [pos] = err.linePos ?? [];
  return /at line \d+/.test(description) || !pos
    ? description
    : `${description} at line ${pos.line}, column ${pos.col}`;
}

/** JSON.parse quotes the text around the error: keep only what comes before the quote. */
function withoutQuotedText(message: string): string {
  return message.split(/['"]/)[0]!.replace(/[\s,.]+$/, '') || 'parse error';
}

function documents(file: string, text: string): unknown[] {
  if (file.endsWith('.json')) {
    try {
      return [JSON.parse(text)];
    } catch (err) {
      throw new ManifestError(file, `invalid JSON: ${withoutQuotedText((err as Error).message)}`);
    }
  }
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    const [first] = doc.errors;
    if (first) throw new ManifestError(file, `invalid YAML: ${yamlProblem(first)}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** Adds the objects of one file to `into`; throws ManifestError naming the file and object. */
export function parseManifestText(file: string, text: string, into: ParsedManifests): void {
  const visit = (value: unknown, where: string) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ManifestError(
        file,
        `${where}: expected a Kubernetes object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
      );
    }
    const o = value as Obj;
    if (typeof o.kind !== 'string') throw new ManifestError(file, `${where}: object has no kind`);
    if ((o.kind === 'List' || o.kind.endsWith('List')) && Array.isArray(o.items)) {
      for (const [i, item] of o.items.entries()) visit(item, `${where} items[${i}]`);
      return;
    }
    const name = o.metadata?.name;
    const label = `${String(o.apiVersion ?? '?')} ${o.kind} ${typeof name === 'string' ? name : '?'}`;
    const known =
      ['Node', 'Namespace', 'Pod', 'EgressIP'].includes(o.kind) &&
      (o.kind !== 'EgressIP' || o.apiVersion === 'k8s.ovn.org/v1');
    if (!known) {
      into.ignored.push(`${file}: ${label}`);
      return;
    }
    if (typeof name !== 'string' || name === '')
      throw new ManifestError(file, `${where}: ${o.kind} without metadata.name`);
    switch (o.kind) {
      case 'EgressIP': {
        const eip = o as unknown as EgressIP;
        if (!eip.spec || !Array.isArray(eip.spec.egressIPs))
          throw new ManifestError(file, `EgressIP ${name}: spec.egressIPs must be a list`);
        if (typeof eip.spec.namespaceSelector !== 'object' || eip.spec.namespaceSelector === null) {
          throw new ManifestError(file, `EgressIP ${name}: spec.namespaceSelector is required`);
        }
        into.egressIPs.push(eip);
        break;
      }
      case 'Node':
        into.nodes.push(o as Node);
        break;
      case 'Namespace':
        into.namespaces.push(o as Namespace);
        break;
      case 'Pod': {
        const pod = o as Pod;
        if (pod.metadata) pod.metadata.namespace ??= 'default';
        into.pods.push(pod);
        break;
      }
    }
  };
  for (const [i, doc] of documents(file, text).entries()) visit(doc, `document ${i + 1}`);
}
