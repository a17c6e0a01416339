/**
 * Kafka fields of Kafka loggers outside the broker's text layouts: JSON lines of a Java client
 * (logstash-logback-encoder `logger_name` / log4j2 JsonTemplateLayout `loggerName`, messages as
 * AbstractCoordinator / ConsumerCoordinator log them with their LogContext prefix
 * `[Consumer clientId=%s, groupId=%s] `), MDC-style `groupId` / `topic` / `partition` keys, and
 * kafka-python's Python logging records (kafka/coordinator/base.py `Successfully joined group %s
 * with generation %s`, consumer.py `Setting newly assigned partitions %s for group %s`,
 * fetcher.py `Resetting offset for partition %s to offset %s.` with a TopicPartition namedtuple repr).
 * Names and values are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';
import { isKafkaLogger } from './kafka-logger-fields.js';

function p(text: string): [string, Record<string, unknown>] {
  const w = new RecordFieldWriter();
  const family = parseEvent(text, w, {});
  return [family, w.values as Record<string, unknown>];
}
const f = (v: Record<string, unknown>): unknown[] => [v.kafka_consumer_group, v.kafka_topic, v.kafka_partition];

test('JSON lines of Kafka loggers: group, topic and partition from the message prefix and templates', () => {
  let [family, v] = p(JSON.stringify({ '@timestamp': '2024-05-01T10:00:00.000Z', level: 'INFO', logger_name: 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator',
    message: '[Consumer clientId=consumer-billing-1, groupId=billing] Setting offset for partition payments-4 to the committed offset FetchPosition{offset=5, offsetEpoch=Optional.empty}' }));
  assert.equal(family, 'json');
  assert.deepEqual(f(v), ['billing', 'payments', 4]);
  [, v] = p(JSON.stringify({ timeMillis: 1714557600000, level: 'INFO', loggerName: 'kafka.coordinator.group.GroupCoordinator', message: '[GroupCoordinator 1]: Preparing to rebalance group billing in state PreparingRebalance with old generation 3 (__consumer_offsets-12) (reason: Adding new member)', thread: 'data-plane-kafka-request-handler-1' }));
  assert.deepEqual(f(v), ['billing', '__consumer_offsets', 12]);
  assert.equal(v.broker_id, 1);
  [, v] = p(JSON.stringify({ '@timestamp': '2024-05-01T10:00:00.000Z', level: 'INFO', logger_name: 'org.apache.kafka.clients.consumer.internals.ConsumerRebalanceListenerInvoker',
    message: '[Consumer clientId=c-1, groupId=billing] Adding newly assigned partitions: payments-0, payments-1' }));
  assert.deepEqual(f(v), ['billing', 'payments', undefined]);
});

test('JSON lines of Kafka loggers: groupId / group_id / topic / partition keys', () => {
  let [, v] = p(JSON.stringify({ '@timestamp': '2024-05-01T10:00:00.000Z', level: 'WARN', logger_name: 'org.apache.kafka.clients.consumer.KafkaConsumer', message: 'Commit failed', groupId: 'orders-app', topic: 'orders', partition: 7 }));
  assert.deepEqual(f(v), ['orders-app', 'orders', 7]);
  [, v] = p(JSON.stringify({ time: '2024-05-01T10:00:00Z', level: 'info', logger: 'kafka.consumer', msg: 'poll', group_id: 'g2', topic: 't', partition: '3' }));
  assert.deepEqual(f(v), ['g2', 't', 3]);
  // not a Kafka logger: the keys stay attributes only
  [, v] = p(JSON.stringify({ time: '2024-05-01T10:00:00Z', level: 'info', logger: 'shop.orders', msg: 'joined group x', groupId: 'g', topic: 't', partition: 1 }));
  assert.deepEqual(f(v), [undefined, undefined, undefined]);
  assert.equal((v.attributes as Record<string, string>).groupId, 'g');
});

test('kafka-python records (Python logging): group, TopicPartition(topic=…, partition=…)', () => {
  const py = (logger: string, level: string, msg: string): string => `2024-05-01 10:00:00,123 - ${logger} - ${level} - ${msg}`;
  let [family, v] = p(py('kafka.coordinator', 'INFO', 'Successfully joined group billing with generation 4'));
  assert.equal(family, 'python');
  assert.deepEqual(f(v), ['billing', undefined, undefined]);
  [, v] = p(py('kafka.coordinator.consumer', 'INFO', "Setting newly assigned partitions {TopicPartition(topic='payments', partition=0), TopicPartition(topic='payments', partition=1)} for group billing"));
  assert.deepEqual(f(v), ['billing', 'payments', undefined]);
  [, v] = p(py('kafka.consumer.fetcher', 'INFO', "Resetting offset for partition TopicPartition(topic='payments', partition=2) to offset 5."));
  assert.deepEqual(f(v), [undefined, 'payments', 2]);
  [, v] = p(py('kafka.coordinator', 'WARNING', 'Heartbeat failed for group billing because it is rebalancing'));
  assert.deepEqual(f(v), ['billing', undefined, undefined]);
  // another Python logger: no Kafka fields
  [, v] = p(py('shop.worker', 'INFO', 'Successfully joined group billing with generation 4'));
  assert.deepEqual(f(v), [undefined, undefined, undefined]);
});

test('isKafkaLogger', () => {
  for (const l of ['kafka.server.ReplicaManager', 'org.apache.kafka.clients.NetworkClient', 'state.change.logger', 'kafka.coordinator']) assert.equal(isKafkaLogger(l), true, l);
  for (const l of ['kafkaesque', 'org.apache.kafkax', 'com.example.kafka.Client', '']) assert.equal(isKafkaLogger(l), false, l);
});

// confluent-kafka forwards librdkafka's logs to the given Python logger as
// `logger.log(level, "%s [%s] %s", fac, name, message)`; librdkafka's own texts (rdkafka_cgrp.c
// `Group \"%.*s\": join with %d subscribed topic(s)`, rdkafka_fetcher.c `Fetch topic %.*s [%d] at
// offset %d (v%d)`) name a group `Group "G"` and a partition `topic [N]`.
test('confluent-kafka (librdkafka through a Python logger of any name): Group "G", topic [N]', () => {
  const py = (msg: string): string => `2024-05-01 10:00:00,123 - billing.consumer - INFO - ${msg}`;
  let [family, v] = p(py('JOIN [rdkafka#consumer-1] [thrd:main]: Group "billing": join with 1 subscribed topic(s)'));
  assert.equal(family, 'python');
  assert.deepEqual(f(v), ['billing', undefined, undefined]);
  [, v] = p(py('FETCH [rdkafka#consumer-1] [thrd:kafka-1:9092/1]: kafka-1:9092/1: Fetch topic payments [3] at offset 5 (v2)'));
  assert.deepEqual(f(v), [undefined, 'payments', 3]);
  [, v] = p(py('ASSIGN [rdkafka#consumer-1] [thrd:main]: Group "billing": assigning payments [0], payments [1]'));
  assert.deepEqual(f(v), ['billing', 'payments', undefined]);
  // the same words without the librdkafka prefix: nothing
  [, v] = p(py('Group "billing": join with 1 subscribed topic(s)'));
  assert.deepEqual(f(v), [undefined, undefined, undefined]);
});
