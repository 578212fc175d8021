// Random column types in .ovsschema JSON form, within what ovsdb-server accepts: every atomic
// type as key or map value, with or without an enum, a range, a length limit or a reference
// (strong or weak, to table R), and min 1 in most cases (min 0 now and then, for contrast).
// Constraints are small and often exclude the default atom, so both "the server fills in the
// default" and "the server refuses a row without the column" come up.
import fc from 'fast-check';

type Json = Record<string, unknown>;

/** `["set", atoms]`: an enum of one or more distinct atoms. */
const enumOf = <T>(atoms: readonly T[]) =>
  fc.uniqueArray(fc.constantFrom(...atoms), { minLength: 1, maxLength: 3 }).map((a) => ['set', a]);

/** An optional lower and upper bound (lower <= upper) drawn from `values`, under `lo`/`hi` names. */
const bounds = <T extends number>(values: readonly T[], lo: string, hi: string) =>
  fc.tuple(fc.option(fc.constantFrom(...values)), fc.option(fc.constantFrom(...values))).map(([a, b]) => {
    const out: Json = {};
    if (a !== null && b !== null && a > b) [a, b] = [b, a];
    if (a !== null) out[lo] = a;
    if (b !== null) out[hi] = b;
    return out;
  });

/** A base type: an enum or other constraints, never both (ovsdb-server ignores the rest next to an enum). */
export const baseTypeArb: fc.Arbitrary<Json> = fc.oneof(
  fc
    .oneof(
      fc.constant({}),
      bounds([-2, 0, 1, 3] as const, 'minInteger', 'maxInteger'),
      enumOf([0, 1, 2, -1]).map((e) => ({ enum: e })),
    )
    .map((c) => ({ type: 'integer', ...c })),
  fc
    .oneof(
      fc.constant({}),
      bounds([-1.5, 0, 0.5, 2] as const, 'minReal', 'maxReal'),
      enumOf([0, 0.5, -2.25]).map((e) => ({ enum: e })),
    )
    .map((c) => ({ type: 'real', ...c })),
  fc
    .oneof(
      fc.constant({}),
      enumOf([true, false]).map((e) => ({ enum: e })),
    )
    .map((c) => ({ type: 'boolean', ...c })),
  fc
    .oneof(
      fc.constant({}),
      bounds([0, 1, 2] as const, 'minLength', 'maxLength'),
      enumOf(['', 'a', 'B']).map((e) => ({ enum: e })),
    )
    .map((c) => ({ type: 'string', ...c })),
  fc
    .oneof(
      fc.constant({}),
      fc.constantFrom('strong', 'weak').map((refType) => ({ refTable: 'R', refType })),
    )
    .map((c) => ({ type: 'uuid', ...c })),
);

/** A column type: set (scalar when max is 1) or map, mostly with min 1. */
export const columnTypeArb: fc.Arbitrary<Json> = fc
  .record({
    key: baseTypeArb,
    value: fc.option(baseTypeArb, { nil: undefined }),
    min: fc.constantFrom(1, 1, 1, 0),
    max: fc.constantFrom(1, 2, 3, 'unlimited'),
  })
  .map(({ value, ...t }) => (value === undefined ? t : { ...t, value }));

/** A schema with one table per column type (C0, C1, ..., each with column `v`) and the reference target R. */
export function schemaWithColumns(types: readonly Json[]): Json {
  const tables: Json = { R: { columns: { n: { type: 'integer' } }, isRoot: true } };
  types.forEach((type, i) => {
    tables[`C${i}`] = { columns: { v: { type } }, isRoot: true };
  });
  return { name: 'Generated', version: '1.0.0', tables };
}
