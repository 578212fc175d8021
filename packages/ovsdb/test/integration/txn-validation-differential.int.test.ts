// Client-side validation must agree with ovsdb-server: for random rows (valid or not), our
// validator accepts a row exactly when the real server accepts it. The rows are sent raw (encoded
// without validation) inside a transaction that ends in `abort`, so the database never changes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AbortedError,
  ConnectionClosedError,
  compileOperations,
  compileValueCodec,
  connect,
  defaultWireValue,
  type Operation,
  type OvsdbClient,
  OvsdbServerError,
  openSession,
  parseSchema,
  rowCodec,
  validateRow,
  type WireValue,
} from '@ovnkit/ovsdb';
import { makeTempDir, type OvsdbServer, removeTempDir, startOvsdbServer } from '@ovnkit/testkit';
import fc from 'fast-check';
import { Sink } from '../types/sink-schema.js';
import { columnTypeArb, schemaWithColumns } from './column-type-arb.js';

let server: OvsdbServer;
let client: OvsdbClient;

beforeAll(async () => {
  server = await startOvsdbServer({ schemas: [join(import.meta.dirname, '..', 'types', 'sink.ovsschema')] });
  client = await connect({ remote: server.remote });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
});

const codec = rowCodec(Sink, 'Thing');

/** True when the server accepts `op` (the transaction then fails only on the trailing abort). */
async function serverAcceptsOp(op: Operation): Promise<boolean> {
  try {
    await client.transact('Sink', [op, { op: 'abort' }]);
  } catch (err) {
    if (err instanceof AbortedError) return true;
    if (err instanceof OvsdbServerError) return false;
    // What the server cannot even parse (a subnormal real) makes it drop the connection.
    if (err instanceof ConnectionClosedError && server.log().includes('number outside valid range')) {
      client = await connect({ remote: server.remote });
      return false;
    }
    throw err;
  }
  throw new Error('an aborted transaction succeeded');
}

/** The insert of `row`, encoded without validation. */
function rawInsert(row: Record<string, unknown>): Operation {
  const wire: Record<string, WireValue> = {};
  for (const [c, v] of Object.entries(row)) {
    const col = codec.columns.get(c)!;
    if (v !== undefined || col.shape === 'optional') wire[c] = col.encode(v);
  }
  return { op: 'insert', table: 'Thing', row: wire };
}

/** Our verdict: true when compileOperations accepts the native operation. */
function weAccept(op: Parameters<typeof compileOperations>[1][number]): boolean {
  try {
    compileOperations(Sink, [op]);
    return true;
  } catch {
    return false;
  }
}

// Values around every constraint of the Thing table: enums, ranges, lengths, set sizes, duplicates
// (including elements and keys that differ only in letter case, which are distinct).
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'é', 'É', '字', '😀'), maxLength: 10 });
const rowArb = fc.record(
  {
    name: text,
    kind: fc.constantFrom('red', 'green', 'blue', 'mauve', ''),
    prio: fc.integer({ min: -3, max: 103 }),
    big: fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
    ratio: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
    nick: fc.option(text, { nil: undefined }),
    tags: fc.array(fc.constantFrom('x', 'y', 'z', 'X'), { maxLength: 4 }),
    slots: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 5 }),
    labels: fc.dictionary(fc.constantFrom('a', 'b', 'A', 'k8s.ovn.org/id', 'K8S.ovn.org/id'), text),
  },
  { requiredKeys: [] },
);

