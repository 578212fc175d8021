// Rows whose large set columns are SetVersions. Such a column is an enumerable accessor of the
// frozen row that returns the version's frozen array (built on first read, then the same object),
// so readers see the plain value; the replica itself reaches the version through a WeakMap and never
// builds the array of a version nobody reads.
import type { ValueDecoder } from '../model/value-codec.js';
import { LARGE_SET, SetVersion, toggleLargeSet } from './set-versions.js';

const versionsOf = new WeakMap<object, ReadonlyMap<string, SetVersion>>();

// util.inspect (console.log) of such a row prints its values, not `[Getter]`.
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
function inspectRow(this: object): object {
  return { ...this };
}

/** The SetVersions of `row`'s columns, if it has any (one WeakMap lookup). */
export function setVersionsOf(row: object): ReadonlyMap<string, SetVersion> | undefined {
  return versionsOf.get(row);
}

/**
 * Column `col`'s stored value after an update2 diff: large sets (LARGE_SET elements or more, or
 * already versioned) without a copy, anything else through the codec as before.
 */
export function applyColumnDiff(col: ValueDecoder, current: unknown, diff: unknown): unknown {
  if (col.toggledBy !== undefined) {
    if (current instanceof SetVersion) return toggleLargeSet(current, col.toggledBy(diff));
    if (Array.isArray(current) && current.length >= LARGE_SET)
      return toggleLargeSet(current, col.toggledBy(diff));
  }
  return col.applyDiff(current, diff);
}

/** Stores `version` as column `name` of the row being built: an enumerable accessor returning its array. */
export function defineSetColumn(row: object, name: string, version: SetVersion): void {
  Object.defineProperty(row, name, { get: () => version.toArray(), enumerable: true });
}

/** Records the versions of a row built with defineSetColumn, before it is frozen. */
export function recordSetVersions(row: object, versions: ReadonlyMap<string, SetVersion>): void {
  Object.defineProperty(row, INSPECT, { value: inspectRow });
  versionsOf.set(row, versions);
}
