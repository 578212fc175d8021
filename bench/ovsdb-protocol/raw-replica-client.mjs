// The raw anchor for a client that keeps a replica, as a real controller does: a bare socket that
// monitors the tables it writes (monitor_cond_since, like a session), frames every message with a
// minimal scanner, JSON.parses it, applies each update3 to plain Maps (sets toggled by the diff,
// as update2 defines), and sends transactions formatted at send time. No schema typing, no
// validation, no error types: the least a correct replica client must do per transaction.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** Column kinds of `tables` from the schema file: 'map', 'set' or 'scalar' (diffs differ). */
function columnKinds(schemaFile, tables) {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  const kinds = {};
  for (const [t, columns] of Object.entries(tables)) {
    kinds[t] = {};
    for (const c of columns) {
      const type = schema.tables[t].columns[c].type;
      const max = typeof type === 'object' ? (type.max ?? 1) : 1;
      const min = typeof type === 'object' ? (type.min ?? 1) : 1;
      kinds[t][c] =
        typeof type === 'object' && type.value ? 'map' : max !== 1 || min !== 1 ? 'set' : 'scalar';
    }
  }
  return kinds;
}

const atomKey = (a) => (Array.isArray(a) ? a[1] : a);

function toValue(kind, v) {
  if (kind === 'scalar') return v;
  if (kind === 'map') return new Map(v[1].map(([k, x]) => [atomKey(k), x]));
  return new Set(Array.isArray(v) && v[0] === 'set' ? v[1].map(atomKey) : [atomKey(v)]);
}

function applyDiff(kind, cur, diff) {
  if (kind === 'scalar') return diff;
  if (kind === 'map') {
    for (const [k, x] of diff[1]) {
      const key = atomKey(k);
      if (cur.has(key) && JSON.stringify(cur.get(key)) === JSON.stringify(x)) cur.delete(key);
      else cur.set(key, x);
    }
    return cur;
  }
  for (const a of Array.isArray(diff) && diff[0] === 'set' ? diff[1] : [diff]) {
    const key = atomKey(a);
    if (!cur.delete(key)) cur.add(key);
  }
  return cur;
}

/** Splits a byte stream of back-to-back JSON texts; calls `emit` with each parsed message. */
function framer(emit) {
  let parts = [];
  let depth = 0;
  let inString = false;
  let afterBackslash = false;
  return (chunk) => {
    let start = depth > 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (inString) {
        if (afterBackslash) afterBackslash = false;
        else if (c === 0x5c) afterBackslash = true;
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (depth++ === 0) start = i;
      } else if ((c === 0x7d || c === 0x5d) && --depth === 0) {
        const tail = chunk.subarray(start, i + 1);
        const bytes = parts.length ? Buffer.concat([...parts, tail]) : tail;
        parts = [];
        start = -1;
        emit(JSON.parse(bytes.toString('utf8')));
      }
    }
    if (depth > 0 && start >= 0) parts.push(chunk.subarray(start));
  };
}

/**
 * Opens a monitoring raw client on `tables` ({ table: [columns] }) and resolves once the initial
 * rows are in. `transact(ops)` resolves with the reply (the update it caused applied before).
 */
export async function openRawReplicaClient(socketPath, schemaFile, db, tables) {
  const kinds = columnKinds(schemaFile, tables);
  const rows = Object.fromEntries(Object.keys(tables).map((t) => [t, new Map()]));
  const apply = (updates) => {
    for (const [t, changes] of Object.entries(updates)) {
      const table = rows[t];
      for (const [uuid, change] of Object.entries(changes)) {
        const row = change.insert ?? change.initial;
        if (row) {
          const r = {};
          for (const [c, v] of Object.entries(row)) r[c] = toValue(kinds[t][c], v);
          table.set(uuid, r);
        } else if (change.modify) {
          const r = table.get(uuid);
          for (const [c, d] of Object.entries(change.modify)) {
            const kind = kinds[t][c];
            r[c] = applyDiff(kind, r[c] ?? toValue(kind, ['set', []]), d);
          }
        } else table.delete(uuid);
      }
    }
  };
  const sock = await new Promise((resolve, reject) => {
    const s = connect(socketPath);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
  const waiting = new Map();
  let nextId = 1;
  sock.on(
    'data',
    framer((msg) => {
      if (msg.method === 'update3') apply(msg.params[2]);
      else if (msg.method === 'echo')
        sock.write(JSON.stringify({ id: msg.id, result: msg.params, error: null }));
      else if (msg.id !== null && msg.id !== undefined) {
        const w = waiting.get(msg.id);
        waiting.delete(msg.id);
        if (msg.error !== null) w.reject(new Error(JSON.stringify(msg.error)));
        else w.resolve(msg.result);
      }
    }),
  );
  // Requests made in one turn (a burst of a pipeline) go out in one write.
  let corked = false;
  const uncork = () => {
    corked = false;
    sock.uncork();
  };
  const call = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      if (!corked) {
        corked = true;
        sock.cork();
        process.nextTick(uncork);
      }
      sock.write(JSON.stringify({ id, method, params }));
    });
  const monitor = Object.fromEntries(Object.entries(tables).map(([t, columns]) => [t, [{ columns }]]));
  const reply = await call('monitor_cond_since', [
    db,
    ['raw-replica', null],
    monitor,
    '00000000-0000-0000-0000-000000000000',
  ]);
  apply(reply[2]);
  return {
    rows,
    transact: (ops) => call('transact', [db, ...ops]),
    close: () => sock.destroy(),
  };
}
