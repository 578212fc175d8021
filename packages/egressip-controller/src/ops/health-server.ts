// An HTTP listener for operations: /metrics (Prometheus text), /healthz (process alive and
// not failed), /readyz (caches synced and NB ready); one listener may serve all three or a
// subset (metrics and probes on separate addresses). Port 0 picks an ephemeral port; host ''
// listens on every interface, IPv4 and IPv6 (what a pod needs).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What `/readyz` asks: whether the controller is ready, and why not. */
export interface HealthProbe {
  /** Alive: false only after a fatal error. */
  healthy(): boolean;
  /** Ready to do its job. */
  ready(): boolean;
  /** Why not ready (written in the /readyz body); empty when ready. */
  whyNotReady?(): readonly string[];
}

/** The running ops server: its URL and how to stop it. */
export interface HealthServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `/healthz` and `/readyz` (given a probe) and `/metrics` (given a registry) on `host:port`. */
export async function startHealthServer(opts: {
  port: number;
  host?: string;
  /** Serve /metrics (absent = do not). */
  registry?: Registry;
  /** Serve /healthz and /readyz (absent = do not). */
  probe?: HealthProbe;
}): Promise<HealthServer> {
  const { registry, probe } = opts;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' && registry) {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': registry.contentType });
          res.end(text);
        },
        (err: unknown) => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(String(err));
        },
      );
      return;
    }
    if ((path === '/healthz' || path === '/readyz') && probe) {
      const why = path === '/readyz' ? (probe.whyNotReady?.() ?? []) : [];
      const ok = path === '/healthz' ? probe.healthy() : why.length === 0 && probe.ready();
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' });
      res.end(ok ? 'ok\n' : why.length ? `not ready: ${why.join('; ')}\n` : 'not ok\n');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (host === '') server.listen(opts.port, () => resolve());
    else server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    port,
    url: `http://${shown}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
