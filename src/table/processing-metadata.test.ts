import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeProcessingParquet, PROCESSING_COLUMNS, type SparkAppStatus } from './processing-metadata.js';

async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    await con.run("SET TimeZone='UTC'");
    return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

const rows: SparkAppStatus[] = [
  {
    spark_app_selector: 'spark-0123456789abcdef0123456789abcdef', s3_path: 's3://logs/eks/spark-team-a/spark-0123456789abcdef0123456789abcdef', status: 'SUCCESS',
    records_processed: 4_000_000_000, processing_start_time: '2026-03-02T09:00:00.123Z', processing_end_time: '2026-03-02T09:00:01.456Z', error_message: null,
    job_id: '20260302090000-abcdef', updated_at: '2026-03-02T09:00:01.456Z',
  },
  {
    spark_app_selector: 'spark-ffff', s3_path: "/data/it's ünïcode/spark-ffff", status: 'FAILED', records_processed: 0,
    processing_start_time: '2026-03-02T10:00:00.000Z', processing_end_time: '2026-03-02T10:00:00.001Z', error_message: 'a.json: EACCES: permission denied; b.json: Z_DATA_ERROR',
    job_id: '20260302090000-abcdef', updated_at: '2026-03-02T10:00:00.001Z',
  },
];

test('the processing-metadata file reads back in DuckDB with the table\'s types, field ids, nulls and values', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'loglake-processing-')), 'part-x.parquet');
  await writeProcessingParquet(rows, path);
  const schema = await duck(`SELECT name, type, logical_type, field_id FROM parquet_schema('${path}') WHERE name <> 'schema' ORDER BY field_id`);
  assert.deepEqual(schema.map((r) => [r.name, Number(r.field_id)]), PROCESSING_COLUMNS.map((c) => [c.name, c.id]));
  const types = await duck(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  assert.deepEqual(types.map((r) => [r.column_name, r.column_type]), [
    ['spark_app_selector', 'VARCHAR'], ['s3_path', 'VARCHAR'], ['status', 'VARCHAR'], ['records_processed', 'BIGINT'],
    ['processing_start_time', 'TIMESTAMP WITH TIME ZONE'], ['processing_end_time', 'TIMESTAMP WITH TIME ZONE'], ['error_message', 'VARCHAR'],
    ['job_id', 'VARCHAR'], ['updated_at', 'TIMESTAMP WITH TIME ZONE'],
  ]);
  const back = await duck(`SELECT spark_app_selector, s3_path, status, records_processed, strftime(processing_start_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS st,
    strftime(processing_end_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS et, error_message, job_id, strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS ut FROM read_parquet('${path}')`);
  assert.deepEqual(back.map((r) => [r.spark_app_selector, r.s3_path, r.status, Number(r.records_processed), r.st, r.et, r.error_message, r.job_id, r.ut]),
    rows.map((r) => [r.spark_app_selector, r.s3_path, r.status, r.records_processed, r.processing_start_time, r.processing_end_time, r.error_message, r.job_id, r.updated_at]));
  const nulls = await duck(`SELECT path_in_schema, stats_null_count FROM parquet_metadata('${path}') ORDER BY column_id`);
  assert.deepEqual(nulls.map((r) => Number(r.stats_null_count)), [0, 0, 0, 0, 0, 0, 1, 0, 0]);
});
