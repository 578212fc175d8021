// `npm run lint` (Biome: formatting and lint rules of biome.json) passes on the whole repository,
// so a change that skips the formatter or breaks a rule cannot land green.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const root = resolve(import.meta.dirname, '..');

describe('lint', () => {
  it('biome check . reports no error', async () => {
    const r = await promisify(execFile)('npx', ['--no-install', 'biome', 'check', '.'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    const code = 'code' in r ? r.code : 0;
    expect({ code, errors: code === 0 ? '' : `${r.stdout}${r.stderr}` }).toEqual({ code: 0, errors: '' });
  }, 120_000);
});
