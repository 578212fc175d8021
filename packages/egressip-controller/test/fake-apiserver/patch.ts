// JSON merge patch (RFC 7386) and JSON patch (RFC 6902) as the API server applies them.
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class PatchError extends Error {
  override readonly name = 'PatchError';
}

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: unknown, patch: unknown): Json {
  if (!isObject(patch)) return structuredClone(patch as Json);
  const out: Record<string, Json> = isObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parent(doc: Json, path: string): { container: Json; key: string } {
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer ${JSON.stringify(path)}`);
  const tokens = path.slice(1).split('/').map(unescapePointer);
  const key = tokens.pop() ?? '';
  let cur: Json = doc;
  for (const t of tokens) {
    const next: Json | undefined = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (next === undefined) throw new PatchError(`path ${path}: missing ${t}`);
    cur = next;
  }
  return { container: cur, key };
}

export interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
}

export function jsonPatch(target: unknown, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new PatchError('JSON patch body must be an array of operations');
  const doc = { root: structuredClone(target as Json) } as Record<string, Json>;
  for (const raw of ops as JsonPatchOp[]) {
    const { container, key } = parent(doc, `/root${raw.path}`);
    const has = Array.isArray(container)
      ? Number(key) < container.length
      : isObject(container) && key in container;
    switch (raw.op) {
      case 'add':
        if (Array.isArray(container))
          container.splice(key === '-' ? container.length : Number(key), 0, raw.value as Json);
        else if (isObject(container)) container[key] = raw.value as Json;
        break;
      case 'replace':
        // RFC 6902 4.3: the target location MUST exist.
        if (!has) throw new PatchError(`replace operation does not apply: doc is missing path: ${raw.path}`);
        if (Array.isArray(container)) container[Number(key)] = raw.value as Json;
        else if (isObject(container)) container[key] = raw.value as Json;
        break;
      case 'remove':
        if (!has) throw new PatchError(`remove operation does not apply: doc is missing path: ${raw.path}`);
        if (Array.isArray(container)) container.splice(Number(key), 1);
        else if (isObject(container)) delete container[key];
        break;
      case 'test': {
        const cur = Array.isArray(container)
          ? container[Number(key)]
          : isObject(container)
            ? container[key]
            : undefined;
        if (JSON.stringify(cur) !== JSON.stringify(raw.value))
          throw new PatchError(`test operation failed at ${raw.path}`);
        break;
      }
      default:
        throw new PatchError(`unsupported JSON patch op ${JSON.stringify(raw.op)}`);
    }
  }
  return doc.root ?? null;
}
