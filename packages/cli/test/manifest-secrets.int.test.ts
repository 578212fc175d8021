// A malformed manifest the controller does not read (a Secret) must not have its values echoed
// (issue 16 item 10): the error names the file, the position and what is wrong, never the text.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { EXIT } from '../src/cli/exit-codes.js';
import { startCli } from './helpers/cli-process.js';

const SECRET = 'hunter2-do-not-print';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ovnkit-secret-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.each([
  [
    'secret.yaml',
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: "${SECRET}\n`,
  ],
  ['secret.json', `{"apiVersion": "v1", "kind": "Secret", "stringData": {"password": ${SECRET}}}\n`],
])(
  'a malformed %s is reported by position, without its values',
  async (file, text) => {
    const manifests = join(dir, file.replace('.', '-'));
    mkdirSync(manifests);
    writeFileSync(join(manifests, file), text);
    const p = startCli([
      'controller',
      '--no-nb',
      '--manifests',
      manifests,
      '--status-file',
      join(dir, `${file}.status`),
      '--once',
    ]);
    expect(await p.exitWithin(20_000)).toBe(EXIT.FAILED);
    expect(p.stderr()).toMatch(
      new RegExp(
        `${file.replace('.', '\\.')}: invalid (YAML|JSON).*(line \\d+|position \\d+|Unexpected token)`,
      ),
    );
    expect(p.stderr()).not.toContain(SECRET);
    expect(p.stderr()).not.toContain('hunter2');
  },
  30_000,
);
