/** Everything a report or the live UI shows, gathered from the lake in one pass. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { resolveScope, type ReportRequest } from './scope.js';
import { gatherOverview, type OverviewData } from './gather-overview.js';
import { gatherTemplates, type TemplatesData } from './gather-templates.js';
import { gatherAnomalies, type AnomaliesData } from './gather-anomalies.js';
import { gatherKafka, type KafkaData } from './gather-kafka.js';
import { gatherPostgres, type PostgresData } from './gather-postgres.js';
import { gatherSpark, type SparkApp } from './gather-spark.js';
import { gatherProcessing, type ProcessingRow } from './gather-processing.js';

/** The data behind every view (serialized into the report as JSON). */
export interface ReportData {
  generated_at: string;
  warehouse: string;
  scope: { service: string | null; since: string; until: string; bucket_secs: number; first_row: string | null; last_row: string | null };
  services: string[];
  overview: OverviewData;
  templates: TemplatesData;
  anomalies: AnomaliesData;
  kafka: KafkaData;
  postgres: PostgresData;
  spark: SparkApp[];
  processing: ProcessingRow[];
  /** Seconds each section took to gather. */
  timings: Record<string, number>;
}

/**
 * Gathers the report data. Mines templates and detects anomalies through the analytics modules
 * (this updates the template state under `<warehouse>/_loglake/`, as `loglake patterns` does).
 * @param con a connection from `openWarehouse(warehouse)`
 */
export async function gatherReport(con: DuckDBConnection, warehouse: string, req: ReportRequest): Promise<ReportData> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = Math.round(performance.now() - t0) / 1000;
    }
  };
  const s = await resolveScope(con, req);
  const servicesRes = await con.runAndReadAll('SELECT DISTINCT service FROM logs WHERE service IS NOT NULL ORDER BY 1');
  const services = servicesRes.getRowsJS().map((r) => String(r[0]));
  const overview = await timed('overview', () => gatherOverview(con, s));
  const templates = await timed('templates', () => gatherTemplates(con, warehouse, s));
  const anomalies = await timed('anomalies', () => gatherAnomalies(con, warehouse, s));
  const kafka = await timed('kafka', () => gatherKafka(con, s));
  const postgres = await timed('postgres', () => gatherPostgres(con, s));
  const spark = await timed('spark', () => gatherSpark(con, s));
  const processing = await timed('processing', () => gatherProcessing(con));
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    generated_at: new Date().toISOString(),
    warehouse,
    scope: { service: s.service, since: iso(s.since)!, until: iso(s.until)!, bucket_secs: s.bucketSecs, first_row: iso(s.firstRow), last_row: iso(s.lastRow) },
    services, overview, templates, anomalies, kafka, postgres, spark, processing, timings,
  };
}
