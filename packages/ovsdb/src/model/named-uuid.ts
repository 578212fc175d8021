// A reference to a row inserted earlier in the same transaction (RFC 7047 5.1 <named-uuid>).
import { isIdentifier } from '../wire/notation.js';

const NAMED = Symbol.for('ovnkit.ovsdb.NamedUuid');

/** A reference to the row an insert of the same transaction names (`uuid-name`). */
export interface NamedUuid {
  readonly [NAMED]: true;
  /** The `uuid-name` given to the insert. */
  readonly name: string;
}

/** Refers to the row that an insert with `{ uuidName: name }` creates in the same transaction. */
export function namedUuid(name: string): NamedUuid {
  if (!isIdentifier(name)) {
    throw new TypeError(
      `namedUuid: ${JSON.stringify(name)} is not a valid uuid-name (letters, digits, _; not starting with a digit)`,
    );
  }
  return Object.freeze({ [NAMED]: true as const, name });
}

/** Whether `v` is a {@link NamedUuid}. */
export function isNamedUuid(v: unknown): v is NamedUuid {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[NAMED] === true;
}
