/** The seed's processing metadata: folders processed, status, records, duration. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../sql/lake.js';

/** One processed folder (latest 500 runs). */
export interface ProcessingRow {
  spark_app_selector: string; s3_path: string; status: string; records_processed: number;
  start: string | null; end: string | null; duration_secs: number | null; error_message: string | null; job_id: string | null;
}

/** Reads `spark_logs_processing_metadata` (whole warehouse, newest first). */
export async function gatherProcessing(con: DuckDBConnection): Promise<ProcessingRow[]> {
  const r = await query(con, `SELECT spark_app_selector, s3_path, status, records_processed, processing_start_time, processing_end_time,
      round(epoch(processing_end_time) - epoch(processing_start_time), 3), error_message, job_id
      FROM spark_logs_processing_metadata ORDER BY processing_start_time DESC NULLS LAST LIMIT 500`);
  return r.rows.map(([a, p, st, n, s, e, d, err, job]) => ({
    spark_app_selector: String(a), s3_path: String(p), status: String(st), records_processed: Number(n),
    start: s as string | null, end: e as string | null, duration_secs: d as number | null, error_message: err as string | null, job_id: job as string | null,
  }));
}
