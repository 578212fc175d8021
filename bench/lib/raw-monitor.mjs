// A bare socket client for one monitor request: writes the request, collects the reply and then
// JSON.parses it, and reports both the time to the reply's last byte (the server's floor: no
// client can sync faster) and the time until the parse is done (a client that does nothing else).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

const MARK = '"error":null';

/** The monitor_cond_since a session sends for every column of every table of the schema. */
export function monitorAllRequest(schemaFile, db) {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  const tables = Object.fromEntries(
    Object.entries(schema.tables).map(([t, def]) => [t, [{ columns: Object.keys(def.columns) }]]),
  );
  return JSON.stringify({
    id: 1,
    method: 'monitor_cond_since',
    params: [db, ['raw', null], tables, '00000000-0000-0000-0000-000000000000'],
  });
}

/** `{ lastByteMs, parsedMs, bytes }` for one request on a fresh connection. */
export function rawMonitor(socketPath, request) {
  return new Promise((resolve, reject) => {
    const sock = connect(socketPath);
    const chunks = [];
    let tail = '';
    let t0 = 0;
    sock.once('error', reject);
    sock.once('connect', () => {
      t0 = performance.now();
      sock.write(request);
    });
    sock.on('data', (chunk) => {
      chunks.push(chunk);
      const s = tail + chunk.toString('latin1', Math.max(0, chunk.length - MARK.length - 2));
      tail = s.slice(-MARK.length - 2);
      if (!s.includes(MARK)) return;
      const lastByteMs = performance.now() - t0;
      sock.destroy();
      const buf = Buffer.concat(chunks);
      const msg = JSON.parse(buf.toString('utf8'));
      if (msg.error !== null) return reject(new Error(`monitor failed: ${JSON.stringify(msg.error)}`));
      resolve({ lastByteMs, parsedMs: performance.now() - t0, bytes: buf.length });
    });
  });
}
