// For tests: a reply as a `rawObjects` caller receives it from the connection (the splitter's raw
// path, every message raw), split into chunks at the given byte offsets.

import type { JsonValue } from '../json/json-value.js';
import { type RawMessage, RawObject } from '../json/raw-message.js';
import { JsonSplitter } from './json-splitter.js';

/** The RawMessage of `text` pushed through a splitter in chunks cut at `cuts` (sorted offsets). */
export function rawMessageOf(text: string | Buffer, cuts: readonly number[] = []): RawMessage {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const s = new JsonSplitter();
  let out: RawMessage | undefined;
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    s.push(
      bytes.subarray(prev, c),
      () => {
        throw new Error('expected a raw message');
      },
      (m) => {
        out = m;
      },
      0,
    );
    prev = c;
  }
  s.end();
  if (!out) throw new Error('no message');
  return out;
}

/** The `result` of the reply `{"id":1,"result":<resultJson>,"error":null}`, RawObjects and all. */
export function rawResult(resultJson: string, cuts: readonly number[] = []): JsonValue {
  const msg = rawMessageOf(`{"id":1,"result":${resultJson},"error":null}`, cuts);
  const v = (msg.skeleton() ?? msg.decodeAll()) as { result: JsonValue };
  return v.result;
}

/** `v` with every RawObject parsed, walking objectMembers/soleMember where they apply. */
export function resolveRaw(v: unknown): unknown {
  if (v instanceof RawObject) {
    const m = v.message.objectMembers(v.span);
    if (!m) return resolveRaw(v.message.parse(v.span));
    const out: Record<string, unknown> = {};
    for (let i = 0; i < m.keys.length; i++)
      out[m.keys[i]!] = resolveRaw(new RawObject(v.message, m.spans[i]!));
    return out;
  }
  if (Array.isArray(v)) return v.map(resolveRaw);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRaw(x)]));
  return v;
}
