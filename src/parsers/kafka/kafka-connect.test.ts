/**
 * Kafka Connect worker logs: the layout of apache/kafka config/connect-log4j.properties
 * (`[%d] %p %X{connector.context}%m (%c:%L)%n`, also connect-log4j2.yaml in Kafka ≥ 4.0), the MDC
 * connector context of connect/runtime LoggingContext.prefixFor (`[name|worker] `,
 * `[name|task-N] `, `[name|task-N|offsets] `, `[name|validate] `), and message templates of
 * WorkerSinkTask / AbstractWorkerSourceTask (`{} Committing offsets asynchronously using sequence
 * number {}: {}`, `{} Rewind {} to offset {}`, `{} Wrote record successfully: topic {} partition {}
 * offset {}`). Connector names, topics and line numbers are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { kafkaParser, locationColon } from './kafka-parser.js';
import { parseEvent } from '../index.js';

function k(line: string): Record<string, unknown> {
  const w = new RecordFieldWriter();
  assert.equal(kafkaParser.parse(line, w, {}), true, line);
  return w.values as Record<string, unknown>;
}
const attrs = (v: Record<string, unknown>): Record<string, string> => (v.attributes ?? {}) as Record<string, string>;

test('(%c:%L): component is the class only, the line number goes to attributes.line', () => {
  const v = k('[2024-05-01 10:00:00,123] INFO Kafka Connect started (org.apache.kafka.connect.runtime.Connect:57)');
  assert.equal(v.component, 'org.apache.kafka.connect.runtime.Connect');
  assert.equal(attrs(v).line, '57');
  assert.equal(v.message, 'Kafka Connect started');
  // log4j prints `?` without location information: no line
  const q = k('[2024-05-01 10:00:00,123] INFO Kafka Connect started (org.apache.kafka.connect.runtime.Connect:?)');
  assert.equal(q.component, 'org.apache.kafka.connect.runtime.Connect');
  assert.equal(attrs(q).line, undefined);
  // the broker's (%c) is unchanged
  const b = k('[2024-05-01 10:00:00,123] INFO [KafkaServer id=1] started (kafka.server.KafkaServer)');
  assert.equal(b.component, 'kafka.server.KafkaServer');
  assert.equal(attrs(b).line, undefined);
  assert.deepEqual([locationColon('a.B:12'), locationColon('a.B:'), locationColon('a.B:x1'), locationColon(':12'), locationColon('a.B')], [3, -1, -1, -1, -1]);
});

test('connector context: connector, scope and task into attributes, out of the message (like a [Component] prefix)', () => {
  let v = k('[2024-05-01 10:00:01,000] INFO [orders-sink|task-0] Sink task finished initialization and start (org.apache.kafka.connect.runtime.WorkerSinkTask:330)');
  assert.deepEqual([attrs(v).kafka_connector, attrs(v).kafka_connect_scope, attrs(v).kafka_task], ['orders-sink', 'task', '0']);
  assert.equal(v.message, 'Sink task finished initialization and start');
  assert.equal(v.component, 'org.apache.kafka.connect.runtime.WorkerSinkTask');
  assert.equal(attrs(v).line, '330');
  assert.equal(attrs(v).kafka_component, undefined);
  v = k('[2024-05-01 10:00:01,000] INFO [orders-sink|worker] Creating connector orders-sink of type FileStreamSink (org.apache.kafka.connect.runtime.Worker:312)');
  assert.deepEqual([attrs(v).kafka_connector, attrs(v).kafka_connect_scope, attrs(v).kafka_task], ['orders-sink', 'worker', undefined]);
  assert.equal(v.message, 'Creating connector orders-sink of type FileStreamSink');
  v = k('[2024-05-01 10:00:01,000] INFO [pg|source|task-12|offsets] Committing offsets for 5 acknowledged messages (org.apache.kafka.connect.runtime.WorkerSourceTask:233)');
  assert.deepEqual([attrs(v).kafka_connector, attrs(v).kafka_connect_scope, attrs(v).kafka_task], ['pg|source', 'offsets', '12']);
  v = k('[2024-05-01 10:00:01,000] INFO [jdbc-src|validate] Validating connector configuration (org.apache.kafka.connect.runtime.AbstractHerder:500)');
  assert.deepEqual([attrs(v).kafka_connector, attrs(v).kafka_connect_scope], ['jdbc-src', 'validate']);
  // the client's LogContext after the connector context is read as before: group, partition
  v = k('[2024-05-01 10:00:02,000] INFO [orders-sink|task-0] [Consumer clientId=connector-consumer-orders-sink-0, groupId=connect-orders-sink] Setting offset for partition orders-2 to the committed offset FetchPosition{offset=7} (org.apache.kafka.clients.consumer.internals.ConsumerCoordinator:1019)');
  assert.equal(attrs(v).kafka_component, 'Consumer clientId=connector-consumer-orders-sink-0, groupId=connect-orders-sink');
  assert.deepEqual([v.kafka_consumer_group, v.kafka_topic, v.kafka_partition], ['connect-orders-sink', 'orders', 2]);
  assert.equal(v.message, 'Setting offset for partition orders-2 to the committed offset FetchPosition{offset=7}');
  // a bracket without the scope shape is a component, as before
  v = k('[2024-05-01 10:00:02,000] INFO [a|b] something (x.Y:1)');
  assert.equal(attrs(v).kafka_connector, undefined);
  assert.equal(attrs(v).kafka_component, 'a|b');
});

test('WorkerSinkTask / WorkerSourceTask messages: one topic-partition, a list gives the topic only', () => {
  const one = k("[2024-05-01 10:00:03,000] INFO [orders-sink|task-0] WorkerSinkTask{id=orders-sink-0} Committing offsets asynchronously using sequence number 3: {orders-4=OffsetAndMetadata{offset=42, leaderEpoch=null, metadata=''}} (org.apache.kafka.connect.runtime.WorkerSinkTask:352)");
  assert.deepEqual([one.kafka_topic, one.kafka_partition], ['orders', 4]);
  const two = k("[2024-05-01 10:00:03,000] INFO [orders-sink|task-0] WorkerSinkTask{id=orders-sink-0} Committing offsets asynchronously using sequence number 4: {orders-4=OffsetAndMetadata{offset=42, leaderEpoch=null, metadata=''}, orders-5=OffsetAndMetadata{offset=9, leaderEpoch=null, metadata=''}} (org.apache.kafka.connect.runtime.WorkerSinkTask:352)");
  assert.deepEqual([two.kafka_topic, two.kafka_partition], ['orders', undefined]);
  const mixed = k("[2024-05-01 10:00:03,000] INFO [s|task-0] WorkerSinkTask{id=s-0} Committing offsets asynchronously using sequence number 4: {orders-4=OffsetAndMetadata{offset=42, leaderEpoch=null, metadata=''}, refunds-4=OffsetAndMetadata{offset=9, leaderEpoch=null, metadata=''}} (org.apache.kafka.connect.runtime.WorkerSinkTask:352)");
  assert.deepEqual([mixed.kafka_topic, mixed.kafka_partition], [undefined, undefined]);
  const rewind = k('[2024-05-01 10:00:03,000] INFO [orders-sink|task-0] WorkerSinkTask{id=orders-sink-0} Rewind orders-1 to offset 100 (org.apache.kafka.connect.runtime.WorkerSinkTask:661)');
  assert.deepEqual([rewind.kafka_topic, rewind.kafka_partition], ['orders', 1]);
  const wrote = k('[2024-05-01 10:00:03,000] TRACE [pg-src|task-1] WorkerSourceTask{id=pg-src-1} Wrote record successfully: topic pg.public.users partition 2 offset 10 (org.apache.kafka.connect.runtime.AbstractWorkerSourceTask:376)');
  assert.deepEqual([wrote.kafka_topic, wrote.kafka_partition], ['pg.public.users', 2]);
  assert.deepEqual([attrs(wrote).kafka_connector, attrs(wrote).kafka_task], ['pg-src', '1']);
  // no MDC context (e.g. a layout without %X): the WorkerTask's id names connector and task
  const bare = k("[2024-05-01 10:00:03,000] INFO WorkerSinkTask{id=my-sink-conn-7} Committing offsets asynchronously using sequence number 1: {t-0=OffsetAndMetadata{offset=1, leaderEpoch=null, metadata=''}} (org.apache.kafka.connect.runtime.WorkerSinkTask)");
  assert.deepEqual([attrs(bare).kafka_connector, attrs(bare).kafka_task, bare.kafka_topic, bare.kafka_partition], ['my-sink-conn', '7', 't', 0]);
});

test('Connect lines are family kafka through the registry', () => {
  const w = new RecordFieldWriter();
  assert.equal(parseEvent('[2024-05-01 10:00:01,000] INFO [orders-sink|task-0] Sink task finished initialization and start (org.apache.kafka.connect.runtime.WorkerSinkTask:330)', w, {}), 'kafka');
  assert.equal(w.values.component, 'org.apache.kafka.connect.runtime.WorkerSinkTask');
});
