// What an editor shows on hover: the type of a transaction names the schema (OVN_Northbound)
// and lists its results instead of printing the whole descriptor; a session's rows name the
// replicated columns. Checked with the TypeScript checker against the built .d.ts, as a user's
// editor sees them.
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const file = join(root, 'packages', 'ovsdb', 'test', 'types', '.hover-probe.ts');
const source = `
import { openSession, txn } from '@ovnkit/ovsdb';
import { OVN_Northbound as NB } from '@ovnkit/ovsdb/schemas/ovn-nb';
export const t = txn(NB).insert('Logical_Switch', { name: 'x' }).delete('Logical_Switch', []);
const s = openSession({ remote: 'unix:/x', schema: NB, tables: { Logical_Router: { columns: ['name'] } } });
export const row = s.replica.table('Logical_Router').lookup('name', 'x');
`;

function hoverTexts(): Map<string, string> {
  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
  const options = { ...ts.parseJsonConfigFileContent(base.config, ts.sys, root).options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === file ? source : read(f));
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f === file || exists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang) => (f === file ? ts.createSourceFile(f, source, lang) : getSource(f, lang));
  const program = ts.createProgram({ rootNames: [file], options, host });
  const checker = program.getTypeChecker();
  const out = new Map<string, string>();
  ts.forEachChild(program.getSourceFile(file)!, (n) => {
    if (!ts.isVariableStatement(n)) return;
    for (const d of n.declarationList.declarations)
      out.set(d.name.getText(), checker.typeToString(checker.getTypeAtLocation(d.name)));
  });
  return out;
}

describe('hover types', () => {
  it('name the schema and show the results', () => {
    const texts = hoverTexts();
    expect(texts.get('t')).toBe('Transaction<OVN_Northbound, [InsertOutcome, CountOutcome<"delete">]>');
    expect(texts.get('row')).toBe('ReplicatedRow<OVN_Northbound, "Logical_Router", "name"> | undefined');
  });
});
