// Client-side validation must agree with ovsdb-server: for random rows (valid or not), our
// validator accepts a row exactly when the real server accepts it. The rows are sent raw (encoded
// without validation) inside a transaction that ends in `abort`, so the database never changes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AbortedError,
  ConnectionClosedError,
  compileOperations,
  connect,
  type Operation,
  type OvsdbClient,
  OvsdbServerError,
  rowCodec,
  validateRow,
  type WireValue,
} from '@ovnkit/ovsdb';
import { type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';
import fc from 'fast-check';
import { Sink } from '../types/sink-schema.js';

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

// Values around every constraint of the Thing table: enums, ranges, lengths, set sizes, duplicates.
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '字', '😀'), maxLength: 10 });
const rowArb = fc.record(
  {
    name: text,
    kind: fc.constantFrom('red', 'green', 'blue', 'mauve', ''),
    prio: fc.integer({ min: -3, max: 103 }),
    big: fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
    ratio: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
    nick: fc.option(text, { nil: undefined }),
    tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 4 }),
    slots: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 5 }),
    labels: fc.dictionary(fc.constantFrom('a', 'b', 'k8s.ovn.org/id'), text),
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
    nick: fc.option(text, { nil: undefined }),
    tags: fc.array(fc.constantFrom('x', 'y'), { maxLength: 3 }),
    slots: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 5 }),
    labels: fc.dictionary(fc.constantFrom('a', 'b'), text),
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

  it('agrees on conditions', async () => {
    const cond = clauses(['==', '!=', 'includes', 'excludes', '<', '<=', '>', '>=']);
    await fc.assert(
      fc.asyncProperty(cond, async ([column, fn, value]) => {
        const ours = weAccept({ op: 'select', table: 'Thing', where: [[column, fn, value]] });
        const shapeOk = (() => {
          try {
            return rawValue(column, value, false);
          } catch {
            return undefined;
          }
        })();
        fc.pre(shapeOk !== undefined);
        const theirs = await serverAcceptsOp({
          op: 'select',
          table: 'Thing',
          where: [[column, fn, shapeOk as WireValue]],
        } as Operation);
        expect({ column, fn, value, accepted: ours }).toEqual({ column, fn, value, accepted: theirs });
      }),
      { numRuns: 150 },
    );
  });

  it('agrees on mutations', async () => {
    const mutation = clauses(['+=', '-=', '*=', '/=', '%=', 'insert', 'delete']);
    await fc.assert(
      fc.asyncProperty(mutation, async ([column, mutator, value]) => {
        const arithmetic = !['insert', 'delete'].includes(mutator);
        // Values of the wrong JavaScript shape for the mutator are refused by the types already.
        fc.pre(
          arithmetic
            ? !Array.isArray(value) && typeof value !== 'object'
            : Array.isArray(value) || (typeof value === 'object' && value !== null),
        );
        // Division by zero: the server refuses it only when a row is mutated (domain error); we
        // refuse it before sending, on purpose, so that it never depends on what matched.
        fc.pre(!(['/=', '%='].includes(mutator) && value === 0));
        const ours = weAccept({
          op: 'mutate',
          table: 'Thing',
          where: [],
          mutations: [[column, mutator, value]],
        });
        const wire = arithmetic ? (value as WireValue) : rawValue(column, value, true);
        const theirs = await serverAcceptsOp({
          op: 'mutate',
          table: 'Thing',
          where: [],
          mutations: [[column, mutator, wire]],
        } as Operation);
        expect({ column, mutator, value, accepted: ours }).toEqual({
          column,
          mutator,
          value,
          accepted: theirs,
        });
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
