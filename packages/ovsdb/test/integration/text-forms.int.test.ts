// The canonical text forms against Open vSwitch's own tools: `ovsdb-client get-schema` (schemas
// and types), `ovsdb-client dump --format=list` and `--bare` (values in string syntax),
// `ovsdb-client transact` (values and conditions in canonical JSON), for random rows.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  canonicalJsonText,
  compileValueCodec,
  conditionToJsonText,
  connect,
  datumToBare,
  datumToJsonText,
  datumToString,
  formatReal,
  type NativeValue,
  type OvsdbClient,
  parseSchema,
  schemaToJson,
} from '@ovnkit/ovsdb';
import { findBinary, type OvsdbServer, schemaPath, startOvsdbServer } from '@ovnkit/testkit';
import fc from 'fast-check';

const run = promisify(execFile);
const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);
const TEXT = fixture('text-forms.ovsschema');
const SCHEMA_FILES = [
  schemaPath('nb'),
  schemaPath('sb'),
  schemaPath('vswitch'),
  TEXT,
  fixture('min-one-defaults.ovsschema'),
  join(import.meta.dirname, '..', 'types', 'sink.ovsschema'),
];
const schemaOf = (file: string) => parseSchema(JSON.parse(readFileSync(file, 'utf8')));
const text = schemaOf(TEXT);
const V = text.tables.V!;
const COLUMNS = Object.keys(V.columns);

let server: OvsdbServer;
let client: OvsdbClient;
const ovsdbClient = async (...args: string[]) =>
  (await run(findBinary('ovsdb-client'), args, { maxBuffer: 1 << 24 })).stdout;

