// Value equality in the native form: sets compare as sets, maps as maps, optional = undefined.

export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? a : a === undefined ? [] : [a];
    const y = Array.isArray(b) ? b : b === undefined ? [] : [b];
    if (x.length !== y.length) return false;
    const sx = x.map(String).sort();
    const sy = y.map(String).sort();
    return sx.every((v, i) => v === sy[i]);
  }
  if (isRecord(a) || isRecord(b)) {
    const x = isRecord(a) ? a : {};
    const y = isRecord(b) ? b : {};
    const kx = Object.keys(x);
    if (kx.length !== Object.keys(y).length) return false;
    return kx.every((k) => k in y && String(x[k]) === String(y[k]));
  }
  if (a === undefined || b === undefined) return a === b;
  return a === b || (typeof a === 'bigint' || typeof b === 'bigint' ? String(a) === String(b) : false);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
