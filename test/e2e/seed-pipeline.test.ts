/**
 * The first seed's pipeline (Spark logs shipped by Fluent Bit to S3, one folder per
 * spark-app-selector → Iceberg + processing-metadata table), truthfully incremental: files that
 * arrive later in a processed folder are ingested, a failed folder is retried, nothing twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli, sql } from '../helpers/cli.js';
import { fluentBitRecords } from '../helpers/seed-layout.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

const A = 'spark-' + 'a'.repeat(32);
const B = 'spark-' + 'b'.repeat(32);

const records = fluentBitRecords;

function ingest(args: string[], expectStatus = 0): RunSummary & { stdout: string } {
  const r = runCli(['ingest', ...args]);
  assert.equal(r.status, expectStatus, `ingest exit ${r.status}: ${r.stderr}`);
  return r.stdout.startsWith('{') ? { ...(JSON.parse(r.stdout) as RunSummary), stdout: r.stdout } : ({ stdout: r.stdout } as RunSummary & { stdout: string });
}

test("seed pipeline: per-folder status, late files and failed folders retried, the seed's Athena queries unchanged", () => {
  const root = mkdtempSync(join(tmpdir(), 'loglake-seed-'));
  const prefix = join(root, 'spark-on-eks/spark-application-logs/spark-team-a');
  const t0 = Date.UTC(2026, 2, 2, 8, 0, 0);
  mkdirSync(join(prefix, A, 'taxi-trip-driver'), { recursive: true });
  mkdirSync(join(prefix, A, 'taxi-trip-exec-1'), { recursive: true });
  mkdirSync(join(prefix, B, 'etl-driver'), { recursive: true });
  writeFileSync(join(prefix, A, 'taxi-trip-driver', 'taxi-trip-driver_080000_aaaa1111.json'), records(A, 'taxi-trip', 'taxi-trip-driver', 'driver', 40, t0));
  writeFileSync(join(prefix, A, 'taxi-trip-exec-1', 'taxi-trip-exec-1_080100_aaaa2222.json'), records(A, 'taxi-trip', 'taxi-trip-exec-1', 'executor', 60, t0 + 60_000));
  const bFull = records(B, 'etl', 'etl-driver', 'driver', 300, t0);
  const bGz = gzipSync(bFull);
  // a gzip cut short: readable up to somewhere in the middle, then a decompression error
  writeFileSync(join(prefix, B, 'etl-driver', 'etl-driver_080000_bbbb1111.json.gz'), bGz.subarray(0, Math.floor(bGz.length * 0.6)));
  const wh = mkdtempSync(join(tmpdir(), 'loglake-seedwh-'));
  const args = [prefix, '--warehouse', wh, '--table-format', 'iceberg'];

  const first = ingest([...args], 1); // a failed folder makes the exit status non-zero
  assert.match(first.stdout, /🎯 Processing Summary:/);
  assert.match(first.stdout, /✅ Successful folders: 1/);
  assert.match(first.stdout, /❌ Failed folders: 1/);
  assert.match(first.stdout, new RegExp(`Successfully processed: \\['${A}'\\]`));
  const meta1 = sql(wh, 'SELECT spark_app_selector, status, records_processed, error_message FROM spark_logs_processing_metadata ORDER BY spark_app_selector');
  assert.equal(meta1.length, 2);
  assert.deepEqual(meta1.map((r) => [r.spark_app_selector, r.status]), [[A, 'SUCCESS'], [B, 'FAILED']]);
  assert.equal(meta1[0]!.records_processed, 100);
  assert.match(String(meta1[1]!.error_message), /Z_BUF_ERROR|unexpected end|read_error|Z_DATA_ERROR/i);
  const partialB = Number(meta1[1]!.records_processed);
  assert.ok(partialB > 0 && partialB < 300, `rows read from the cut gzip before the error: ${partialB}`);

  // a late file in the processed folder, and the repaired gzip of the failed one
  mkdirSync(join(prefix, A, 'taxi-trip-exec-2'), { recursive: true });
  writeFileSync(join(prefix, A, 'taxi-trip-exec-2', 'taxi-trip-exec-2_090000_aaaa3333.json'), records(A, 'taxi-trip', 'taxi-trip-exec-2', 'executor', 25, t0 + 3_600_000));
  writeFileSync(join(prefix, B, 'etl-driver', 'etl-driver_080000_bbbb1111.json.gz'), bGz);
  const second = ingest([...args, '--json']);
  assert.deepEqual(second.spark_apps.map((a) => [a.spark_app_selector, a.status, a.records_processed]).sort(), [[A, 'SUCCESS', 25], [B, 'SUCCESS', 300 - partialB]].sort());
  const third = ingest([...args, '--json']);
  assert.equal(third.totals.rows, 0, 'nothing new');
  assert.deepEqual(third.spark_apps, []);

  // the seed's four Athena queries, verbatim
  assert.deepEqual(sql(wh, 'SELECT COUNT(*) as total_records\nFROM spark_logs;'), [{ total_records: 425 }]);
  const sample = sql(wh, 'SELECT\n    timestamp,\n    log_level,\n    pod_name,\n    spark_app_selector,\n    message\nFROM spark_logs\nLIMIT 10;');
  assert.equal(sample.length, 10);
  assert.deepEqual(Object.keys(sample[0]!), ['timestamp', 'log_level', 'pod_name', 'spark_app_selector', 'message']);
  const levels = sql(wh, 'SELECT\n    log_level,\n    COUNT(*) as count\nFROM spark_logs\nWHERE log_level IS NOT NULL\nGROUP BY log_level\nORDER BY count DESC;');
  assert.equal(levels.reduce((n, r) => n + Number(r.count), 0), 425);
  assert.equal(levels[0]!.log_level, 'INFO');
  const apps = sql(wh, 'SELECT\n    spark_app_selector,\n    spark_app_name,\n    COUNT(*) as log_count\nFROM spark_logs\nWHERE spark_app_selector IS NOT NULL\nGROUP BY spark_app_selector, spark_app_name\nORDER BY log_count DESC;');
  assert.deepEqual(apps, [{ spark_app_selector: B, spark_app_name: 'etl', log_count: 300 }, { spark_app_selector: A, spark_app_name: 'taxi-trip', log_count: 125 }]);
  // the 14 columns of the seed's table
  const cols = sql(wh, "SELECT column_name FROM (DESCRIBE spark_logs)").map((r) => r.column_name);
  assert.deepEqual(cols, ['timestamp', 'log_level', 'message', 'pod_name', 'namespace_name', 'app', 'spark_app_selector', 'queue', 'spark_app_name', 'spark_role', 'spark_version', 'submission_id', 'container_name', 'container_image']);
  assert.equal(sql(wh, 'SELECT count(*) AS n FROM spark_logs_processing_metadata')[0]!.n, 4);
});
