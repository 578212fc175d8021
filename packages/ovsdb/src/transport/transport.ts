// The byte pipe under the JSON-RPC layer. Injected, so tests can use an in-memory pair and the
// session layer can supply its own; Node sockets are adapted by socket-transport.ts.

/** What a transport reports: data, drain, close. */
export interface TransportHandlers {
  /** Bytes arrived. The transport never reuses or mutates a chunk after handing it over. */
  data(chunk: Uint8Array): void;
  /** A write that returned false has been flushed; writing may resume. */
  drain(): void;
  /** The transport closed (for good). `error` is set when it closed because of a failure. */
  close(error?: Error): void;
}

/** A byte stream to a server (socket, TLS or in-memory). */
export interface Transport {
  /** Where this transport leads, for messages (`unix:/run/ovn/ovnnb_db.sock`). */
  readonly description: string;
  /** Installs the handlers; called once, before any data is expected. */
  attach(handlers: TransportHandlers): void;
  /** Queues bytes; returns false when the caller should wait for `drain` before writing more. */
  write(chunk: Uint8Array): boolean;
  /** Closes the transport: flushes what was written, then calls `close`. */
  end(): void;
  /** Closes immediately, dropping unwritten data; `close` is called with `error`. */
  destroy(error?: Error): void;
}
