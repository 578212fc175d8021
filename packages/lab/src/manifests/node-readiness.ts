// The demo's "node goes NotReady" is a manifest change, as a GitOps repository would see it:
// the Node's Ready condition is rewritten in place (comments and layout kept).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseAllDocuments } from 'yaml';
import { ManifestError } from './load-manifests.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.ya?ml$/i.test(name) ? [p] : [];
  });
}

/** Sets the Ready condition of Node `node` under `root` to True or False; returns the file changed. */
export function setNodeReady(root: string, node: string, ready: boolean, now = new Date()): string {
  for (const file of files(root)) {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    let changed = false;
    for (const doc of docs) {
      if (doc.get('kind') !== 'Node' || doc.getIn(['metadata', 'name']) !== node) continue;
      const conditions = doc.getIn(['status', 'conditions']);
      const items = isSeq(conditions) ? conditions.items : [];
      const cond = items.find((c) => isMap(c) && c.get('type') === 'Ready');
      if (!isMap(cond)) throw new ManifestError(`${file}: node ${node} has no Ready condition to change`);
      cond.set('status', ready ? 'True' : 'False');
      cond.set('reason', ready ? 'KubeletReady' : 'NodeStatusUnknown');
      cond.set('message', ready ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.');
      cond.set('lastTransitionTime', now.toISOString().replace(/\.\d+Z$/, 'Z'));
      changed = true;
    }
    if (changed) {
      writeFileSync(
        file,
        docs.map((d, i) => (i > 0 && !d.toString().startsWith('---') ? '---\n' : '') + d.toString()).join(''),
      );
      return file;
    }
  }
  throw new ManifestError(`no Node manifest named ${node} under ${root}`);
}