describe('validation agrees with ovsdb-server', () => {
  it('accepts exactly the rows the server accepts', async () => {
    await fc.assert(
      fc.asyncProperty(rowArb, async (row) => {
        const issues = validateRow(Sink, 'Thing', row, 'insert');
        const accepted = await serverAcceptsOp(rawInsert(row));
        expect({ row, issues: issues.map((i) => `${i.path}: ${i.message}`), accepted }).toEqual({
          row,
          issues: accepted ? [] : expect.arrayContaining([expect.any(String)]),
          accepted: issues.length === 0,
        });
      }),
      { numRuns: 200 },
    );
  });

  // A condition or mutation with the right JavaScript type for its column but any function or
  // mutator and any value: both sides must agree on what parses (the table stays empty, so a
  // mutate is only parsed, never applied).
  const columnValue: Record<string, fc.Arbitrary<unknown>> = {
    name: text,
    kind: fc.constantFrom('red', 'mauve', ''),
    prio: fc.integer({ min: -2, max: 102 }),
    big: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(2n ** 62n)),
    ratio: fc.constantFrom(0, 0.5, 1, 1.5, -1),
    // An optional column also takes a set of elements (includes/excludes, insert/delete).
    nick: fc.oneof(fc.option(text, { nil: undefined }), fc.array(text, { maxLength: 3 })),
    tags: fc.array(fc.constantFrom('x', 'y', 'X'), { maxLength: 3 }),
    slots: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 5 }),
    labels: fc.dictionary(fc.constantFrom('a', 'b', 'A'), text),
  };
  const scalarValue: Record<string, fc.Arbitrary<unknown>> = {
    ...columnValue,
    nick: text,
    tags: fc.constantFrom('x', 'y'),
    slots: fc.integer({ min: 0, max: 10 }),
    labels: fc.constantFrom('a', 'b'),
  };
  const columnNames = Object.keys(columnValue);

  /** `[column, fn, value]` with any column, one of `fns`, and a value of the column's type or one element. */
  const clauses = <F extends string>(fns: readonly F[]) =>
    fc
      .constantFrom(...columnNames)
      .chain((column) =>
        fc.tuple(
          fc.constant(column),
          fc.constantFrom(...fns),
          fc.oneof(columnValue[column]!, scalarValue[column]!),
        ),
      );

  function rawValue(column: string, value: unknown, asElements: boolean): WireValue {
    const t = codec.columns.get(column)!.type;
    if (asElements && Array.isArray(value))
      return [
        'set',
        value.map((v) =>
          typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? v : String(v),
        ),
      ];
    if (asElements && t.max === 1 && value !== undefined && !Array.isArray(value)) return value as WireValue;
    // A map column's codec is only given objects (a string would encode as its characters).
    if (t.value && (typeof value !== 'object' || value === null || Array.isArray(value)))
      throw new Error('not a map');
    return codec.columns.get(column)!.encode(value);
  }

  // A where list of zero to three clauses, some of them the boolean conditions true/false.
  const whereArb = fc.array(
    fc.oneof(clauses(['==', '!=', 'includes', 'excludes', '<', '<=', '>', '>=']), fc.boolean()),
    { maxLength: 3 },
  );

  /** The where list encoded without our checks, or undefined if a value has no wire form here. */
  function rawWhere(where: ReadonlyArray<readonly [string, string, unknown] | boolean>) {
    try {
      // includes/excludes take a set of elements (on an optional column too); the other functions
      // a value of the column's own type.
      return where.map((c) =>
        typeof c === 'boolean'
          ? c
          : [c[0], c[1], rawValue(c[0], c[2], c[1] === 'includes' || c[1] === 'excludes')],
      );
    } catch {
      return undefined;
    }
  }

  it('agrees on conditions, and the server accepts what we encode', async () => {
    await fc.assert(
      fc.asyncProperty(whereArb, async (where) => {
        const ours = weAccept({ op: 'select', table: 'Thing', where });
        const raw = rawWhere(where);
        fc.pre(raw !== undefined);
        const theirs = await serverAcceptsOp({ op: 'select', table: 'Thing', where: raw } as Operation);
        expect({ where, accepted: ours }).toEqual({ where, accepted: theirs });
        if (ours) {
          const [compiled] = compileOperations(Sink, [{ op: 'select', table: 'Thing', where }]);
          expect({ where, encodedAccepted: await serverAcceptsOp(compiled!) }).toEqual({
            where,
            encodedAccepted: true,
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  /** A mutation whose value has the right JavaScript shape for its mutator (the types check that). */
  const mutationArb = clauses(['+=', '-=', '*=', '/=', '%=', 'insert', 'delete']).filter(
    ([, mutator, value]) => {
      const arithmetic = !['insert', 'delete'].includes(mutator);
      // Division by zero: the server refuses it only when a row is mutated (domain error); we
      // refuse it before sending, on purpose, so that it never depends on what matched.
      if (['/=', '%='].includes(mutator) && value === 0) return false;
      return arithmetic
        ? !Array.isArray(value) && typeof value !== 'object'
        : Array.isArray(value) || (typeof value === 'object' && value !== null);
    },
  );

  it('agrees on mutation lists (empty ones too), and the server accepts what we encode', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { maxLength: 2 }), async (mutations) => {
        const op = { op: 'mutate', table: 'Thing', where: [], mutations } as const;
        const ours = weAccept(op);
        const wire = mutations.map(([column, mutator, value]) => [
          column,
          mutator,
          ['insert', 'delete'].includes(mutator) ? rawValue(column, value, true) : (value as WireValue),
        ]);
        const theirs = await serverAcceptsOp({ ...op, mutations: wire } as unknown as Operation);
        expect({ mutations, accepted: ours }).toEqual({ mutations, accepted: theirs });
        if (ours) {
          const [compiled] = compileOperations(Sink, [op]);
          expect({ mutations, encodedAccepted: await serverAcceptsOp(compiled!) }).toEqual({
            mutations,
            encodedAccepted: true,
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  // The set-size rules, case by case (slots holds 0 to 3 integers in 1..9): ovsdb-server checks
  // == and != against the column type, relaxes only the min for includes and insert, and takes
  // any size for excludes and delete; each element must still be in range.
  it.each([
    ['slots', '==', [1, 2, 3, 4], false],
    ['slots', '!=', [1, 2, 3, 4], false],
    ['slots', 'includes', [1, 2, 3, 4], false],
    ['slots', 'includes', [], true],
    ['slots', 'excludes', [1, 2, 3, 4], true],
    ['slots', 'excludes', [0], false],
    ['slots', 'insert', [1, 2, 3, 4], false],
    ['slots', 'delete', [1, 2, 3, 4], true],
    ['slots', 'delete', [10], false],
    ['labels', 'delete', ['a', 'b'], true],
    // An optional column (0..1) given a set: includes up to one element, excludes any number.
    ['nick', 'includes', [], true],
    ['nick', 'includes', ['a', 'b'], false],
    ['nick', 'excludes', ['a', 'b', 'c'], true],
  ] as const)('%s %s %j: accepted = %s, by us and by the server', async (column, fn, elements, expected) => {
    const isMutation = fn === 'insert' || fn === 'delete';
    const op = (value: unknown) =>
      (isMutation
        ? { op: 'mutate', table: 'Thing', where: [], mutations: [[column, fn, value]] }
        : { op: 'select', table: 'Thing', where: [[column, fn, value]] }) as never;
    expect(weAccept(op([...elements]))).toBe(expected);
    // The server gets the same operation encoded without our checks.
    expect(await serverAcceptsOp(op(['set', [...elements]]))).toBe(expected);
  });
});

// Column defaults (RFC 7047 5.2.1), min-1 types above all: for random column types, a row
// inserted without the column is refused by the server exactly when our validator refuses it,
// and when accepted, the value `select` returns, the codec's defaultValue and the replica agree.
describe('column defaults agree with ovsdb-server', () => {
  it('for random column types: insert without the column, select, replica', async () => {
    // A failure names its seed: DEFAULTS_SEED=<seed> replays the same schemas.
    const seed = Number(process.env.DEFAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.info(`column-default schemas from seed ${seed}`);
    await fc.assert(
      fc.asyncProperty(fc.array(columnTypeArb, { minLength: 1, maxLength: 6 }), async (types) => {
        const json = schemaWithColumns(types);
        const schema = parseSchema(json);
        const dir = makeTempDir('ovnkit-defaults-');
        const file = join(dir, 'generated.ovsschema');
        writeFileSync(file, JSON.stringify(json));
        const own = await startOvsdbServer({ schemas: [file] });
        const rpc = await connect({ remote: own.remote });
        let session: ReturnType<typeof openSession> | undefined;
        try {
          const filled: string[] = [];
          for (const [i, type] of types.entries()) {
            const table = `C${i}`;
            const weAllow = validateRow(schema, table, {}, 'insert').length === 0;
            let serverAllows = true;
            try {
              await rpc.transact('Generated', [{ op: 'insert', table, row: {} }]);
            } catch (err) {
              if (!(err instanceof OvsdbServerError)) throw err;
              serverAllows = false;
            }
            expect({ type, insertWithoutColumn: weAllow }).toEqual({
              type,
              insertWithoutColumn: serverAllows,
            });
            if (!serverAllows) continue;
            filled.push(table);
            const [sel] = (await rpc.transact('Generated', [{ op: 'select', table, where: [] }])) as [
              { rows: Record<string, WireValue>[] },
            ];
            const held = sel.rows[0]!.v!;
            const columnType = schema.tables[table]!.columns.v!.type;
            expect({ type, wire: held }).toEqual({ type, wire: defaultWireValue(columnType) });
            expect({ type, value: compileValueCodec(columnType).defaultValue }).toEqual({
              type,
              value: rowCodec(schema, table).decodeRow(sel.rows[0]!).v,
            });
          }
          // Opened after the inserts, so its initial monitor reply holds every row.
          session = openSession({
            remote: own.remote,
            db: 'Generated',
            tables: Object.fromEntries(types.map((_, i) => [`C${i}`, {}])),
          });
          await session.ready;
          for (const table of filled) {
            const [row] = [...session.replica.table(table).rows()] as unknown as Record<string, unknown>[];
            const columnType = schema.tables[table]!.columns.v!.type;
            expect({ table, replica: row?.v }).toEqual({
              table,
              replica: compileValueCodec(columnType).defaultValue,
            });
          }
        } finally {
          await session?.close();
          await rpc.close();
          await own.stop();
          removeTempDir(dir);
        }
      }),
      { numRuns: 8, seed },
    );
  });
});