beforeAll(async () => {
  server = await startOvsdbServer({ schemas: SCHEMA_FILES });
  client = await connect({ remote: server.remote });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

describe('canonical text forms against ovsdb-client', () => {
  it.each(SCHEMA_FILES)('schemaToJson prints %s as `ovsdb-client get-schema` does', async (file) => {
    const schema = schemaOf(file);
    const printed = (await ovsdbClient('get-schema', server.remote, schema.name)).trim();
    expect(canonicalJsonText(schemaToJson(schema))).toBe(printed);
  });

  // Strings OVS can hold: no NUL, no lone surrogates (grapheme units are whole code points);
  // no newline either, so that the bare output keeps one line per value.
  const str = fc.string({ unit: 'grapheme', maxLength: 6 }).filter((s) => !/[\0\n]/.test(s));
  const int = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => {
    const safe = b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER);
    return safe ? Number(b) : b;
  });
  // OVS writes reals with 15 digits: reals that print alike make a set OVS itself refuses to
  // read back ("set contains duplicate"), and it cannot read the ones below about 1e-300.
  const real = fc.oneof(
    fc
      .double({ min: -1e300, max: 1e300, noNaN: true })
      .filter((x) => x === 0 || Math.abs(x) > 1e-300)
      .map((x) => (x === 0 ? 0 : x)), // -0 equals 0 in a set, yet prints as -0
    fc.constantFrom(0.1, 0.30000000000000004, 1e15, 123456789.125, -2.5e-7),
  );
  const uuid = fc.uuid().map((u) => u.toLowerCase());
  const row = fc.record({
    i: int,
    r: fc.uniqueArray(real, { selector: formatReal, maxLength: 3 }),
    b: fc.option(fc.boolean(), { nil: undefined }),
    s: fc.uniqueArray(str, { maxLength: 4 }),
    one: str,
    u: fc.uniqueArray(uuid, { maxLength: 3 }),
    m: fc.dictionary(str, int, { maxKeys: 3 }),
    mi: fc.uniqueArray(fc.tuple(int, str), { selector: (p) => p[0], maxLength: 3 }).map((e) => new Map(e)),
    mr: fc
      .uniqueArray(fc.tuple(real, fc.boolean()), { selector: (p) => formatReal(p[0]), maxLength: 3 })
      .map((e) => new Map(e)),
    e: fc.option(fc.constantFrom('zz', 'a b', 'x'), { nil: undefined }),
  });

  it('values print as ovsdb-client prints them, in string, bare and JSON syntax', async () => {
    // A failure names its seed: TEXT_FORMS_SEED=<seed> replays the same rows.
    const seed = Number(process.env.TEXT_FORMS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.info(`text-forms rows from seed ${seed}`);
    const rows = fc.sample(row, { numRuns: 25, seed }).map((r, n) => ({ ...r, i: n }));
    const wireRow = (r: Record<string, unknown>) =>
      Object.fromEntries(COLUMNS.map((c) => [c, compileValueCodec(V.columns[c]!.type).encode(r[c])]));
    const results = (await client.transact(
      'Text',
      rows.map((r) => ({ op: 'insert', table: 'V', row: wireRow(r) })),
    )) as Array<{ uuid: [string, string] }>;
    const byUuid = new Map(results.map((res, n) => [res.uuid[1], rows[n] as Record<string, unknown>]));

    const listed = parseList(await ovsdbClient('dump', '--format=list', server.remote, 'Text', 'V'));
    // The columns come out sorted by name, whatever order they are asked for in.
    const headings = ['_uuid', ...COLUMNS].sort();
    const bare = parseBareList(
      await ovsdbClient('dump', '--format=list', '--bare', server.remote, 'Text', 'V', ...headings),
      headings,
    );
    expect(listed.size).toBe(rows.length);
    for (const [uuid, cells] of listed) {
      const r = byUuid.get(uuid)!;
      for (const c of COLUMNS) {
        const type = V.columns[c]!.type;
        expect({ c, text: datumToString(r[c] as NativeValue, type) }).toEqual({ c, text: cells.get(c) });
        expect({ c, bare: datumToBare(r[c] as NativeValue, type) }).toEqual({
          c,
          bare: bare.get(uuid)!.get(c),
        });
      }
    }

    // JSON syntax as the datum prints it (`transact` output would re-parse the reply first, and
    // OVS's parser turns an integral real such as 1e+15 into an integer).
    const printed = (
      await ovsdbClient('dump', '--format=json', server.remote, 'Text', 'V', ...headings)
    ).trim();
    const data = (JSON.parse(printed) as { data: Array<[[string, string]]> }).data;
    const cells = (u: string) => {
      const r = byUuid.get(u)!;
      return headings.map((c) =>
        c === '_uuid' ? `["uuid","${u}"]` : datumToJsonText(r[c] as NativeValue, V.columns[c]!.type),
      );
    };
    // A replacer function, not a string: random values may hold `$'` or `$$`, which a replacement
    // string would expand (seed 1204594034 did).
    const expected = canonicalJsonText({ caption: 'V table', data: [], headings }).replace(
      '"data":[]',
      () => `"data":[${data.map(([u]) => `[${cells(u[1]).join(',')}]`).join(',')}]`,
    );
    expect(printed).toBe(expected);
  });

  it('a condition in canonical JSON selects the row it was made from', async () => {
    const [r] = fc.sample(row, 1).map((x) => ({ ...x, i: 1000 }));
    const wire = Object.fromEntries(
      COLUMNS.map((c) => [
        c,
        compileValueCodec(V.columns[c]!.type).encode((r as Record<string, unknown>)[c]),
      ]),
    );
    await client.transact('Text', [{ op: 'insert', table: 'V', row: wire }]);
    // Reals print with 15 digits (lossy, as in OVS), so they cannot select exactly.
    const clauses = COLUMNS.filter((c) => c !== 'r' && c !== 'mr').map(
      (c) => [c, '==', (r as Record<string, unknown>)[c] as NativeValue] as const,
    );
    const where = conditionToJsonText(V, [true, ...clauses]);
    const op = `["Text",{"op":"select","table":"V","where":${where},"columns":["i"]}]`;
    expect((await ovsdbClient('transact', server.remote, op)).trim()).toBe('[{"rows":[{"i":1000}]}]');
  });
});

/** `dump --format=list --bare`: a caption, then per row one line per heading and a blank line. */
function parseBareList(out: string, headings: readonly string[]): Map<string, Map<string, string>> {
  const lines = out.split('\n').slice(1);
  const rows = new Map<string, Map<string, string>>();
  for (let at = 0; at + headings.length <= lines.length; at += headings.length + 1) {
    const cells = new Map(headings.map((h, n) => [h, lines[at + n]!]));
    rows.set(cells.get('_uuid')!, cells);
  }
  return rows;
}

/** `ovsdb-client dump --format=list`: rows separated by blank lines, `name<pad>: value` lines. */
function parseList(out: string): Map<string, Map<string, string>> {
  const rows = new Map<string, Map<string, string>>();
  for (const block of out.split('\n\n')) {
    const cells = new Map<string, string>();
    for (const line of block.split('\n')) {
      const m = /^(\S+)\s*: (.*)$/s.exec(line); // s: a value may hold U+2028
      if (m) cells.set(m[1]!, m[2]!);
    }
    const uuid = cells.get('_uuid');
    if (uuid) rows.set(uuid, cells);
  }
  return rows;
}
