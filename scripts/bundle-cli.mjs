// Bundles the built ovnkit CLI (packages/cli/dist/bin.js and everything it imports statically,
// @ovnkit/ovsdb included) into one file, packages/cli/dist/ovnkit.mjs, the `ovnkit` executable.
// Why: a short command like `ovnkit show` spends a large part of its life loading ~100 ES
// modules one file at a time; one file loads and compiles in a fraction of that. The packages
// only some commands need (the controller, Kubernetes client, YAML) stay external and load
// lazily, as in the unbundled build. Run after `tsc -b` (setup.sh and `npm run build` do).
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const cliDist = join(import.meta.dirname, '..', 'packages', 'cli', 'dist');
export const BUNDLE = join(cliDist, 'ovnkit.mjs');

export async function bundleCli(outfile = BUNDLE) {
  await build({
    entryPoints: [join(cliDist, 'bin.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@kubernetes/client-node', 'yaml', '@ovnkit/egressip-controller'],
    logLevel: 'warning',
  });
  chmodSync(outfile, 0o755);
  return outfile;
}

// `node scripts/bundle-cli.mjs [OUTFILE]`
if (import.meta.url === pathToFileURL(process.argv[1]).href) await bundleCli(process.argv[2] ?? BUNDLE);
