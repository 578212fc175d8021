// Table and column name matching of db-ctl (lib/db-ctl-base.c score_partial_match, get_table,
// get_column): case-insensitive, '-' equals '_', and an unambiguous prefix is enough.
import type { TableInfo } from '../nb/snapshot.js';

export class NameMatchError extends Error {
  override name = 'NameMatchError';
}

const norm = (c: string | undefined): string => (c === '-' ? '_' : (c ?? '').toLowerCase());

export function scorePartialMatch(name: string, s: string): number {
  if (name === s) return Number.MAX_SAFE_INTEGER;
  let score = 0;
  for (; ; score++) {
    if (norm(name[score]) !== norm(s[score])) break;
    if (score >= name.length) return Number.MAX_SAFE_INTEGER - 1;
  }
  return score >= s.length ? score : 0;
}

function bestMatch(names: readonly string[], wanted: string): string[] {
  let best = 0;
  let matches: string[] = [];
  for (const n of names) {
    const score = scorePartialMatch(n, wanted);
    if (score && score >= best) {
      if (score > best) matches = [];
      matches.push(n);
      best = score;
    }
  }
  return matches;
}

export function matchTable(tables: readonly string[], wanted: string): string {
  const m = bestMatch(tables, wanted);
  if (m.length === 0) throw new NameMatchError(`unknown table "${wanted}"`);
  if (m.length > 1)
    throw new NameMatchError(`"${wanted}" matches multiple table names: ${[...m].sort().join(', ')}`);
  return m[0]!;
}

export function matchColumn(table: TableInfo, wanted: string): string {
  const m = bestMatch(Object.keys(table.columns).sort(), wanted);
  if (m.length === 0)
    throw new NameMatchError(`${table.name} does not contain a column whose name matches "${wanted}"`);
  if (m.length > 1)
    throw new NameMatchError(
      `${table.name} contains more than one column whose name matches "${wanted}": ${[...m].sort().join(', ')}`,
    );
  return m[0]!;
}
