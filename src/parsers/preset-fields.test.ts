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
