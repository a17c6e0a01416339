/**
 * `buildFeatures`: a per (service, window) feature table for ML, computed entirely in DuckDB and
 * written as `<warehouse>/analytics/features/window=<label>/features.parquet`.
 *
 * Columns: service, window_start, window_end, rows, trace, debug, info, warn, error, fatal,
 * no_severity, error_rate ((error+fatal)/rows, null when rows = 0), distinct_templates,
 * new_templates (first seen in the service in this window), top_error_classes
 * ("class:count,..." top 3), secs_since_last_error (from window end to the latest ERROR/FATAL at
 * or before it; null when none yet), rows_mean_1h / errors_mean_1h (rolling mean over the last
 * hour of windows, this one included), error_rate_1h (errors / rows over that hour).
 * Windows without rows inside a service's active range are present with zero counts.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { query, type QueryResult } from '../sql/lake.js';
import { updateTemplateAssignments } from '../patterns/template-assignments.js';
import { parseDurationSecs, sqlString } from '../patterns/sql-text.js';

/** Options of {@link buildFeatures}. */
export interface FeatureOptions {
  warehouse: string;
  /** Window as a duration (`5m`, `1h`, `30s`); default `5m`. */
  window?: string;
  /** Rolling-mean horizon in seconds (default 3600). */
  rollingSecs?: number;
  /** Miner state file (default `<warehouse>/_loglake/templates.json`). */
  statePath?: string;
}

/** Result of {@link buildFeatures}. */
export interface FeaturesResult {
  file: string;
  window: string;
  window_secs: number;
  rows: number;
  services: number;
  columns: string[];
  /** The first rows (for display). */
  head: QueryResult;
}

/** Feature column names in file order. */
export const FEATURE_COLUMNS = [
  'service', 'window_start', 'window_end', 'rows', 'trace', 'debug', 'info', 'warn', 'error', 'fatal', 'no_severity',
  'error_rate', 'distinct_templates', 'new_templates', 'top_error_classes', 'secs_since_last_error',
  'rows_mean_1h', 'errors_mean_1h', 'error_rate_1h',
] as const;

/**
 * Builds and writes the feature table.
 * @param con connection from `openLake(opts.warehouse)`
 * @throws UsageError on a bad window
 */
export async function buildFeatures(con: DuckDBConnection, opts: FeatureOptions): Promise<FeaturesResult> {
  const label = opts.window ?? '5m';
  const W = parseDurationSecs(label);
  const rollN = Math.max(1, Math.round((opts.rollingSecs ?? 3600) / W));
  await updateTemplateAssignments(con, opts.warehouse, opts.statePath);
  const iv = `INTERVAL '${W} seconds'`;
  const dir = join(opts.warehouse, 'analytics', 'features', `window=${label}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'features.parquet');
  const sql = `
    WITH base AS (
      SELECT l.service, time_bucket(${iv}, l.ts, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS window_start, l.ts, l.severity, l.error_class, a.template_id
      FROM logs l LEFT JOIN template_assignments a ON a.source_path = l.source_path AND a.source_offset = l.source_offset
      WHERE l.ts IS NOT NULL AND l.service IS NOT NULL),
    span AS (SELECT service, min(window_start) AS w0, max(window_start) AS w1 FROM base GROUP BY service),
    grid AS (SELECT service, unnest(generate_series(w0, w1, ${iv})) AS window_start FROM span),
    agg AS (
      SELECT service, window_start, count(*) AS rows,
        count(*) FILTER (WHERE severity = 'TRACE') AS trace, count(*) FILTER (WHERE severity = 'DEBUG') AS debug,
        count(*) FILTER (WHERE severity = 'INFO') AS info, count(*) FILTER (WHERE severity = 'WARN') AS warn,
        count(*) FILTER (WHERE severity = 'ERROR') AS error, count(*) FILTER (WHERE severity = 'FATAL') AS fatal,
        count(*) FILTER (WHERE severity IS NULL) AS no_severity,
        count(DISTINCT template_id) AS distinct_templates,
        max(ts) FILTER (WHERE severity IN ('ERROR', 'FATAL')) AS last_error_ts
      FROM base GROUP BY ALL),
    firsts AS (SELECT service, template_id, min(window_start) AS window_start FROM base WHERE template_id IS NOT NULL GROUP BY ALL),
    newt AS (SELECT service, window_start, count(*) AS new_templates FROM firsts GROUP BY ALL),
    errc AS (
      SELECT service, window_start, string_agg(error_class || ':' || n, ',' ORDER BY n DESC, error_class) AS top_error_classes
      FROM (SELECT service, window_start, error_class, count(*) AS n,
                   row_number() OVER (PARTITION BY service, window_start ORDER BY count(*) DESC, error_class) AS rk
            FROM base WHERE error_class IS NOT NULL GROUP BY service, window_start, error_class)
      WHERE rk <= 3 GROUP BY ALL),
    joined AS (
      SELECT g.service, g.window_start, g.window_start + ${iv} AS window_end,
        coalesce(a.rows, 0) AS rows, coalesce(a.trace, 0) AS trace, coalesce(a.debug, 0) AS debug, coalesce(a.info, 0) AS info,
        coalesce(a.warn, 0) AS warn, coalesce(a.error, 0) AS error, coalesce(a.fatal, 0) AS fatal, coalesce(a.no_severity, 0) AS no_severity,
        coalesce(a.distinct_templates, 0) AS distinct_templates, coalesce(n.new_templates, 0) AS new_templates,
        e.top_error_classes, a.last_error_ts
      FROM grid g
      LEFT JOIN agg a ON a.service = g.service AND a.window_start = g.window_start
      LEFT JOIN newt n ON n.service = g.service AND n.window_start = g.window_start
      LEFT JOIN errc e ON e.service = g.service AND e.window_start = g.window_start)
    SELECT service, window_start, window_end, rows, trace, debug, info, warn, error, fatal, no_severity,
      CASE WHEN rows > 0 THEN (error + fatal) / rows END AS error_rate,
      distinct_templates, new_templates, top_error_classes,
      epoch(window_end) - epoch(max(last_error_ts) OVER (PARTITION BY service ORDER BY window_start ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS secs_since_last_error,
      avg(rows) OVER r AS rows_mean_1h,
      avg(error + fatal) OVER r AS errors_mean_1h,
      CASE WHEN sum(rows) OVER r > 0 THEN sum(error + fatal) OVER r / sum(rows) OVER r END AS error_rate_1h
    FROM joined
    WINDOW r AS (PARTITION BY service ORDER BY window_start ROWS BETWEEN ${rollN - 1} PRECEDING AND CURRENT ROW)
    ORDER BY service, window_start`;
  await con.run(`COPY (${sql}) TO ${sqlString(file + '.tmp')} (FORMAT parquet)`);
  renameSync(file + '.tmp', file);
  const stats = await query(con, `SELECT count(*), count(DISTINCT service) FROM read_parquet(${sqlString(file)}, hive_partitioning = false)`);
  const [rows, services] = stats.rows[0] as [number, number];
  const head = await query(con, `SELECT * FROM read_parquet(${sqlString(file)}, hive_partitioning = false) ORDER BY error_rate DESC NULLS LAST, service, window_start LIMIT 10`);
  return { file, window: label, window_secs: W, rows: Number(rows), services: Number(services), columns: head.columns, head };
}
