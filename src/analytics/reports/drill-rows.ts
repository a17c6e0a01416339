/**
 * Drill-down: the rows behind one chart point. The point is described by a small set of named
 * filters; each maps to a fixed SQL fragment whose values are bound parameters.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../../core/errors.js';
import { query } from '../sql/lake.js';
import type { SqlParams } from './scope.js';
import { KAFKA_ERROR } from './gather-kafka.js';
import { PG_CONNECTION_ERROR, PG_ROW } from './gather-postgres.js';
import { SPARK_APP, SPARK_ROW, TASK_FAILED } from './gather-spark.js';

/** Filters of a drill-down (all optional, combined with AND). Times are epoch ms. */
export interface DrillFilter {
  service?: string; from?: number; to?: number;
  /** error = ERROR/FATAL, warn = WARN, kafka_error = Kafka WARN+ rows with a broker. */
  severity?: 'error' | 'warn' | 'kafka_error';
  broker?: string; topic?: string; partition?: string; event?: string; sqlclass?: string;
  /** connection_error (PostgreSQL). */
  kind?: 'connection_error' | 'task_failed' | 'slow_query';
  app?: string; stage?: string; template?: string; format?: string;
  /** Rows of one application family. */
  family?: 'postgres' | 'kafka' | 'spark';
}

const KEYS = ['service', 'from', 'to', 'severity', 'broker', 'topic', 'partition', 'event', 'sqlclass', 'kind', 'app', 'stage', 'template', 'format', 'family'] as const;

/** Parses drill filters from URL search params; unknown keys and bad values are usage errors. */
export function parseDrillFilter(p: URLSearchParams): DrillFilter {
  const f: Record<string, string | number> = {};
  for (const [k, v] of p) {
    if (!(KEYS as readonly string[]).includes(k)) throw new UsageError(`unknown filter ${JSON.stringify(k.slice(0, 40))}`);
    if (k === 'from' || k === 'to') {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new UsageError(`filter ${k} must be epoch milliseconds`);
      f[k] = n;
    } else f[k] = v;
  }
  if (f.severity !== undefined && !['error', 'warn', 'kafka_error'].includes(String(f.severity))) throw new UsageError('bad severity filter');
  if (f.kind !== undefined && !['connection_error', 'task_failed', 'slow_query'].includes(String(f.kind))) throw new UsageError('bad kind filter');
  if (f.family !== undefined && !['postgres', 'kafka', 'spark'].includes(String(f.family))) throw new UsageError('bad family filter');
  return f as DrillFilter;
}

/** WHERE clause and parameters for a drill filter over `logs`. */
export function drillWhere(f: DrillFilter): { sql: string; params: SqlParams } {
  const parts: string[] = ['true'];
  const params: SqlParams = {};
  const bind = (name: string, value: string | number, frag: string): void => {
    params[name] = value;
    parts.push(frag);
  };
  if (f.service !== undefined) bind('service', f.service, 'service = $service');
  if (f.from !== undefined) bind('from_ms', f.from, 'ts >= to_timestamp($from_ms / 1000.0)');
  if (f.to !== undefined) bind('to_ms', f.to, 'ts < to_timestamp($to_ms / 1000.0)');
  if (f.severity === 'error') parts.push(`severity IN ('ERROR', 'FATAL')`);
  if (f.severity === 'warn') parts.push(`severity = 'WARN'`);
  if (f.severity === 'kafka_error') parts.push(KAFKA_ERROR);
  if (f.broker !== undefined) bind('broker', f.broker, 'broker_id::VARCHAR = $broker');
  if (f.topic !== undefined) bind('topic', f.topic, 'kafka_topic = $topic');
  if (f.partition !== undefined) bind('partition', f.partition, 'kafka_partition::VARCHAR = $partition');
  if (f.event === 'connection_error') parts.push(PG_CONNECTION_ERROR);
  else if (f.event !== undefined) bind('event', f.event, 'event_type = $event');
  if (f.sqlclass !== undefined) bind('sqlclass', f.sqlclass, 'left(pg_sqlstate, 2) = $sqlclass');
  if (f.kind === 'connection_error') parts.push(PG_CONNECTION_ERROR);
  if (f.kind === 'task_failed') parts.push(TASK_FAILED);
  if (f.kind === 'slow_query') parts.push('pg_duration_ms IS NOT NULL');
  if (f.app !== undefined) bind('app', f.app, `${SPARK_ROW} AND ${SPARK_APP} = $app`);
  if (f.stage !== undefined) bind('stage', f.stage, 'spark_stage_id::VARCHAR = $stage');
  if (f.template !== undefined) bind('template', f.template, '(source_path, source_offset) IN (SELECT source_path, source_offset FROM template_assignments WHERE template_id = $template)');
  if (f.format !== undefined) bind('format', f.format, `split_part(source_format, '/', 1) = $format`);
  if (f.family === 'postgres') parts.push(PG_ROW);
  if (f.family === 'kafka') parts.push('broker_id IS NOT NULL');
  if (f.family === 'spark') parts.push(SPARK_ROW);
  return { sql: parts.join(' AND '), params };
}

/** Rows behind a chart point (first `limit`, oldest first) and how many there are in all. */
export interface DrillResult { total: number; columns: string[]; rows: unknown[][] }

/** Runs a drill-down. */
export async function drillRows(con: DuckDBConnection, f: DrillFilter, limit = 200): Promise<DrillResult> {
  const w = drillWhere(f);
  const total = await query(con, `SELECT count(*) FROM logs WHERE ${w.sql}`, w.params);
  const r = await query(con, `SELECT ts, service, severity, event_type, left(message, 2000) AS message, source_path, source_offset
      FROM logs WHERE ${w.sql} ORDER BY ts, source_path, source_offset LIMIT ${Math.max(1, Math.min(1000, Math.floor(limit)))}`, w.params);
  return { total: Number(total.rows[0]![0]), columns: r.columns, rows: r.rows };
}
