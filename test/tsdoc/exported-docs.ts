// Lists the exported declarations of a package entry that have no TSDoc comment: what a reader
// of the API reference (npm run docs) or of an editor tooltip would find undocumented.
import ts from 'typescript';

export interface Undocumented {
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

function hasDoc(decl: ts.Declaration): boolean {
  // A variable's comment sits on its statement (`/** ... */ export const x = ...`).
  const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  const text = node.getSourceFile().getFullText();
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  return ranges.some((r) => text.startsWith('/**', r.pos) && text.slice(r.pos + 3, r.end - 2).trim() !== '');
}

/** Undocumented exports of each entry file, checked with the repository's compiler options. */
export function undocumentedExports(entries: readonly string[], options: ts.CompilerOptions): Undocumented[] {
  const program = ts.createProgram(entries, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const out: Undocumented[] = [];
  const seen = new Set<ts.Declaration>();
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${entry}: not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decls = symbol.declarations ?? [];
      for (const decl of decls) {
        if (seen.has(decl)) continue;
        seen.add(decl);
        // The implementation of an overloaded function is not part of its API; its overloads are.
        if (ts.isFunctionDeclaration(decl) && decl.body && decls.length > 1) continue;
        if (hasDoc(decl)) continue;
        const sf = decl.getSourceFile();
        out.push({
          name: exported.name,
          file: sf.fileName,
          line: sf.getLineAndCharacterOfPosition(decl.getStart()).line + 1,
        });
      }
    }
  }
  return out;
}
