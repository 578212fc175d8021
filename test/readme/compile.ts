// Type-checks README blocks as a user's code would be: each block (after its hidden setup) is
// its own module importing the packages' built `.d.ts` (through node_modules, as installed),
// with the repository's strict compiler options. One program for all blocks: one check.
import { join, relative } from 'node:path';
import ts from 'typescript';
import type { ReadmeBlock } from './blocks.js';

export interface BlockSource {
  readonly file: string;
  readonly block: ReadmeBlock;
}

/** The module text of a block: hidden setup, the code as printed, hidden teardown. */
export function blockModule(block: ReadmeBlock): string {
  return [block.setup, block.code, block.teardown].filter((part) => part !== '').join('\n');
}

function compilerOptions(root: string): ts.CompilerOptions {
  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, root);
  return {
    ...parsed.options,
    noEmit: true,
    composite: false,
    incremental: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    moduleDetection: ts.ModuleDetectionKind.Force,
  };
}

/** Compiler errors per block, each naming the README line (or the hidden setup line). */
export function compileBlocks(root: string, sources: readonly BlockSource[]): Map<BlockSource, string[]> {
  const virtualDir = join(root, '.readme-blocks');
  const byPath = new Map<string, BlockSource>();
  for (const s of sources) {
    const slug = relative(root, s.file).replace(/[^A-Za-z0-9]+/g, '-');
    byPath.set(join(virtualDir, `${slug}-block${s.block.index}.ts`), s);
  }
  const options = compilerOptions(root);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => byPath.has(f) || fileExists(f);
  host.readFile = (f) => {
    const s = byPath.get(f);
    return s ? blockModule(s.block) : readFile(f);
  };
  host.getSourceFile = (f, lang, onError, create) => {
    const s = byPath.get(f);
    return s
      ? ts.createSourceFile(f, blockModule(s.block), lang, true)
      : getSourceFile(f, lang, onError, create);
  };
  const program = ts.createProgram([...byPath.keys()], options, host);
  const errors = new Map<BlockSource, string[]>(sources.map((s) => [s, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const s = d.file ? byPath.get(d.file.fileName) : undefined;
    if (!s || !d.file || d.start === undefined) {
      // Not inside a block (a broken .d.ts, a missing build): every block is affected.
      for (const list of errors.values()) list.push(`TS${d.code}: ${text}`);
      continue;
    }
    const line = d.file.getLineAndCharacterOfPosition(d.start).line;
    const setupLines = s.block.setup === '' ? 0 : s.block.setup.split('\n').length;
    const codeLines = s.block.code.split('\n').length;
    const where =
      line < setupLines
        ? `hidden setup line ${line + 1}`
        : line >= setupLines + codeLines
          ? `hidden teardown line ${line - setupLines - codeLines + 1}`
          : `README line ${s.block.line + line - setupLines}`;
    errors.get(s)?.push(`${where}: TS${d.code}: ${text}`);
  }
  return errors;
}
