/**
 * Lines written by log4j 1.x/2.x PatternLayout and logback patterns (conversion characters per the
 * log4j 2 "Layouts" manual: %d date, %p level, %t thread, %c logger, %C:%L class:line, %m message,
 * %n newline), for patterns other than the ones the fixed parsers know. Patterns used:
 * - `[%d] [%-5p] [%t] [%c] - %m%n` and `[%d] %-5p [%t] %c - %m%n` (custom Kafka log4j.properties)
 * - `%d{ISO8601} %p %m (%c) [%t]%n` (Strimzi's Kafka log4j default)
 * - `%d{yy/MM/dd HH:mm:ss} %p [%t] %c{1}: %m%n` (Spark conf/log4j2.properties.template with %t added)
 * - `%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %-5p %c{1} - %m%n`
 * Values are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';

function p(line: string, hint?: string): [string, Record<string, unknown>] {
  const w = new RecordFieldWriter();
  const f = parseEvent(line, w, { hint });
  return [f, w.values as Record<string, unknown>];
}

test('[%d] [%-5p] [%t] [%c] - %m and [%d] %-5p [%t] %c - %m (Kafka loggers)', () => {
  let [f, v] = p('[2024-05-01 10:00:00,123] [INFO ] [kafka-request-handler-3] [kafka.coordinator.group.GroupCoordinator] - [GroupCoordinator 2]: Stabilized group billing generation 4 (__consumer_offsets-21) with 3 members');
  assert.equal(f, 'kafka');
  assert.deepEqual([v.severity, v.thread, v.component, v.broker_id, v.kafka_topic, v.kafka_partition, v.kafka_consumer_group],
    ['INFO', 'kafka-request-handler-3', 'kafka.coordinator.group.GroupCoordinator', 2, '__consumer_offsets', 21, 'billing']);
  assert.equal(v.message, 'Stabilized group billing generation 4 (__consumer_offsets-21) with 3 members');
  [f, v] = p('[2024-05-01 10:00:00,123] WARN  [ReplicaFetcherThread-0-1] kafka.server.ReplicaFetcherThread - [ReplicaFetcher replicaId=3, leaderId=1, fetcherId=0] Truncating partition orders-2 with TruncationState(offset=10, completed=true)');
  assert.equal(f, 'kafka');
  assert.deepEqual([v.severity, v.thread, v.component, v.broker_id, v.kafka_topic, v.kafka_partition], ['WARN', 'ReplicaFetcherThread-0-1', 'kafka.server.ReplicaFetcherThread', 3, 'orders', 2]);
});

test('%d{ISO8601} %p %m (%c) [%t] (Strimzi)', () => {
  const [f, v] = p('2024-05-01 10:00:00,123 INFO [KafkaServer id=0] started (kafka.server.KafkaServer) [main]');
  assert.equal(f, 'kafka');
  assert.deepEqual([v.severity, v.component, v.thread, v.broker_id, v.message], ['INFO', 'kafka.server.KafkaServer', 'main', 0, 'started']);
  assert.equal(v.ts, Date.UTC(2024, 4, 1, 10, 0, 0) * 1000 + 123_000);
});

test('Spark with a thread: stage/task from the message and from the task thread name', () => {
  let [f, v] = p('24/05/01 10:00:00 INFO [task-result-getter-1] TaskSetManager: Finished task 3.0 in stage 7.0 (TID 41) in 120 ms on 10.0.0.7 (executor 2) (4/8)');
  assert.equal(f, 'spark');
  assert.deepEqual([v.component, v.thread, v.spark_stage_id, v.spark_task_id, v.spark_executor_id, v.spark_role], ['TaskSetManager', 'task-result-getter-1', 7, 41, '2', 'driver']);
  [f, v] = p('2024-05-01 10:00:00,000 INFO [Executor task launch worker for task 1.0 in stage 7.0 (TID 39)] org.apache.spark.storage.ShuffleBlockFetcherIterator: Getting 8 (1.2 MiB) non-empty blocks');
  assert.equal(f, 'spark');
  assert.deepEqual([v.spark_stage_id, v.spark_task_id, v.spark_role], [7, 39, undefined]);
});

test('ISO timestamp with zone, %c{1} - %m; TS LEVEL message without separator', () => {
  let [f, v] = p('2024-05-01T10:00:00.123+0200 ERROR PaymentService - charge failed for order 42');
  assert.equal(f, 'log4j');
  assert.deepEqual([v.severity, v.component, v.message], ['ERROR', 'PaymentService', 'charge failed for order 42']);
  assert.equal(v.ts, Date.UTC(2024, 4, 1, 8, 0, 0) * 1000 + 123_000);
  [f, v] = p('2024-05-01 10:00:00 WARNING disk usage at 91%');
  assert.deepEqual([f, v.severity, v.message], ['log4j', 'WARN', 'disk usage at 91%']);
});

test('lines without a level header are left to the other parsers', () => {
  const [f] = p('2024-05-01 10:00:00 something happened here');
  assert.equal(f, 'fallback');
});
