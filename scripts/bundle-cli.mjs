// Bundles the built ovnkit CLI (packages/cli/dist/bin.js and everything it imports statically,
// @ovnkit/ovsdb included) into one file, packages/cli/dist/ovnkit.mjs, the `ovnkit` executable.
// Why: a short command like `ovnkit show` spends a large part of its life loading ~100 ES
// modules one file at a time; one file loads and compiles in a fraction of that. The packages
// only some commands need (the controller, Kubernetes client, YAML) stay external and load
// lazily, as in the unbundled build. Run after `tsc -b` (setup.sh and `npm run build` do).
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const cliDist = join(import.meta.dirname, '..', 'packages', 'cli', 'dist');
export const BUNDLE = join(cliDist, 'ovnkit.mjs');

// The bundle is written only when its bytes change, and then by rename: `npm run demo` and
// `npm run build` run this while tests may be starting `ovnkit`, which must never read half a file.
export async function bundleCli(outfile = BUNDLE) {
  const result = await build({
    entryPoints: [join(cliDist, 'bin.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@kubernetes/client-node', 'yaml', '@ovnkit/egressip-controller'],
    logLevel: 'warning',
    write: false,
  });
  const bytes = result.outputFiles[0].contents;
  if (!existsSync(outfile) || !readFileSync(outfile).equals(bytes)) {
    const tmp = `${outfile}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o755 });
    renameSync(tmp, outfile);
  }
  chmodSync(outfile, 0o755);
  return outfile;
}

// `node scripts/bundle-cli.mjs [OUTFILE]`
if (import.meta.url === pathToFileURL(process.argv[1]).href) await bundleCli(process.argv[2] ?? BUNDLE);
