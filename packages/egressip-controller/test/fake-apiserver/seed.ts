// Serve a manifests directory (e.g. examples/simpsons) from the fake API server, as if it had
// been applied with kubectl; returns what was loaded.
import { loadManifestDirectory } from '../../src/manifests/load-directory.js';
import type { FakeApiServer } from './server.js';

export async function seedFromManifests(api: FakeApiServer, dir: string) {
  const m = await loadManifestDirectory(dir);
  for (const n of m.nodes) api.upsert('nodes', n);
  for (const n of m.namespaces) api.upsert('namespaces', n);
  for (const p of m.pods) api.upsert('pods', p);
  for (const e of m.egressIPs) api.upsert('egressips', e);
  return m;
}
