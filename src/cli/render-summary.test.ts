import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSummary, SUMMARY_ROWS } from './render-summary.js';
import { newSummary } from '../pipeline/run-summary.js';

test('the service table shows the top 20 by rows and says how many more there are', () => {
  const s = newSummary('r1', '/wh', 'parquet', 0, 0);
  for (let i = 0; i < 10_000; i++) s.by_service[`svc-${i}`] = { rows: i };
  const text = renderSummary(s);
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('  by service'));
  assert.equal(lines[at], `  by service (top ${SUMMARY_ROWS} of 10,000)`);
  const rows = lines.slice(at + 2, at + 2 + SUMMARY_ROWS);
  assert.deepEqual(rows.map((l) => l.trim().split(/\s+/)[0]), Array.from({ length: SUMMARY_ROWS }, (_, i) => `svc-${9999 - i}`));
  assert.match(lines[at + 2 + SUMMARY_ROWS]!, /^ {2}… 9,980 more services \(ingest --json lists them all\)$/);
  assert.ok(lines.length < 60, `${lines.length} lines`);
});

test('short tables and folder lists are shown whole; long folder lists are capped', () => {
  const s = newSummary('r1', '/wh', 'parquet', 0, 0);
  s.by_service = { a: { rows: 2 }, b: { rows: 1 } };
  const app = (i: number): (typeof s.spark_apps)[number] => ({
    spark_app_selector: `spark-${i}`, s3_path: '/x', status: 'SUCCESS', records_processed: 1, processing_start_time: '', processing_end_time: '',
    error_message: null, job_id: 'r1', updated_at: '',
  });
  s.spark_apps = [app(1), app(2)];
  let text = renderSummary(s);
  assert.match(text, /^ {2}by service$/m);
  assert.doesNotMatch(text, /more/);
  assert.match(text, /Successfully processed: \['spark-1', 'spark-2'\]/);
  s.spark_apps = Array.from({ length: 1000 }, (_, i) => app(i));
  text = renderSummary(s);
  assert.match(text, /Successfully processed: \['spark-0', .*'spark-19', … 980 more\]/);
});
