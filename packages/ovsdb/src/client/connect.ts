// connect(): parse the remote list, try the remotes in order (or shuffled) until one answers,
// and wrap the transport in an OvsdbClient. Leader selection is the session layer's job.
import { AllRemotesFailedError } from '../errors/connection-errors.js';
import { InvalidOptionError } from '../errors/request-errors.js';
import { RpcConnection, type RpcConnectionOptions } from '../rpc/rpc-connection.js';
import { type OpenTransport, openTransport } from '../transport/open-transport.js';
import { parseRemotes, type Remote } from '../transport/remote.js';
import type { TlsOptions } from '../transport/tls-options.js';
import type { Transport } from '../transport/transport.js';
import { OvsdbClient } from './ovsdb-client.js';

/** Options of {@link connect}: the remote(s), TLS material, timeouts and the RPC limits. */
export interface ConnectOptions extends RpcConnectionOptions {
  /** One remote or a list, in OVS syntax; a string may hold a comma-separated list (OVN_NB_DB). */
  remote: string | readonly string[];
  /** Try the remotes in the given order (default) or shuffled, like OVS does for clusters. */
  order?: 'in-order' | 'shuffle';
  /** Key, certificate and CA certificate for ssl: remotes (ovn-nbctl -p/-c/-C). */
  tls?: TlsOptions;
  /** Per-remote connect deadline in ms (default 10000). */
  connectTimeoutMs?: number;
  /** Aborts the whole attempt. */
  signal?: AbortSignal;
  /** Transport factory (default: Node net/tls sockets). */
  openTransport?: OpenTransport;
  /** Random source for `order: 'shuffle'` (default Math.random). */
  random?: () => number;
}

/**
 * Connects to the first remote that accepts. With one remote, its own error is thrown
 * (ConnectError, TlsError, InvalidOptionError); with several, AllRemotesFailedError lists them all.
 */
export async function connect(opts: ConnectOptions): Promise<OvsdbClient> {
  const remotes = orderRemotes(
    parseRemotes(opts.remote),
    opts.order ?? 'in-order',
    opts.random ?? Math.random,
  );
  if (remotes.some((r) => r.kind === 'ssl') && !opts.tls) {
    throw new InvalidOptionError('ssl: remotes need the tls option (privateKey, certificate, caCert)');
  }
  const open = opts.openTransport ?? openTransport;
  const attempts: Array<{ remote: string; error: Error }> = [];
  for (const remote of remotes) {
    try {
      const transport = await open(remote, {
        tls: opts.tls,
        connectTimeoutMs: opts.connectTimeoutMs,
        signal: opts.signal,
      });
      return createClient(transport, opts, remote.text);
    } catch (err) {
      if (opts.signal?.aborted || remotes.length === 1) throw err;
      attempts.push({ remote: remote.text, error: err as Error });
    }
  }
  throw new AllRemotesFailedError(attempts);
}

/** Wraps an already open transport (e.g. one end of createMemoryTransportPair) in a client. */
export function createClient(
  transport: Transport,
  opts: RpcConnectionOptions = {},
  remote?: string,
): OvsdbClient {
  const rpcOpts: RpcConnectionOptions = {
    maxMessageBytes: opts.maxMessageBytes,
    maxDepth: opts.maxDepth,
    onListenerError: opts.onListenerError,
    captureCallSites: opts.captureCallSites,
    maxQueuedReplyBytes: opts.maxQueuedReplyBytes,
    rawMessageMinBytes: opts.rawMessageMinBytes,
  };
  return new OvsdbClient(new RpcConnection(transport, rpcOpts), {
    remote: remote ?? transport.description,
    captureCallSites: opts.captureCallSites,
  });
}

function orderRemotes(remotes: Remote[], order: 'in-order' | 'shuffle', random: () => number): Remote[] {
  if (order === 'in-order') return remotes;
  if (order !== 'shuffle')
    throw new InvalidOptionError(`order must be 'in-order' or 'shuffle', got ${JSON.stringify(order)}`);
  const out = [...remotes];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as Remote, out[i] as Remote];
  }
  return out;
}
