// Every declaration a published package exports carries a TSDoc comment: the API reference
// (`npm run docs`, TypeDoc) and editor tooltips are built from them.
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { undocumentedExports } from './tsdoc/exported-docs.js';

const root = resolve(import.meta.dirname, '..');
const options = ts.parseJsonConfigFileContent(
  ts.readConfigFile(join(root, 'tsconfig.test.json'), ts.sys.readFile).config,
  ts.sys,
  root,
).options;

const ENTRIES: Record<string, readonly string[]> = {
  ovsdb: [
    'src/index.ts',
    'src/schemas/ovn-nb.ts',
    'src/schemas/ovn-sb.ts',
    'src/schemas/vswitch.ts',
    'src/schemas/server.ts',
  ],
  'egressip-controller': ['src/index.ts', 'src/kube.ts'],
  cli: ['src/index.ts'],
};

describe('TSDoc on every exported declaration', () => {
  it.each(Object.entries(ENTRIES))('@ovnkit/%s', (pkg, entries) => {
    const missing = undocumentedExports(
      entries.map((e) => join(root, 'packages', pkg, e)),
      options,
    ).map((u) => `${relative(root, u.file)}:${u.line} ${u.name}`);
    expect(missing).toEqual([]);
  });
});
