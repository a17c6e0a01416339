/** PostgreSQL section: slowest statements, SQLSTATE classes, lock waits and connection errors over time. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { bucketExpr, denseSeries, scoped, type ReportScope, type TimeSeries } from './scope.js';

/** PostgreSQL data. */
export interface PostgresData {
  slowest: Array<{ ts: string; duration_ms: number; database: string | null; user: string | null; kind: string | null; statement: string; source_path: string; source_offset: number }>;
  sqlstate: Array<{ class: string; name: string; count: number }>;
  /** WARN and ERROR/FATAL rows of PostgreSQL by event type (useful when the log_line_prefix has no %e). */
  problems: Array<{ level: 'error' | 'warn'; event: string; count: number }>;
  /** lock_wait, deadlock and connection_error rows over time. */
  events: TimeSeries;
}

/** Rows counted as PostgreSQL connection errors. */
export const PG_CONNECTION_ERROR = `(pg_sqlstate LIKE '08%' OR pg_sqlstate LIKE '28%' OR pg_sqlstate = '53300'
  OR (event_type = 'connection' AND severity IN ('ERROR', 'FATAL')))`;

/** Rows written by PostgreSQL. */
export const PG_ROW = `(source_format LIKE '%/postgres' OR pg_pid IS NOT NULL OR pg_sqlstate IS NOT NULL)`;

/** SQLSTATE class names (PostgreSQL appendix A). */
export const SQLSTATE_CLASSES: Readonly<Record<string, string>> = Object.freeze({
  '00': 'successful completion', '01': 'warning', '02': 'no data', '08': 'connection exception', '0A': 'feature not supported',
  '21': 'cardinality violation', '22': 'data exception', '23': 'integrity constraint violation', '25': 'invalid transaction state',
  '28': 'invalid authorization', '3D': 'invalid catalog name', '40': 'transaction rollback', '42': 'syntax error or access rule violation',
  '53': 'insufficient resources', '54': 'program limit exceeded', '55': 'object not in prerequisite state', '57': 'operator intervention',
  '58': 'system error', 'F0': 'configuration file error', 'P0': 'PL/pgSQL error', 'XX': 'internal error',
});

/** Gathers the PostgreSQL section. */
export async function gatherPostgres(con: DuckDBConnection, s: ReportScope): Promise<PostgresData> {
  const slow = await scoped(con, s, (w) => `SELECT ts, pg_duration_ms, pg_database, pg_user, pg_statement_kind, left(message, 400), source_path, source_offset
      FROM logs WHERE ${w} AND pg_duration_ms IS NOT NULL ORDER BY pg_duration_ms DESC, ts LIMIT 25`);
  const states = await scoped(con, s, (w) => `SELECT left(pg_sqlstate, 2) AS c, count(*) FROM logs WHERE ${w} AND pg_sqlstate IS NOT NULL GROUP BY ALL ORDER BY 2 DESC, 1`);
  const probs = await scoped(con, s, (w) => `SELECT CASE WHEN severity = 'WARN' THEN 'warn' ELSE 'error' END AS lvl, event_type, count(*) AS n
      FROM logs WHERE ${w} AND ${PG_ROW} AND severity IN ('WARN', 'ERROR', 'FATAL') GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT 20`);
  const ev = await scoped(con, s, (w) => `SELECT CASE WHEN event_type IN ('lock_wait', 'deadlock') THEN event_type ELSE 'connection_error' END, ${bucketExpr()}, count(*)
      FROM logs WHERE ${w} AND (event_type IN ('lock_wait', 'deadlock') OR ${PG_CONNECTION_ERROR}) GROUP BY ALL`);
  return {
    slowest: slow.map(([ts, d, db, u, k, m, p, o]) => ({
      ts: String(ts), duration_ms: Number(d), database: db as string | null, user: u as string | null, kind: k as string | null,
      statement: String(m), source_path: String(p), source_offset: Number(o),
    })),
    sqlstate: states.map(([c, n]) => ({ class: String(c), name: SQLSTATE_CLASSES[String(c)] ?? 'other', count: Number(n) })),
    problems: probs.map(([l, e, n]) => ({ level: l as 'error' | 'warn', event: String(e), count: Number(n) })),
    events: denseSeries(s, ev, ['lock_wait', 'deadlock', 'connection_error']),
  };
}
