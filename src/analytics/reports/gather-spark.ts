/** Spark section, per application: executors added / lost, failed tasks by stage, stage timeline. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { scoped, type ReportScope } from './scope.js';

/** Application key of a Spark row: the app id, else the selector label, else the service. */
export const SPARK_APP = `COALESCE(spark_app_id, labels['spark-app-selector'], service)`;
/** Rows that belong to a Spark application. */
export const SPARK_ROW = `(spark_app_id IS NOT NULL OR spark_role IS NOT NULL OR spark_stage_id IS NOT NULL OR source_format LIKE '%/spark')`;
/** Driver lines that announce a new executor. */
export const EXECUTOR_ADDED = `(message LIKE 'Registered executor %' OR message LIKE 'Granted executor ID %' OR message LIKE 'New executor % has registered%')`;
/** Driver lines that announce a lost executor. */
export const EXECUTOR_LOST = `(message LIKE 'Lost executor %')`;
/** Rows that report a failed task. */
export const TASK_FAILED = `(event_type = 'task_failed' OR message LIKE 'Lost task %')`;

/** One Spark application. */
export interface SparkApp {
  app: string;
  name: string | null;
  service: string;
  rows: number;
  errors: number;
  start: string;
  end: string;
  executor_events: Array<{ ts: string; kind: 'added' | 'lost'; text: string }>;
  stages: Array<{ stage: number; start: string; end: string; rows: number; failed_tasks: number }>;
}

/** Gathers up to 20 applications (most rows first) with up to 200 stages each. */
export async function gatherSpark(con: DuckDBConnection, s: ReportScope): Promise<SparkApp[]> {
  const apps = await scoped(con, s, (w) => `SELECT ${SPARK_APP} AS app, any_value(COALESCE(spark_app_name, labels['spark-app-name'])), any_value(service), count(*) AS n,
      count(*) FILTER (WHERE severity IN ('ERROR', 'FATAL')), min(ts), max(ts)
      FROM logs WHERE ${w} AND ${SPARK_ROW} GROUP BY ALL ORDER BY n DESC, app LIMIT 20`);
  if (apps.length === 0) return [];
  const ex = await scoped(con, s, (w) => `SELECT ${SPARK_APP}, ts, CASE WHEN ${EXECUTOR_LOST} THEN 'lost' ELSE 'added' END, left(message, 200)
      FROM logs WHERE ${w} AND ${SPARK_ROW} AND (${EXECUTOR_ADDED} OR ${EXECUTOR_LOST}) ORDER BY ts LIMIT 2000`);
  const st = await scoped(con, s, (w) => `SELECT ${SPARK_APP} AS app, spark_stage_id AS stage, min(ts), max(ts), count(*),
      count(DISTINCT COALESCE(spark_task_id::VARCHAR, message)) FILTER (WHERE ${TASK_FAILED})
      FROM logs WHERE ${w} AND ${SPARK_ROW} AND spark_stage_id IS NOT NULL GROUP BY ALL ORDER BY app, stage`);
  const out: SparkApp[] = apps.map(([app, name, svc, n, e, a, b]) => ({
    app: String(app), name: name as string | null, service: String(svc), rows: Number(n), errors: Number(e), start: String(a), end: String(b),
    executor_events: [], stages: [],
  }));
  const byApp = new Map(out.map((x) => [x.app, x]));
  for (const [app, ts, kind, text] of ex) byApp.get(String(app))?.executor_events.push({ ts: String(ts), kind: kind as 'added' | 'lost', text: String(text) });
  for (const [app, stage, a, b, n, f] of st) {
    const x = byApp.get(String(app));
    if (x && x.stages.length < 200) x.stages.push({ stage: Number(stage), start: String(a), end: String(b), rows: Number(n), failed_tasks: Number(f) });
  }
  return out;
}
