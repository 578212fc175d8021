// Opens a Node socket to one parsed remote and resolves once it is usable (TLS: after the
// handshake has verified the server's chain).
import { createRequire } from 'node:module';
import { connect as netConnect, type Socket } from 'node:net';
import { ConnectError, TlsError } from '../errors/connection-errors.js';
import type { Remote } from './remote.js';
import { socketTransport } from './socket-transport.js';
import { loadTlsMaterial, type TlsOptions } from './tls-options.js';
import type { Transport } from './transport.js';

/** Options of opening a transport: TLS material, deadline, abort signal. */
export interface OpenTransportOptions {
  tls?: TlsOptions;
  /** Give up on this remote after this long (default 10000 ms). */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Signature of the injectable transport factory (see ConnectOptions.openTransport). */
export type OpenTransport = (remote: Remote, opts: OpenTransportOptions) => Promise<Transport>;

// node:tls (and the crypto it pulls in) loads on the first ssl: remote, not at import: a
// short-lived command on a unix socket would spend a tenth of its start-up compiling it.
const requireBuiltin = createRequire(import.meta.url);
let tls: typeof import('node:tls') | undefined;

/** Opens a unix, tcp or ssl transport to a parsed remote. */
export const openTransport: OpenTransport = (remote, opts) => {
  const timeoutMs = opts.connectTimeoutMs ?? 10000;
  return new Promise<Transport>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new ConnectError(remote.text, 'aborted', { cause: opts.signal.reason }));
      return;
    }
    let socket: Socket;
    let tcpUp = false;
    const readyEvent = remote.kind === 'ssl' ? 'secureConnect' : 'connect';
    try {
      if (remote.kind === 'unix') {
        socket = netConnect({ path: remote.path });
      } else if (remote.kind === 'tcp') {
        socket = netConnect({ host: remote.host, port: remote.port });
      } else {
        const m = loadTlsMaterial(opts.tls);
        tls ??= requireBuiltin('node:tls') as typeof import('node:tls');
        socket = tls.connect({
          host: remote.host,
          port: remote.port,
          key: m.key,
          cert: m.cert,
          ca: m.ca,
          // OVS verifies the chain against the CA but never the host name: do the same.
          rejectUnauthorized: true,
          checkServerIdentity: () => undefined,
        });
      }
    } catch (err) {
      reject(err);
      return;
    }
    const timer = setTimeout(
      () => fail(new ConnectError(remote.text, `no connection within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onAbort = () => fail(new ConnectError(remote.text, 'aborted', { cause: opts.signal?.reason }));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      socket.off(readyEvent, onReady);
      socket.off('close', onClose);
    };
    function fail(err: Error) {
      cleanup();
      socket.destroy();
      reject(err);
    }
    function onError(err: NodeJS.ErrnoException & { reason?: string }) {
      if (remote.kind === 'ssl' && tcpUp) {
        fail(new TlsError(remote.text, err.reason ?? err.message, err.code, { cause: err }));
      } else {
        fail(
          new ConnectError(remote.text, err.code ? `${err.code} (${err.message})` : err.message, {
            cause: err,
          }),
        );
      }
    }
    function onClose() {
      if (remote.kind === 'ssl' && tcpUp)
        fail(new TlsError(remote.text, 'the server closed the connection during the handshake', undefined));
      else fail(new ConnectError(remote.text, 'connection closed before it was established'));
    }
    function onReady() {
      cleanup();
      resolve(socketTransport(socket, remote.text));
    }
    if (remote.kind === 'ssl') socket.once('connect', () => (tcpUp = true));
    socket.on('error', onError);
    socket.once(readyEvent, onReady);
    socket.once('close', onClose);
  });
};
