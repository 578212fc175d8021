// Bundles the built ovnkit CLI into two files: packages/cli/dist/ovnkit.mjs, the `ovnkit`
// executable (dist/bin.js: a few lines that send `show`'s request first, see src/early/), and
// ovnkit-main.mjs beside it (dist/run-process.js and everything it imports statically,
// @ovnkit/ovsdb included), which the executable imports right after.
// Why: a short command like `ovnkit show` would spend a large part of its life loading ~100 ES
// modules one file at a time; one file loads and compiles in a fraction of that, and a tiny first
// file lets the request leave before even that. The packages only some commands need (the
// controller, Kubernetes client, YAML) stay external and load lazily, as in the unbundled build.
// Run after `tsc -b` (setup.sh and `npm run build` do).
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const cliDist = join(import.meta.dirname, '..', 'packages', 'cli', 'dist');
export const BUNDLE = join(cliDist, 'ovnkit.mjs');

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  write: false,
};

/** The second file of the executable, named after the first: ovnkit.mjs -> ovnkit-main.mjs. */
export const mainFileOf = (outfile) => outfile.replace(/(\.mjs)?$/, '-main.mjs');

// Each file is written only when its bytes change, and then by rename: `npm run demo` and
// `npm run build` run this while tests may be starting `ovnkit`, which must never read half a
// file. The main file goes first, so the executable never imports one that is not there yet.
export async function bundleCli(outfile = BUNDLE) {
  const mainFile = mainFileOf(outfile);
  const main = await build({
    ...common,
    entryPoints: [join(cliDist, 'run-process.js')],
    outfile: mainFile,
    external: ['@kubernetes/client-node', 'yaml', '@ovnkit/egressip-controller'],
  });
  writeIfChanged(mainFile, main.outputFiles[0].contents);
  const entry = await build({
    ...common,
    entryPoints: [join(cliDist, 'bin.js')],
    outfile,
    plugins: [
      {
        name: 'ovnkit-main',
        setup(b) {
          b.onResolve({ filter: /^\.\/run-process\.js$/ }, () => ({
            path: `./${basename(mainFile)}`,
            external: true,
          }));
        },
      },
    ],
  });
  writeIfChanged(outfile, entry.outputFiles[0].contents);
  return outfile;
}

function writeIfChanged(file, bytes) {
  if (!existsSync(file) || !readFileSync(file).equals(bytes)) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o755 });
    renameSync(tmp, file);
  }
  chmodSync(file, 0o755);
}

// `node scripts/bundle-cli.mjs [OUTFILE]`
if (import.meta.url === pathToFileURL(process.argv[1]).href) await bundleCli(process.argv[2] ?? BUNDLE);
