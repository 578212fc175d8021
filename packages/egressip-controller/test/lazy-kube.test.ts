// The package entry must not load @kubernetes/client-node: only the "./kube" subpath does, and
// createControllerFromConfig imports it only in kube mode. Checked on the built package in a
// child node whose module resolution refuses @kubernetes/client-node (a resolve hook).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';

const execFileP = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..', '..');
let dir: string;

const HOOKS = `
export async function resolve(specifier, context, next) {
  if (specifier === '@kubernetes/client-node' || specifier.startsWith('@kubernetes/client-node/'))
    throw new Error('@kubernetes/client-node imported by ' + context.parentURL);
  return next(specifier, context);
}
`;

const MAIN = `
const out = {};
const m = await import('@ovnkit/egressip-controller');
out.entryLoaded = typeof m.createControllerFromConfig === 'function';
const c = await m.createControllerFromConfig({
  mode: 'manifests',
  manifestsDir: ${JSON.stringify(join(root, 'examples', 'simpsons'))},
  statusFile: process.argv[2],
  watch: false,
  logLevel: 'error',
});
out.manifestsStatus = (await c.runOnce()).status;
try {
  await m.createControllerFromConfig({ mode: 'kube', kubeconfigPath: '/nonexistent/kubeconfig' });
  out.kube = 'no error';
} catch (err) {
  out.kube = String(err.message);
}
console.log(JSON.stringify(out));
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-lazy-kube-'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
  writeFileSync(
    join(dir, 'register.mjs'),
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
  );
  writeFileSync(join(dir, 'main.mjs'), MAIN);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the entry and manifests mode run without @kubernetes/client-node; kube mode loads it', async () => {
  const { stdout } = await execFileP(
    process.execPath,
    ['--import', join(dir, 'register.mjs'), join(dir, 'main.mjs'), join(dir, 'status.yaml')],
    { cwd: dir },
  );
  const out = JSON.parse(stdout) as { entryLoaded: boolean; manifestsStatus: unknown; kube: string };
  expect(out.entryLoaded).toBe(true);
  expect(out.manifestsStatus).toEqual({
    'egressip-demo': [{ node: 'ovn-worker', egressIP: '192.168.126.100' }],
  });
  // Kube mode reached for the client: the hook refused it, from the kube subpath's modules.
  expect(out.kube).toMatch(/^@kubernetes\/client-node imported by file:.*\/egressip-controller\/dist\/k8s\//);
});
