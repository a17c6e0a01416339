import { test } from 'node:test';
import { repoRoot } from '../../core/paths.js';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RecordFieldWriter } from '../../core/fields.js';
import { kafkaParser } from './kafka-parser.js';
import { log4jParser } from './log4j-parser.js';
import { apiKeyToRequestType } from './kafka-fields.js';

const ROOT = pathToFileURL(repoRoot() + '/');

const FIX = new URL('test/fixtures/parsers/kafka/', ROOT);

function k(line: string, tz?: number): Record<string, unknown> {
  const w = new RecordFieldWriter();
  assert.equal(kafkaParser.parse(line, w, { defaultTzOffsetMinutes: tz }), true, line);
  return w.values;
}

test('default layout: µs timestamp with zone rule, level, class, component, message', () => {
  const v = k('[2018-10-17 12:04:41,718] INFO [GroupMetadataManager brokerId=10] Removed 0 expired offsets in 0 milliseconds. (kafka.coordinator.group.GroupMetadataManager)', -120);
  assert.equal(v.ts, Date.UTC(2018, 9, 17, 14, 4, 41) * 1000 + 718_000);
  assert.equal(v.severity, 'INFO');
  assert.equal(v.component, 'kafka.coordinator.group.GroupMetadataManager');
  assert.deepEqual(v.attributes, { kafka_component: 'GroupMetadataManager brokerId=10' });
  assert.equal(v.message, 'Removed 0 expired offsets in 0 milliseconds.');
  assert.equal(v.broker_id, 10);
});

test('broker ids from the component in its many spellings', () => {
  assert.equal(k('[2018-10-17 12:50:23,323] INFO [ReplicaFetcher replicaId=10, leaderId=20, fetcherId=0] Stopped (kafka.server.ReplicaFetcherThread)').broker_id, 10);
  assert.equal(k('[2018-10-17 12:50:23,323] INFO [KafkaServer id=1] started (kafka.server.KafkaServer)').broker_id, 1);
  assert.equal(k('[2018-10-17 12:50:23,323] INFO [Controller id=3] Processing automatic preferred replica leader election (kafka.controller.KafkaController)').broker_id, 3);
  assert.equal(k('[2018-10-17 12:50:23,323] INFO [ReplicaFetcherManager on broker 10] Removed fetcher for partitions test-3 (kafka.server.ReplicaFetcherManager)').broker_id, 10);
});

test('topic and partition notations', () => {
  let v = k('[2018-07-16 10:17:06,489] TRACE [Broker id=30] Cached leader info PartitionState(controllerEpoch=25, leader=-1) for partition __consumer_offsets-16 in response to UpdateMetadata request sent by controller 20 epoch 25 with correlation id 8 (state.change.logger)');
  assert.deepEqual([v.kafka_topic, v.kafka_partition, v.kafka_request_type, v.kafka_correlation_id, v.broker_id], ['__consumer_offsets', 16, 'UpdateMetadata', 8, 30]);
  v = k('[2018-10-17 12:50:23,351] INFO [Partition test-2-1 broker=10] test-2-1 starts at Leader Epoch 1 (kafka.cluster.Partition)');
  assert.deepEqual([v.kafka_topic, v.kafka_partition], ['test-2', 1]);
  v = k('[2020-01-01 00:00:00,000] INFO [Log partition=orders-7, dir=/var/kafka] Loading producer state (kafka.log.Log)');
  assert.deepEqual([v.kafka_topic, v.kafka_partition], ['orders', 7]);
  v = k('[2020-01-01 00:00:00,000] WARN Error for Partition(topic=payments, partition=3) (kafka.server.X)');
  assert.deepEqual([v.kafka_topic, v.kafka_partition], ['payments', 3]);
});

