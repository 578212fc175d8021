// After `changeset version` bumps the fixed group, lerna.json's version follows it, so tools that
// read lerna.json (lerna, nx) agree with the packages. Checked by test/monorepo-layout.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';

const version = JSON.parse(readFileSync('packages/ovsdb/package.json', 'utf8')).version;
// Only the version string changes, so the file keeps the formatting Biome gave it.
const text = readFileSync('lerna.json', 'utf8').replace(/"version": "[^"]*"/, `"version": "${version}"`);
writeFileSync('lerna.json', text);
