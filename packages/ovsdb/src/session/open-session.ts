// The public entry: openSession(options) starts connecting at once and returns the Session.
import type { TableRows } from '../replica/types.js';
import { connectWithClient } from './client-adapter.js';
import type { SessionOptions } from './options.js';
import { Session } from './session.js';

/**
 * Opens a session that keeps a replica of `options.tables` of `options.db` in sync (see Session).
 * `await session.ready` for the first snapshot; `session.close()` when done.
 */
export function openSession<T extends TableRows = TableRows>(options: SessionOptions): Session<T> {
  return new Session<T>(options, connectWithClient);
}
