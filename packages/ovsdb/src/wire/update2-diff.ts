// Applying an update2 `modify` diff to a column value, per ovsdb-server(7) 4.1.14:
// - a column that holds at most one value (max 1: scalars and optional columns) gets the new
//   value itself (ovsdb-server sends the whole new datum; checked against 3.1);
// - a set column gets the symmetric difference: elements in the diff are toggled;
// - a map column gets, for each pair in the diff: added when the key is new, removed when the
//   key holds that same value, replaced when the key holds another value.
import { atomKey, isWireAtom, mapPairs, setElements, type WireAtom, type WireValue } from './notation.js';
import { WireFormatError } from './wire-format-error.js';

/** How a column's update2 diff is applied; derive it from the column type (max and value). */
export type DiffKind = 'replace' | 'set' | 'map';

export function applyUpdate2Diff(old: WireValue | undefined, diff: WireValue, kind: DiffKind): WireValue {
  if (kind === 'replace') return diff;
  if (kind === 'set') return ['set', applySetDiff(old, diff)];
  return ['map', applyMapDiff(old, diff)];
}

function applySetDiff(old: WireValue | undefined, diff: WireValue): WireAtom[] {
  const before = old === undefined ? [] : setElements(old);
  if (!before) throw new WireFormatError('current value is not a set');
  const toggled = setElements(diff);
  if (!toggled) throw new WireFormatError('set diff is not a set');
  const inDiff = new Map<string, WireAtom>();
  for (const a of toggled) inDiff.set(atomKey(a), a);
  const out: WireAtom[] = [];
  for (const a of before) {
    const k = atomKey(a);
    // Present in both: the diff removes it.
    if (inDiff.has(k)) inDiff.delete(k);
    else out.push(a);
  }
  for (const a of inDiff.values()) out.push(a);
  return out;
}

function applyMapDiff(old: WireValue | undefined, diff: WireValue): Array<readonly [WireAtom, WireAtom]> {
  const before = old === undefined ? [] : mapPairs(old);
  if (!before) throw new WireFormatError('current value is not a map');
  const changes = mapPairs(diff);
  if (!changes) throw new WireFormatError('map diff is not a map');
  const byKey = new Map<string, readonly [WireAtom, WireAtom]>();
  for (const p of before) byKey.set(atomKey(p[0]), p);
  for (const p of changes) {
    if (p.length !== 2 || !isWireAtom(p[0]) || !isWireAtom(p[1]))
      throw new WireFormatError('map diff pair is malformed');
    const k = atomKey(p[0]);
    const cur = byKey.get(k);
    if (cur === undefined) byKey.set(k, p);
    else if (atomKey(cur[1]) === atomKey(p[1])) byKey.delete(k);
    else byKey.set(k, p);
  }
  return [...byKey.values()];
}
