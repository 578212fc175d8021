// Reads every manifest file under a directory (recursively, hidden entries skipped, symlinks
// followed), in a stable order, into one ParsedManifests. Duplicate objects are an error naming
// both files. Symlinks matter for ConfigMap volumes: `x.yaml -> ..data/x.yaml`, where `..data`
// (hidden, so not read twice) links to the current version's directory.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { emptyManifests, ManifestError, type ParsedManifests, parseManifestText } from './parse-manifests.js';

const MANIFEST_EXT = /\.(ya?ml|json)$/;

export async function listManifestFiles(
  dir: string,
  exclude: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const out: string[] = [];
  const visited = new Set<string>();
  const walk = async (d: string) => {
    // A symlinked directory is read once, whatever links to it (no cycles).
    const real = await realpath(d);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      // A dangling link (a ConfigMap mid-swap) is skipped; the watcher reloads once it settles.
      const target = e.isSymbolicLink() ? await stat(p).catch(() => undefined) : e;
      if (target?.isDirectory()) await walk(p);
      else if (target?.isFile() && MANIFEST_EXT.test(e.name) && !exclude.has(resolve(p))) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

export async function loadManifestDirectory(
  dir: string,
  exclude: ReadonlySet<string> = new Set(),
): Promise<ParsedManifests> {
  const into = emptyManifests();
  for (const file of await listManifestFiles(dir, exclude)) {
    parseManifestText(relative(dir, file), await readFile(file, 'utf8'), into);
  }
  const seen = new Map<string, string>();
  const check = (kind: string, objs: ReadonlyArray<{ metadata?: { name?: string; namespace?: string } }>) => {
    for (const o of objs) {
      const key = `${kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
      if (seen.has(key)) throw new ManifestError(dir, `${key} is defined twice`);
      seen.set(key, key);
    }
  };
  check('EgressIP', into.egressIPs);
  check('Node', into.nodes);
  check('Namespace', into.namespaces);
  check('Pod', into.pods);
  return into;
}
