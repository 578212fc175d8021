// Finds the TypeScript code blocks of a Markdown file and the `readme-block` annotation that
// may precede each one (an HTML comment, invisible on GitHub):
//
//   <!-- readme-block: compile
//   declare const client: import('@ovnkit/ovsdb').OvsdbClient;
//   -->
//
// Modes: `run` (the default: compiled, then executed against a real NB ovsdb-server) and
// `compile` (compiled only: it needs a cluster, a network or names only a reader can supply).
// Lines after the mode line are hidden setup, compiled (and run) before the block; lines after a
// `---` line are hidden teardown (e.g. closing a connection), placed after it.

export type BlockMode = 'run' | 'compile';

export interface ReadmeBlock {
  /** 1-based index among the file's TypeScript blocks. */
  readonly index: number;
  /** 1-based line of the block's first code line in the Markdown file. */
  readonly line: number;
  readonly mode: BlockMode;
  readonly setup: string;
  readonly code: string;
  readonly teardown: string;
}

const FENCE = /^```(\S*)\s*$/;
const ANNOTATION = /^<!--\s*readme-block:\s*(\S+)\s*$/;
const TS_LANGS = new Set(['ts', 'typescript']);

export class ReadmeAnnotationError extends Error {
  override readonly name = 'ReadmeAnnotationError';
}

export function extractTsBlocks(markdown: string, file: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  let pending: { mode: BlockMode; setup: string; teardown: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const note = ANNOTATION.exec(line);
    if (note) {
      const mode = note[1];
      if (mode !== 'run' && mode !== 'compile') {
        throw new ReadmeAnnotationError(
          `${file}:${i + 1}: readme-block mode must be run or compile, got "${mode}"`,
        );
      }
      const end = lines.indexOf('-->', i + 1);
      if (end < 0)
        throw new ReadmeAnnotationError(`${file}:${i + 1}: readme-block comment has no closing "-->" line`);
      const hidden = lines.slice(i + 1, end);
      const split = hidden.indexOf('---');
      pending = {
        mode,
        setup: (split < 0 ? hidden : hidden.slice(0, split)).join('\n'),
        teardown: split < 0 ? '' : hidden.slice(split + 1).join('\n'),
      };
      i = end;
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) {
      if (pending && line.trim() !== '') {
        throw new ReadmeAnnotationError(
          `${file}:${i + 1}: a readme-block comment must be followed by a code block`,
        );
      }
      continue;
    }
    const close = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (close < 0) throw new ReadmeAnnotationError(`${file}:${i + 1}: code block is never closed`);
    if (TS_LANGS.has(fence[1] ?? '')) {
      blocks.push({
        index: blocks.length + 1,
        line: i + 2,
        mode: pending?.mode ?? 'run',
        setup: pending?.setup ?? '',
        code: lines.slice(i + 1, close).join('\n'),
        teardown: pending?.teardown ?? '',
      });
    } else if (pending) {
      throw new ReadmeAnnotationError(`${file}:${i + 1}: readme-block comment before a non-TypeScript block`);
    }
    pending = undefined;
    i = close;
  }
  return blocks;
}
