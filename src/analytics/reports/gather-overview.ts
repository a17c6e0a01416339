/** Overview section: rows per service over time, error/warning rates, ingest health. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../sql/lake.js';
import { bucketExpr, denseSeries, scoped, type ReportScope, type TimeSeries } from './scope.js';

/** Per-service severity summary. */
export interface ServiceSeverity { service: string; rows: number; errors: number; warns: number; error_rate: number; warn_rate: number }

/** Overview data. */
export interface OverviewData {
  rows: number;
  volume: TimeSeries;
  errors: TimeSeries;
  severity: ServiceSeverity[];
  health: {
    /** Quarantined lines by reason (whole warehouse: quarantine rows have no event time). */
    quarantine: Array<{ reason: string; count: number }>;
    /** Rows and parse rate per envelope format (rows not handled by the fallback parser count as parsed). */
    formats: Array<{ format: string; rows: number; parsed: number; parse_rate: number }>;
    /** Event time minus runtime time per service, in seconds. */
    lag: Array<{ service: string; p50_secs: number | null; p99_abs_secs: number | null; max_abs_secs: number | null }>;
  };
}

/** Gathers the overview. */
export async function gatherOverview(con: DuckDBConnection, s: ReportScope): Promise<OverviewData> {
  const vol = await scoped(con, s, (w) => `SELECT service, ${bucketExpr()} AS b, count(*) FROM logs WHERE ${w} GROUP BY ALL`);
  const services = [...new Set(vol.map((r) => String(r[0])))].sort();
  const err = await scoped(con, s, (w) => `SELECT service, ${bucketExpr()} AS b, count(*) FROM logs WHERE ${w} AND severity IN ('ERROR', 'FATAL') GROUP BY ALL`);
  const sev = await scoped(con, s, (w) => `SELECT service, count(*) AS n, count(*) FILTER (WHERE severity IN ('ERROR','FATAL')) AS e,
      count(*) FILTER (WHERE severity = 'WARN') AS w FROM logs WHERE ${w} GROUP BY ALL ORDER BY service`);
  const fmts = await scoped(con, s, (w) => `SELECT split_part(source_format, '/', 1) AS f, count(*) AS n,
      count(*) FILTER (WHERE source_format NOT LIKE '%/fallback') AS parsed FROM logs WHERE ${w} GROUP BY ALL ORDER BY n DESC`);
  const lag = await scoped(con, s, (w) => `SELECT service,
      round(quantile_cont(epoch(ts) - epoch(observed_ts), 0.5), 3),
      round(quantile_cont(abs(epoch(ts) - epoch(observed_ts)), 0.99), 3),
      round(max(abs(epoch(ts) - epoch(observed_ts))), 3)
      FROM logs WHERE ${w} AND observed_ts IS NOT NULL GROUP BY ALL ORDER BY service`);
  const q = await query(con, `SELECT regexp_replace(reason, ' \\(.*$', '') AS r, count(*) FROM quarantine GROUP BY ALL ORDER BY 2 DESC, 1`);
  const severity = sev.map(([service, n, e, w]) => ({
    service: String(service), rows: Number(n), errors: Number(e), warns: Number(w),
    error_rate: Number(n) ? Number(e) / Number(n) : 0, warn_rate: Number(n) ? Number(w) / Number(n) : 0,
  }));
  return {
    rows: severity.reduce((a, r) => a + r.rows, 0),
    volume: denseSeries(s, vol, services),
    errors: denseSeries(s, err, services),
    severity,
    health: {
      quarantine: q.rows.map(([r, n]) => ({ reason: String(r), count: Number(n) })),
      formats: fmts.map(([f, n, p]) => ({ format: String(f), rows: Number(n), parsed: Number(p), parse_rate: Number(n) ? Number(p) / Number(n) : 0 })),
      lag: lag.map(([svc, p50, p99, mx]) => ({ service: String(svc), p50_secs: p50 as number | null, p99_abs_secs: p99 as number | null, max_abs_secs: mx as number | null })),
    },
  };
}
