/**
 * `loglake report` (one self-contained HTML file) and `loglake serve` (the live UI): flags →
 * {@link gatherReport} / {@link startServer}.
 */
import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic-file.js';
import { formatCount } from '../core/format-count.js';
import { openWarehouse } from '../analytics/sql/lake.js';
import { gatherReport, type ReportData } from '../analytics/reports/index.js';
import { parseCommandLine, REPORT, SERVE } from '../config/index.js';
import { renderPage } from '../ui/page.js';
import { reportRequest, startServer, type RunningServer } from '../ui/server.js';

/** What {@link buildReport} wrote. */
export interface ReportWritten { path: string; bytes: number; seconds: number; data: ReportData }

/** Gathers the data and writes the HTML report. */
export async function buildReport(warehouse: string, out: string, params: URLSearchParams): Promise<ReportWritten> {
  const t0 = performance.now();
  const req = reportRequest(params);
  const lake = await openWarehouse(warehouse);
  let data: ReportData;
  try {
    data = await gatherReport(lake.con, warehouse, req);
  } finally {
    lake.close();
  }
  const html = renderPage('report', data);
  writeFileAtomic(out, html);
  return { path: out, bytes: statSync(out).size, seconds: (performance.now() - t0) / 1000, data };
}

/**
 * `report --warehouse <dir> [--since 24h|ISO] [--until ISO] [--service s] [--out report.html]`
 * @returns exit code 0
 */
export async function reportCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values: v } = parseCommandLine(REPORT, argv);
  const warehouse = resolve(String(v.warehouse));
  const p = new URLSearchParams();
  p.set('since', (v.since as string | undefined) ?? '24h');
  if (v.until) p.set('until', v.until as string);
  if (v.service) p.set('service', v.service as string);
  const r = await buildReport(warehouse, resolve((v.out as string | undefined) ?? 'report.html'), p);
  out.write(`wrote ${r.path} (${(r.bytes / 1048576).toFixed(2)} MiB, ${formatCount(r.data.overview.rows)} rows, ` +
    `${r.data.anomalies.anomalies.length} anomalies) in ${r.seconds.toFixed(1)} s\n`);
  return 0;
}

/**
 * `serve --warehouse <dir> [--port 8080] [--host 127.0.0.1] [--token T] [--sql-timeout-secs 10]`; runs until SIGINT/SIGTERM.
 * @returns exit code 0 after a signal
 */
export async function serveCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values: v } = parseCommandLine(SERVE, argv);
  const timeout = (v['sql-timeout-secs'] as number | undefined) ?? 10;
  if (timeout > 3600) throw new UsageError(`serve: --sql-timeout-secs must be in (0, 3600], got ${timeout}`);
  const warehouse = resolve(String(v.warehouse));
  const port = (v.port as number | undefined) ?? 8080;
  if (port > 65535) throw new UsageError(`serve: --port must be 0–65535, got ${port}`);
  const token = (v.token as string | undefined) ?? process.env.LOGLAKE_SERVE_TOKEN;
  const srv: RunningServer = await startServer({ warehouse, port, host: (v.host as string | undefined) ?? '127.0.0.1', sqlTimeoutMs: timeout * 1000, ...(token ? { token } : {}) });
  out.write(`loglake serve: ${srv.url}${token ? '?token=<your token>' : ''}  (warehouse ${warehouse}; Ctrl-C to stop)\n`);
  await new Promise<void>((res) => {
    const stop = (): void => res();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await srv.close();
  return 0;
}
