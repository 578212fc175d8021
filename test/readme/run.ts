// Runs a README block as a user would: the block (hidden setup first) transpiled to an ES
// module in a temp dir whose node_modules is the repository's, executed by `node` from the
// repository root against a real NB server. Every `unix:...sock` remote written in the block
// stands for "your NB database" and is replaced by the test server's socket; OVN_NB_DB is set
// to it as well.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import type { ReadmeBlock } from './blocks.js';
import { blockModule } from './compile.js';

const NB_SOCKET_LITERAL = /unix:\/[^'"`\s,]+\.sock/g;

export interface BlockRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runBlock(root: string, block: ReadmeBlock, nbRemote: string): Promise<BlockRun> {
  const source = blockModule(block).replace(NB_SOCKET_LITERAL, nbRemote);
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const dir = mkdtempSync(join(tmpdir(), 'ovnkit-readme-'));
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const file = join(dir, `block${block.index}.mjs`);
    writeFileSync(file, js);
    return await new Promise<BlockRun>((resolve) => {
      execFile(
        process.execPath,
        [file],
        // The kill is a guard against a block that never exits (an unclosed connection), not a
        // speed check.
        { cwd: root, env: { ...process.env, OVN_NB_DB: nbRemote }, timeout: 30_000, killSignal: 'SIGKILL' },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
          resolve({
            code,
            stdout,
            stderr: err?.killed ? `${stderr}\n(killed: the block did not exit within 30 s)` : stderr,
          });
        },
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