test('consumer group, request type from RequestHeader apiKey, correlation id', () => {
  let v = k('[2020-01-01 00:00:00,000] INFO [GroupCoordinator 1]: Preparing to rebalance group my-group in state PreparingRebalance with old generation 3 (kafka.coordinator.group.GroupCoordinator)');
  assert.equal(v.kafka_consumer_group, 'my-group');
  assert.equal(v.broker_id, 1);
  v = k('[2020-01-01 00:00:00,000] ERROR Closing socket because of error processing request RequestHeader(apiKey=JOIN_GROUP, apiVersion=5, clientId=c1, correlationId=42) (kafka.network.Processor)');
  assert.equal(v.kafka_request_type, 'JoinGroup');
  assert.equal(v.kafka_correlation_id, 42);
  assert.equal(apiKeyToRequestType('OFFSET_COMMIT'), 'OffsetCommit');
});

test('alternative layout [ts] [LEVEL] [thread] [logger] - msg', () => {
  const v = k('[2019-01-01 10:00:00,123] [INFO] [controller-event-thread] [state.change.logger] - [Controller id=0 epoch=1] Changed partition foo-0 state');
  assert.equal(v.thread, 'controller-event-thread');
  assert.equal(v.component, 'state.change.logger');
  assert.equal(v.broker_id, 0);
  assert.deepEqual([v.kafka_topic, v.kafka_partition], ['foo', 0]);
});

test('multi-line event keeps continuation lines in the message', () => {
  const v = k('[2018-10-17 12:50:23,323] ERROR [ReplicaFetcher replicaId=10] Error (kafka.server.ReplicaFetcherThread)\norg.apache.kafka.common.errors.UnknownTopicOrPartitionException: x\n\tat a.B(C.java:1)');
  assert.equal(v.message, 'Error\norg.apache.kafka.common.errors.UnknownTopicOrPartitionException: x\n\tat a.B(C.java:1)');
});

test('not Kafka: refused without writing', () => {
  for (const l of ['[some weird test] IndexNotFoundException[no such index]', '[2018-10-17 12:04:41,718] NOTALEVEL x', '17/06/09 20:10:40 INFO a.B: x']) {
    const w = new RecordFieldWriter();
    assert.equal(kafkaParser.parse(l, w, {}), false);
    assert.deepEqual(w.values, {});
  }
});

test('Datadog Kafka/log4j samples (not tuned on): logger, thread, level, message, timestamp', () => {
  const rows = readFileSync(new URL('datadog_kafka_log_samples.expected.jsonl', FIX), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l) as { sample: string; expected_subset: Record<string, unknown> });
  let agree = 0;
  let total = 0;
  for (const { sample, expected_subset: x } of rows) {
    const w = new RecordFieldWriter();
    const ok = kafkaParser.parse(sample, w, {}) || log4jParser.parse(sample, w, {});
    assert.ok(ok, sample);
    const v = w.values;
    const checks: [unknown, unknown][] = [[v.component, x['logger.name']], [v.severity, x['status']]];
    if (x['logger.thread_name'] !== undefined) checks.push([v.thread, x['logger.thread_name']]);
    if (x['timestamp_ms'] !== undefined) checks.push([v.ts, (x['timestamp_ms'] as number) * 1000]);
    if (x['line'] !== undefined) checks.push([(v.attributes as Record<string, string>)['line'], String(x['line'])]);
    if (x['duration'] !== undefined) checks.push([(v.attributes as Record<string, string>)['relative_ms'], String(x['duration'])]);
    // Datadog keeps the [component] inside the message; we split it out like Filebeat
    const comp = (v.attributes as Record<string, string> | undefined)?.['kafka_component'];
    checks.push([comp ? `[${comp}] ${String(v.message)}` : v.message, x['message']]);
    for (const [a, b] of checks) {
      total++;
      if (a === b) agree++;
      else console.log(`datadog kafka diff: ours=${JSON.stringify(a)} datadog=${JSON.stringify(b)}`);
    }
  }
  assert.equal(agree, total);
});
