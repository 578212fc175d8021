// The replies to an early read (early/early-read.ts), split with @ovnkit/ovsdb's JsonSplitter.
import { JsonSplitter } from '@ovnkit/ovsdb';
import { EARLY_MONITOR_ID, EARLY_SCHEMA_ID, type EarlyRead } from '../early/early-read.js';

/** The get_schema and monitor_cond results; each undefined on any failure or error reply. */
export interface EarlyReplies {
  readonly schema: Promise<unknown>;
  readonly updates: Promise<unknown>;
}

interface Message {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: unknown;
}

/** Takes over the early read's connection and closes it once the monitor reply is in. */
export function earlyReplies(early: EarlyRead): EarlyReplies {
  let settleSchema!: (v: unknown) => void;
  let settleUpdates!: (v: unknown) => void;
  const schema = new Promise<unknown>((r) => (settleSchema = r));
  const updates = new Promise<unknown>((r) => (settleUpdates = r));
  const finish = (result: unknown) => {
    settleSchema(undefined); // a no-op once the schema has arrived
    settleUpdates(result);
    early.close();
  };
  const onMessage = (value: unknown) => {
    const m = value as Message;
    // An inactivity probe from the server (tcp): answer it, as any OVSDB client must.
    if (m.method === 'echo') early.send(JSON.stringify({ id: m.id, result: m.params, error: null }));
    else if (m.id === EARLY_SCHEMA_ID) settleSchema(m.error == null ? m.result : undefined);
    else if (m.id === EARLY_MONITOR_ID) finish(m.error == null ? m.result : undefined);
  };
  const splitter = new JsonSplitter();
  early.adopt(
    (chunk) => {
      try {
        splitter.push(chunk, onMessage);
      } catch {
        finish(undefined);
      }
    },
    () => finish(undefined),
  );
  return { schema, updates };
}
