// A deliberately tiny JSON-RPC call used only by the harness (readiness, cluster status), so the
// harness does not depend on the client library it is used to test.
import { connect } from 'node:net';

export interface RawCallOptions {
  timeoutMs?: number;
}

/** Connects to `unix:PATH` or `tcp:HOST:PORT`, sends one request, resolves with its result. */
export function rawCall(
  remote: string,
  method: string,
  params: unknown[],
  opts: RawCallOptions = {},
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const sock = remote.startsWith('unix:')
      ? connect(remote.slice(5))
      : (() => {
          const rest = remote.replace(/^tcp:/, '');
          const i = rest.lastIndexOf(':');
          return connect(Number(rest.slice(i + 1)), rest.slice(0, i).replace(/^\[|\]$/g, ''));
        })();
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`${method} on ${remote}: no answer within ${opts.timeoutMs ?? 2000} ms`));
    }, opts.timeoutMs ?? 2000);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(JSON.stringify({ method, params, id: 1 })));
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let msg: { id?: unknown; result?: unknown; error?: unknown; method?: string };
      try {
        msg = JSON.parse(buf);
      } catch {
        return; // incomplete
      }
      buf = '';
      if (msg.method === 'echo') return;
      clearTimeout(timer);
      sock.destroy();
      if (msg.error) reject(new Error(`${method} on ${remote}: ${JSON.stringify(msg.error)}`));
      else resolve(msg.result);
    });
    sock.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Retries `fn` with a short exponential backoff until it succeeds or `deadlineMs` passes. */
export async function until<T>(
  what: string,
  deadlineMs: number,
  fn: () => Promise<T | undefined>,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  let delay = 2;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) {
      throw new Error(
        `${what}: not reached within ${deadlineMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 100);
  }
}
