import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../core/fields.js';
import { parseEvent } from './index.js';
import { applyPresetLevel } from './preset-fields.js';

/*
 * Fluent Bit records whose parser already split the log4j line: `message` is Spark's text without
 * its header. The messages are Spark's own format strings (apache/spark core, 3.x and 4.x):
 * TaskSetManager.scala `s"Starting task ${info.id} in stage ${taskSet.id} (TID $taskId) ($host, executor ${info.executorId}, partition ..., ...)"`
 * and `s"Finished task ${info.id} in stage ${taskSet.id} (TID ${info.taskId}) in ${info.duration} ms on ${info.host} (executor ${info.executorId}) ($tasksSuccessful/$numTasks)"`,
 * Executor.scala `s"Running task $taskName"` with taskName `task 0.0 in stage 2.0 (TID 5)`.
 */
function preset(text: string, level: string, hint: string | undefined): { family: string; v: Record<string, unknown> } {
  const w = new RecordFieldWriter();
  let family: string = parseEvent(text, w, { hint });
  family = applyPresetLevel(w, text, level, family, hint);
  return { family, v: w.values as Record<string, unknown> };
}

test('a pre-split Spark message without a logger prefix gives stage and task ids', () => {
  let r = preset('Starting task 3.0 in stage 1.0 (TID 7) (10.1.2.3, executor 2, partition 3, PROCESS_LOCAL, 7437 bytes)', 'INFO', 'spark');
  assert.equal(r.family, 'spark');
  assert.deepEqual([r.v.spark_stage_id, r.v.spark_task_id, r.v.spark_executor_id, r.v.severity], [1, 7, '2', 'INFO']);
  r = preset('Finished task 0.0 in stage 0.0 (TID 0) in 1834 ms on 10.1.2.4 (executor 1) (1/2)', 'INFO', 'spark');
  assert.deepEqual([r.v.spark_stage_id, r.v.spark_task_id], [0, 0]);
  r = preset('Running task 0.0 in stage 2.0 (TID 5)', 'INFO', 'spark');
  assert.deepEqual([r.v.spark_stage_id, r.v.spark_task_id], [2, 5]);
});

test('without a Spark hint a pre-split message stays as parsed', () => {
  const r = preset('Running task 0.0 in stage 2.0 (TID 5)', 'INFO', undefined);
  assert.equal(r.family, 'fallback');
  assert.equal(r.v.spark_stage_id, undefined);
});

test('a Fluent Bit record with logger and thread members (log4j line split upstream): component, thread, ids, role', async () => {
  const { decodeFluentBit, decodeFluentBitParsed, newDecodedLine } = await import('../decoders/envelope.js');
  const line = '{"date":1717236000.5,"timestamp":"2024-06-01T10:00:00.500Z","level":"INFO","logger":"org.apache.spark.executor.Executor","thread":"Executor task launch worker for task 0.0 in stage 2.0 (TID 5)","message":"Finished task 0.0 in stage 2.0 (TID 5). 1890 bytes result sent to driver","kubernetes":{"pod_name":"taxi-trip-exec-1","labels":{"spark-role":"executor"}}}';
  const d = decodeFluentBit(line, newDecodedLine());
  assert.equal(d.ok, true);
  assert.equal(d.presetLevel, decodeFluentBitParsed(line, newDecodedLine()).presetLevel);
  const w = new RecordFieldWriter();
  let family: string = parseEvent(d.text, w, { hint: 'spark' });
  family = applyPresetLevel(w, d.text, d.presetLevel!, family, 'spark');
  const v = w.values as Record<string, unknown>;
  assert.equal(family, 'spark');
  assert.deepEqual([v.severity, v.component, v.thread, v.spark_stage_id, v.spark_task_id, v.spark_role],
    ['INFO', 'org.apache.spark.executor.Executor', 'Executor task launch worker for task 0.0 in stage 2.0 (TID 5)', 2, 5, 'executor']);
  assert.equal(v.message, 'Finished task 0.0 in stage 2.0 (TID 5). 1890 bytes result sent to driver');
});

test('a record with a class member and no thread (other parsers\' naming)', () => {
  const w = new RecordFieldWriter();
  const text = 'Submitting 2 missing tasks from ResultStage 3 (MapPartitionsRDD[7] at collect at App.scala:12)';
  let family: string = parseEvent(text, w, { hint: 'spark' });
  family = applyPresetLevel(w, text, 'INFO\u0001org.apache.spark.scheduler.DAGScheduler\u0001', family, 'spark');
  const v = w.values as Record<string, unknown>;
  assert.deepEqual([family, v.component, v.thread, v.spark_stage_id, v.spark_role], ['spark', 'org.apache.spark.scheduler.DAGScheduler', undefined, 3, 'driver']);
});
