// Raised when a value does not follow RFC 7047 notation (section 5.1), naming what was wrong.
import { OvsdbError } from '../errors/ovsdb-error.js';

/** A value does not follow RFC 7047 notation (section 5.1); the message says what was wrong. */
export class WireFormatError extends OvsdbError {
  override name = 'WireFormatError';
  /** Where in the value the problem is, e.g. `rows[3].external_ids`. Empty for the whole value. */
  readonly path: string;

  constructor(message: string, path = '') {
    super(path ? `${path}: ${message}` : message);
    this.path = path;
  }
}
