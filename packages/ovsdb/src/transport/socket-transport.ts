// A Transport over a connected node:net or node:tls socket.
import type { Socket } from 'node:net';
import { TlsError } from '../errors/connection-errors.js';
import type { Transport, TransportHandlers } from './transport.js';

export function socketTransport(socket: Socket, description: string): Transport {
  let handlers: TransportHandlers | undefined;
  let closed = false;
  let failure: Error | undefined;
  // Buffer events that arrive before attach() (the socket is already connected).
  const early: Uint8Array[] = [];
  let earlyClose = false;
  socket.setNoDelay?.(true);
  socket.on('data', (chunk: Buffer) => {
    if (handlers) handlers.data(chunk);
    else early.push(chunk);
  });
  socket.on('drain', () => handlers?.drain());
  socket.on('error', (err: NodeJS.ErrnoException & { reason?: string }) => {
    // With TLS 1.3 the server checks our certificate after our side of the handshake is done,
    // so its refusal arrives here, as an OpenSSL alert: name it.
    failure ??= err.code?.startsWith('ERR_SSL_')
      ? new TlsError(
          description,
          `the server ended the TLS session: ${err.reason ?? err.message}`,
          err.code,
          { cause: err },
        )
      : err;
  });
  socket.on('close', () => {
    if (closed) return;
    closed = true;
    if (handlers) handlers.close(failure);
    else earlyClose = true;
  });
  return {
    description,
    attach(h) {
      if (handlers) throw new Error('transport already attached');
      handlers = h;
      for (const chunk of early.splice(0)) h.data(chunk);
      if (earlyClose) h.close(failure);
    },
    write(chunk) {
      if (closed || socket.destroyed) return true;
      return socket.write(chunk);
    },
    end() {
      socket.end();
      // A peer that never closes its side must not keep us waiting forever.
      socket.setTimeout(5000, () => socket.destroy());
    },
    destroy(error) {
      failure ??= error;
      socket.destroy();
    },
  };
}
