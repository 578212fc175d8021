// Value equality in the native form: sets compare as sets, maps as maps, optional = undefined.
// Hot path of every reconcile (every column of every owned row), hence the fast paths.

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return sameSet(asList(a), asList(b));
  if (isRecord(a) || isRecord(b)) return sameMap(isRecord(a) ? a : {}, isRecord(b) ? b : {});
  if (typeof a === 'bigint' || typeof b === 'bigint')
    return a !== undefined && b !== undefined && String(a) === String(b);
  return false;
}

const asList = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function sameSet(x: readonly unknown[], y: readonly unknown[]): boolean {
  if (x.length !== y.length) return false;
  if (x.length === 0) return true;
  if (x.length === 1) return x[0] === y[0];
  const sx = x.map(String).sort();
  const sy = y.map(String).sort();
  for (let i = 0; i < sx.length; i++) if (sx[i] !== sy[i]) return false;
  return true;
}

function sameMap(x: Readonly<Record<string, unknown>>, y: Readonly<Record<string, unknown>>): boolean {
  let nx = 0;
  for (const k in x) {
    nx++;
    const vx = x[k];
    const vy = y[k];
    if (vx !== vy && (vy === undefined || String(vx) !== String(vy))) return false;
  }
  let ny = 0;
  for (const _ in y) ny++;
  return nx === ny;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
}

/** The columns of `desired` (restricted to `columns`) whose value differs in `current`. */
export function changedColumns(
  columns: readonly string[],
  desired: object,
  current: object,
): Record<string, unknown> {
  const d = desired as Readonly<Record<string, unknown>>;
  const cur = current as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const c of columns) if (!sameValue(d[c], cur[c])) out[c] = d[c];
  return out;
}
