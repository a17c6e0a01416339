/**
 * Spark scheduler and executor message families, in the forms of the Spark sources:
 * TaskSetManager.scala (`Starting task I.A in stage S.A (TID T) (host, executor E, partition P, …)`
 * since 3.0, `(TID T, host, executor E, …)` in 2.x; `Finished task … (TID T) in N ms on host
 * (executor E) (k/n)`; `Lost task … (TID T) (host executor E): reason` 3.x / `(TID T, host, executor E)` 2.x),
 * Executor.scala (`Running task … (TID T)`, `Finished task … (TID T). N bytes result sent to driver`),
 * CoarseGrainedExecutorBackend (`Got assigned task T`), TaskSchedulerImpl (`Adding task set S.A with
 * N tasks`), DAGScheduler (`Executor lost: E (epoch N)`, `Shuffle files lost for executor: E`),
 * CoarseGrainedSchedulerBackend (`Registered executor NettyRpcEndpointRef(…) (host:port) with ID E`),
 * ExecutorAllocationManager (`Requesting to kill executor(s) E`), BlockManager (`BlockManagerId(E, …)`),
 * thread names (`Executor task launch worker for task …`). Layout: Spark's default
 * `%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n`. Hosts and numbers are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';
import { writeSparkFields, writeSparkThreadFields } from './spark-fields.js';

function ids(line: string): unknown[] {
  const w = new RecordFieldWriter();
  parseEvent(line, w, {});
  const v = w.values as Record<string, unknown>;
  return [v.spark_stage_id, v.spark_task_id, v.spark_executor_id];
}

test('TaskSetManager / Executor task messages, Spark 2 and 3 forms', () => {
  for (const [line, want] of [
    ['24/05/01 10:00:00 INFO TaskSetManager: Starting task 0.0 in stage 3.0 (TID 12) (10.0.0.5, executor 2, partition 0, PROCESS_LOCAL, 7912 bytes) taskResourceAssignments Map()', [3, 12, '2']],
    ['17/06/09 20:10:41 INFO TaskSetManager: Starting task 0.0 in stage 3.0 (TID 12, 10.0.0.5, executor 2, partition 0, PROCESS_LOCAL, 7912 bytes)', [3, 12, '2']],
    ['24/05/01 10:00:01 INFO TaskSetManager: Finished task 0.0 in stage 3.0 (TID 12) in 412 ms on 10.0.0.5 (executor 2) (1/4)', [3, 12, '2']],
    ['24/05/01 10:00:02 WARN TaskSetManager: Lost task 1.0 in stage 3.0 (TID 13) (10.0.0.6 executor 3): java.lang.OutOfMemoryError: Java heap space', [3, 13, '3']],
    ['17/06/09 20:10:42 WARN TaskSetManager: Lost task 1.0 in stage 3.0 (TID 13, 10.0.0.6, executor 3): ExecutorLostFailure (executor 3 exited caused by one of the running tasks)', [3, 13, '3']],
    ['24/05/01 10:00:03 INFO Executor: Running task 1.1 in stage 3.0 (TID 14)', [3, 14, undefined]],
    ['24/05/01 10:00:04 INFO Executor: Finished task 1.1 in stage 3.0 (TID 14). 2073 bytes result sent to driver', [3, 14, undefined]],
    ['24/05/01 10:00:05 INFO CoarseGrainedExecutorBackend: Got assigned task 15', [undefined, 15, undefined]],
    ['24/05/01 10:00:06 INFO TaskSchedulerImpl: Adding task set 4.0 with 8 tasks resource profile 0', [4, undefined, undefined]],
    ['24/05/01 10:00:07 INFO DAGScheduler: Executor lost: 3 (epoch 2)', [undefined, undefined, '3']],
    ['24/05/01 10:00:08 INFO DAGScheduler: Shuffle files lost for executor: 3 (epoch 2)', [undefined, undefined, '3']],
    ['24/05/01 10:00:09 INFO KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint: Registered executor NettyRpcEndpointRef(spark-client://Executor) (10.0.0.7:41234) with ID 4,  ResourceProfileId 0', [undefined, undefined, '4']],
    ['24/05/01 10:00:10 INFO ExecutorAllocationManager: Requesting to kill executor(s) 5', [undefined, undefined, '5']],
    ['24/05/01 10:00:11 INFO BlockManagerMasterEndpoint: Registering block manager 10.0.0.7:37000 with 413.9 MiB RAM, BlockManagerId(4, 10.0.0.7, 37000, None)', [undefined, undefined, '4']],
    ['24/05/01 10:00:12 INFO DAGScheduler: Submitting 4 missing tasks from ResultStage 5 (MapPartitionsRDD[9] at collect at job.py:10) (first 15 tasks are for partitions Vector(0, 1, 2, 3))', [5, undefined, undefined]],
  ] as const) {
    assert.deepEqual(ids(line), want, line);
  }
});

test('task thread names give stage and TID', () => {
  let w = new RecordFieldWriter();
  writeSparkThreadFields('Executor task launch worker for task 2.0 in stage 6.0 (TID 30)', w);
  assert.deepEqual([w.values.spark_stage_id, w.values.spark_task_id], [6, 30]);
  w = new RecordFieldWriter();
  writeSparkThreadFields('Executor task launch worker for task 30', w);
  assert.deepEqual([w.values.spark_stage_id, w.values.spark_task_id], [undefined, 30]);
});

test('ids read where the regexes match them: backtracking, literals, long numbers', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['Requesting to kill executor idle 5 (executor 6)', { spark_executor_id: '6' }],
    ['Removed BlockManagerId(driver, 10.0.0.1, 7079, None)', { spark_executor_id: 'driver' }],
    ['Finished task 3.0 in stage 12345678901234567.0 (TID 98765432109876543210) in 5 ms', { spark_stage_id: 12345678901234567, spark_task_id: 98765432109876543210 }],
    ['Executor added: app-20240101000000-0001/3 on worker', { spark_app_id: 'app-20240101000000-0001', spark_executor_id: '3' }],
    ['Submitting 2 missing tasks from ShuffleMapStage 5 (MapPartitionsRDD[3])', { spark_stage_id: 5 }],
    ['Registered executor NettyRpcEndpointRef(spark://x) with ID 7a, then with ID 8', { spark_executor_id: '8' }],
    ['Bound application_1234567890123_0042 and spark-0123456789abcdef0123456789abcdef', { spark_app_id: 'application_1234567890123_0042' }],
  ];
  for (const [msg, want] of cases) {
    const w = new RecordFieldWriter();
    writeSparkFields(msg, w);
    assert.deepEqual(w.values, want, msg);
  }
});
