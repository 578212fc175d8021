// Sessions to servers of one database (a session per zone, per remote) get the same schema text:
// parsing it once and keeping one copy of the text and of the parsed schema saves about 50 KB of
// heap per session. Parsed schemas are read-only, so sharing them is safe. A few texts are kept
// (a schema upgrade adds one); the oldest goes first.
import { parseSchema } from '../schema/parse-schema.js';
import type { DatabaseSchema } from '../schema/types.js';

const MAX_KEPT = 4;
const kept = new Map<string, SharedSchema>();

export interface SharedSchema {
  /** The schema's JSON text (the one copy every session holding this schema keeps). */
  readonly text: string;
  readonly schema: DatabaseSchema;
}

/** The parsed schema of `json`, whose text is `text`; shared with every earlier caller of the same text. */
export function sharedSchema(text: string, json: unknown): SharedSchema {
  const hit = kept.get(text);
  if (hit) {
    // Most recently used last, so that the oldest is the first key.
    kept.delete(text);
    kept.set(text, hit);
    return hit;
  }
  const entry: SharedSchema = { text, schema: parseSchema(json) };
  if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value as string);
  kept.set(text, entry);
  return entry;
}
