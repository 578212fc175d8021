// A Transport over a connected node:net or node:tls socket.
import type { Socket } from 'node:net';
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
  socket.on('error', (err) => {
    failure ??= err;
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
