// `find TABLE COLUMN[:KEY]OP VALUE` conditions of db-ctl (lib/db-ctl-base.c check_condition,
// evaluate_relop), over native rows.

import type { ColumnType } from '@ovnkit/ovsdb';
import {
  type NativeAtom as Atom,
  compareAtoms,
  type Datum,
  DatumSyntaxError,
  datumFromString,
  datumPairs,
  parseToken,
} from '@ovnkit/ovsdb';
import type { NbRow, TableInfo } from '../nb/snapshot.js';
import { matchColumn } from './table-match.js';

const OPERATORS = [
  '=',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '{=}',
  '{!=}',
  '{<}',
  '{>}',
  '{<=}',
  '{>=}',
  '{in}',
  '{not-in}',
] as const;
type Operator = (typeof OPERATORS)[number];
const SET_OPERATORS: readonly Operator[] = ['{=}', '{!=}', '{<}', '{>}', '{<=}', '{>=}', '{in}', '{not-in}'];

export interface Condition {
  readonly column: string;
  readonly key?: Atom;
  readonly op: Operator;
  readonly want: Datum;
  /** The type `want` and the compared value share. */
  readonly type: ColumnType;
}

export function parseCondition(table: TableInfo, arg: string): Condition {
  const col = parseToken(arg, 0);
  if (col.token === '') throw new DatumSyntaxError(`${arg}: missing column name`);
  const column = matchColumn(table, col.token);
  const ctype = table.columns[column]!;
  let p = col.end;
  let keyText: string | undefined;
  if (arg[p] === ':') {
    const k = parseToken(arg, p + 1);
    keyText = k.token;
    p = k.end;
  }
  let op: Operator | undefined;
  for (const o of OPERATORS) {
    if ((!op || o.length > op.length) && arg.startsWith(o, p) && arg.length > p + o.length) op = o;
  }
  if (!op)
    throw new DatumSyntaxError(
      `${arg}: argument does not end in "${OPERATORS.join('", "')}" followed by a value.`,
    );
  const valueText = arg.slice(p + op.length);
  if (keyText !== undefined) {
    if (ctype.value === undefined)
      throw new DatumSyntaxError(`cannot specify key to check for non-map column ${column}`);
    const key = datumFromString(keyText, { key: ctype.key, min: 1, max: 1 }).keys[0]!;
    const type: ColumnType = { key: ctype.value, min: ctype.min, max: Number.POSITIVE_INFINITY };
    return { column, key, op, want: datumFromString(valueText, type), type };
  }
  return {
    column,
    op,
    want: datumFromString(valueText, ctype),
    type: { ...ctype, max: Number.POSITIVE_INFINITY },
  };
}

function compareDatums(a: Datum, b: Datum, type: ColumnType): number {
  if (a.keys.length !== b.keys.length) return a.keys.length < b.keys.length ? -1 : 1;
  for (let i = 0; i < a.keys.length; i++) {
    const c = compareAtoms(a.keys[i]!, b.keys[i]!, type.key.type);
    if (c) return c;
  }
  if (type.value !== undefined) {
    for (let i = 0; i < a.keys.length; i++) {
      const c = compareAtoms(a.values![i]!, b.values![i]!, type.value.type);
      if (c) return c;
    }
  }
  return 0;
}

function has(d: Datum, key: Atom, value: Atom | undefined, type: ColumnType): boolean {
  const i = d.keys.findIndex((k) => compareAtoms(k, key, type.key.type) === 0);
  return i >= 0 && (type.value === undefined || compareAtoms(d.values![i]!, value!, type.value.type) === 0);
}
const includesAll = (a: Datum, b: Datum, t: ColumnType): boolean =>
  a.keys.length <= b.keys.length && a.keys.every((k, i) => has(b, k, a.values?.[i], t));
const excludesAll = (a: Datum, b: Datum, t: ColumnType): boolean =>
  a.keys.every((k, i) => !has(b, k, a.values?.[i], t));

function evaluate(a: Datum, b: Datum, type: ColumnType, op: Operator): boolean {
  switch (op) {
    case '=':
    case '{=}':
      return compareDatums(a, b, type) === 0;
    case '!=':
    case '{!=}':
      return compareDatums(a, b, type) !== 0;
    case '<':
      return compareDatums(a, b, type) < 0;
    case '>':
      return compareDatums(a, b, type) > 0;
    case '<=':
      return compareDatums(a, b, type) <= 0;
    case '>=':
      return compareDatums(a, b, type) >= 0;
    case '{<}':
      return b.keys.length > a.keys.length && includesAll(a, b, type);
    case '{>}':
      return a.keys.length > b.keys.length && includesAll(b, a, type);
    case '{<=}':
    case '{in}':
      return includesAll(a, b, type);
    case '{>=}':
      return includesAll(b, a, type);
    case '{not-in}':
      return excludesAll(a, b, type);
  }
}

export function rowSatisfies(table: TableInfo, row: NbRow, cond: Condition): boolean {
  const ctype = table.columns[cond.column]!;
  const pairs = datumPairs(row[cond.column], ctype);
  if (cond.key !== undefined) {
    const hit = pairs.find(([k]) => compareAtoms(k, cond.key!, ctype.key.type) === 0);
    if (!hit && !SET_OPERATORS.includes(cond.op)) return false;
    return evaluate({ keys: hit ? [hit[1]!] : [] }, cond.want, cond.type, cond.op);
  }
  const have: Datum =
    ctype.value !== undefined
      ? { keys: pairs.map((x) => x[0]), values: pairs.map((x) => x[1]!) }
      : { keys: pairs.map((x) => x[0]) };
  return evaluate(have, cond.want, cond.type, cond.op);
}
