/**
 * The metrics and health endpoint: `GET /metrics` (Prometheus text), `/healthz` (alive) and
 * `/readyz` (the readiness callback: e.g. last commit succeeded recently). Anything else is 404.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../core/errors.js';
import type { IngestMetrics } from './ingest-metrics.js';

export interface MetricsServer {
  /** `host:port` actually bound (port 0 picks a free one). */
  address: string;
  close(): Promise<void>;
}

/** Parses `host:port` (IPv6 as `[::1]:9464`). */
export function parseListenAddress(addr: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(addr);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--metrics-addr must be host:port like 127.0.0.1:9464, got "${addr}"`);
  return { host: (m[1] ?? m[2])!, port };
}

/** Starts the endpoint on `addr`. */
export async function startMetricsServer(addr: string, metrics: IngestMetrics, ready: () => boolean): Promise<MetricsServer> {
  const { host, port } = parseListenAddress(addr);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/metrics') {
      metrics.text().then(
        (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
        () => res.writeHead(500).end('metrics unavailable\n'),
      );
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const ok = ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ready\n' : 'not ready\n');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new UsageError(`--metrics-addr ${addr}: cannot listen (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)));
    server.listen(port, host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  return {
    address: `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
