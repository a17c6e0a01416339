/**
 * `profileLake`: data-quality profile of a lake, per source_format and service: parse success
 * rate (rows whose source_format ends with `/fallback` were not parsed by an application
 * parser), null rate per column, quarantine reasons, and the skew between the event time `ts`
 * and the runtime's `observed_ts` (p50 / p99 in seconds). All aggregation is DuckDB SQL.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../sql/lake.js';
import { COLUMNS } from '../../schema/canonical.js';

/** One (source_format, service) group. */
export interface ProfileGroup {
  source_format: string;
  service: string;
  rows: number;
  /** Rows not ending in `/fallback` over rows. */
  parse_success_rate: number;
  /** Column → fraction of rows where it is null (every canonical column). */
  null_rate: Record<string, number>;
  /** Rows with both ts and observed_ts. */
  skew_rows: number;
  /** ts − observed_ts, seconds (negative: the line's own time is earlier than the runtime's). */
  skew_p50_secs: number | null;
  /** 99th percentile of |ts − observed_ts|, seconds. */
  skew_abs_p99_secs: number | null;
}

/** Result of {@link profileLake}. */
export interface ProfileResult {
  rows: number;
  parse_success_rate: number;
  groups: ProfileGroup[];
  /** Null rate per column over the whole lake. */
  null_rate: Record<string, number>;
  quarantine: { reason: string; stage: string | null; rows: number; example: string | null }[];
  quarantined_rows: number;
}

/**
 * Profiles the lake behind `con` (from `openLake`).
 */
export async function profileLake(con: DuckDBConnection): Promise<ProfileResult> {
  const nullCols = COLUMNS.map((c) => `avg(CASE WHEN "${c.name}" IS NULL THEN 1 ELSE 0 END) AS "n_${c.name}"`).join(', ');
  const groups = await query(con, `
    SELECT coalesce(source_format, '?') AS sf, coalesce(service, '?') AS svc, count(*) AS rows,
      avg(CASE WHEN source_format LIKE '%/fallback' THEN 0 ELSE 1 END) AS ok,
      count(*) FILTER (WHERE ts IS NOT NULL AND observed_ts IS NOT NULL) AS skew_rows,
      quantile_cont(epoch(ts) - epoch(observed_ts), 0.5) AS p50,
      quantile_cont(abs(epoch(ts) - epoch(observed_ts)), 0.99) AS p99,
      ${nullCols}
    FROM logs GROUP BY ALL ORDER BY sf, svc`);
  const total = await query(con, `SELECT count(*), avg(CASE WHEN source_format LIKE '%/fallback' THEN 0 ELSE 1 END), ${nullCols} FROM logs`);
  const q = await query(con, `SELECT coalesce(reason, '?'), stage, count(*), arg_min(left(raw_text, 160), source_offset) FROM quarantine GROUP BY ALL ORDER BY 3 DESC, 1`);
  const nullOf = (row: unknown[], offset: number): Record<string, number> =>
    Object.fromEntries(COLUMNS.map((c, i) => [c.name, Number(row[offset + i] ?? 0)]));
  const t = total.rows[0] as unknown[];
  return {
    rows: Number(t[0]),
    parse_success_rate: Number(t[1] ?? 1),
    null_rate: nullOf(t, 2),
    groups: groups.rows.map((r) => ({
      source_format: r[0] as string,
      service: r[1] as string,
      rows: Number(r[2]),
      parse_success_rate: Number(r[3]),
      skew_rows: Number(r[4]),
      skew_p50_secs: r[5] === null ? null : Number(r[5]),
      skew_abs_p99_secs: r[6] === null ? null : Number(r[6]),
      null_rate: nullOf(r, 7),
    })),
    quarantine: q.rows.map((r) => ({ reason: r[0] as string, stage: (r[1] as string | null) ?? null, rows: Number(r[2]), example: (r[3] as string | null) ?? null })),
    quarantined_rows: q.rows.reduce((a, r) => a + Number(r[2]), 0),
  };
}
