// The first thing the `ovnkit` executable does for a read command: open the connection and send
// get_schema and the monitor_cond together, before the rest of the CLI has even been compiled.
// ovsdb-server builds its reply (the longest part of a short command) while Node.js loads the
// rest. This module needs node:net only; it just keeps the bytes that arrive. The command adopts
// the socket (cli/early-replies.ts), splits and checks the replies against the server's schema,
// or falls back to the normal path.
import { connect } from 'node:net';

/** Tables and the columns read of each. */
export type EarlyTables = Readonly<Record<string, readonly string[]>>;

/** A read started at process start, for one remote and one table selection. */
export interface EarlyRead {
  readonly db: string;
  readonly database: string;
  readonly tables: EarlyTables;
  /**
   * Hands the connection over: `data` gets every chunk received so far, then each new one; `end`
   * is called once when the connection fails or closes (at once if it already has).
   */
  adopt(data: (chunk: Buffer) => void, end: () => void): void;
  /** Writes to the server (an adopter answers the server's echo requests). */
  send(text: string): void;
  /** Closes the connection (whether adopted or not). */
  close(): void;
}

/** Request ids of the two requests, in the order the server answers them. */
export const EARLY_SCHEMA_ID = 0;
export const EARLY_MONITOR_ID = 1;

/** The socket address of a `unix:PATH` or `tcp:HOST:PORT` remote; undefined for anything else. */
function address(db: string): { path: string } | { host: string; port: number } | undefined {
  if (db.startsWith('unix:') && db.length > 5) return { path: db.slice(5) };
  const tcp = /^tcp:(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):([0-9]{1,5})$/.exec(db);
  const port = Number(tcp?.[3]);
  return tcp && port > 0 && port < 65536 ? { host: (tcp[1] ?? tcp[2])!, port } : undefined;
}

/**
 * Connects to `db` and sends get_schema and monitor_cond for `tables` of `database`, in one write
 * queued before the connection is even up. Undefined for remotes it leaves to the normal path.
 */
export function startEarlyRead(db: string, database: string, tables: EarlyTables): EarlyRead | undefined {
  const to = address(db);
  if (!to) return undefined;
  const monitorRequests = Object.fromEntries(Object.entries(tables).map(([t, columns]) => [t, { columns }]));
  const socket = connect(to);
  const received: Buffer[] = [];
  let ended = false;
  let onData = (chunk: Buffer) => {
    received.push(chunk);
  };
  let onEnd = () => {
    ended = true;
  };
  socket.on('data', (chunk: Buffer) => onData(chunk));
  socket.on('error', () => onEnd());
  socket.on('close', () => onEnd());
  socket.write(
    JSON.stringify({ id: EARLY_SCHEMA_ID, method: 'get_schema', params: [database] }) +
      JSON.stringify({
        id: EARLY_MONITOR_ID,
        method: 'monitor_cond',
        params: [database, null, monitorRequests],
      }),
  );
  return {
    db,
    database,
    tables,
    adopt(data, end) {
      for (const chunk of received.splice(0)) data(chunk);
      onData = data;
      let called = false;
      onEnd = () => {
        if (!called) {
          called = true;
          end();
        }
      };
      if (ended) onEnd();
    },
    send(text) {
      socket.write(text);
    },
    close() {
      socket.destroy();
    },
  };
}
