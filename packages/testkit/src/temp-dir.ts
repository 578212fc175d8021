import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardDir, releaseDir } from './reaper.js';

/** A fresh directory under the OS temp dir, removed by `removeTempDir` or by the reaper if we die. */
export function makeTempDir(prefix = 'ovnkit-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  guardDir(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  releaseDir(dir);
}
