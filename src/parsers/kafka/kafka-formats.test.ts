/**
 * Kafka broker messages in the shapes the Kafka sources write (apache/kafka @ 1eb76443, 2024-10):
 * RequestChannel.scala `requestLogger.debug("Completed request:" + desc)` with desc from
 * server/.../RequestConvertToJson.java `requestDescMetrics` (JSON form) or RequestHeader.toString
 * (`RequestHeader(apiKey=…, apiVersion=…, clientId=…, correlationId=…)`, Kafka 2.x); the layout is
 * config/log4j.properties `[%d] %p %m (%c)%n`; component prefixes as the classes' logIdent
 * (`[KafkaApi-%d] `, `[Broker id=%d] `, `[GroupCoordinator %d]: `, `[Controller id=%d] `,
 * `[GroupMetadataManager brokerId=%d] `, `[Log partition=%s, dir=%s] `, `[SocketServer listenerType=…, nodeId=%d] `).
 * Values (topics, hosts, ids) are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { kafkaParser } from './kafka-parser.js';
import { API_KEY_NAMES, requestTypeOf } from './kafka-fields.js';
import { parseEvent } from '../index.js';

function k(line: string): Record<string, unknown> {
  const w = new RecordFieldWriter();
  assert.equal(kafkaParser.parse(line, w, {}), true, line);
  return w.values as Record<string, unknown>;
}
const f = (v: Record<string, unknown>): unknown[] => [v.kafka_request_type, v.kafka_topic, v.kafka_partition, v.kafka_correlation_id];

test('request logger, JSON form: requestApiKeyName / requestApiKey → request type, body → topic/partition', () => {
  const json = '{"isForwarded":false,"requestHeader":{"requestApiKey":1,"requestApiVersion":16,"correlationId":811,"clientId":"consumer-grp-1","requestApiKeyName":"FETCH"},'
    + '"request":{"replicaId":-1,"maxWaitMs":500,"minBytes":1,"maxBytes":52428800,"isolationLevel":0,"sessionId":0,"sessionEpoch":0,'
    + '"topics":[{"topicId":"AAAAAAAAAAAAAAAAAAAAAA","topic":"payments","partitions":[{"partition":4,"currentLeaderEpoch":0,"fetchOffset":12}]}],"forgottenTopicsData":[],"rackId":""},'
    + '"response":{"throttleTimeMs":0,"errorCode":0,"sessionId":0,"responses":[]},"connection":"10.0.0.1:9092-10.0.0.9:51234-3","totalTimeMs":501.2,'
    + '"requestQueueTimeMs":0.1,"localTimeMs":0.3,"remoteTimeMs":500.5,"throttleTimeMs":0,"responseQueueTimeMs":0.1,"sendTimeMs":0.2,'
    + '"securityProtocol":"PLAINTEXT","principal":"User:ANONYMOUS","listener":"PLAINTEXT","clientInformation":{"softwareName":"apache-kafka-java","softwareVersion":"3.7.0"}}';
  let v = k(`[2024-05-01 10:00:00,123] DEBUG Completed request:${json} (kafka.request.logger)`);
  assert.deepEqual(f(v), ['Fetch', 'payments', 4, 811]);
  assert.equal(v.component, 'kafka.request.logger');
  // without the name (only the number)
  v = k('[2024-05-01 10:00:00,123] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":0,"requestApiVersion":9,"correlationId":5,"clientId":"producer-1"},'
    + '"request":{"transactionalId":null,"acks":-1,"timeoutMs":30000,"topicData":[{"name":"orders","partitionData":[{"index":2,"records":null}]}]},"response":{}} (kafka.request.logger)');
  assert.deepEqual(f(v), ['Produce', 'orders', 2, 5]);
});

test('request logger, RequestHeader(...) text form and 0.10 Struct form', () => {
  let v = k('[2020-03-01 10:00:00,000] DEBUG Completed request:RequestHeader(apiKey=LIST_OFFSETS, apiVersion=5, clientId=consumer-1, correlationId=77) -- {replica_id=-1,isolation_level=0,topics=[{topic=clicks,partitions=[{partition=1,current_leader_epoch=0,timestamp=-1}]}]},response:{throttle_time_ms=0} from connection 10.0.0.1:9092-10.0.0.2:4000-1;totalTime:0.6,requestQueueTime:0.1 (kafka.request.logger)');
  assert.deepEqual(f(v), ['ListOffsets', 'clicks', 1, 77]);
  v = k('[2017-03-01 10:00:00,000] TRACE Completed request:{api_key=3,api_version=2,correlation_id=9,client_id=admin-1} -- {topics=[]} from connection x;totalTime:1 (kafka.request.logger)');
  assert.deepEqual(f(v).slice(0, 1), ['Metadata']);
  assert.equal(v.kafka_correlation_id, 9);
});

test('api keys map to request names by number and enum name (ApiKeys.java)', () => {
  assert.equal(API_KEY_NAMES.length, 88);
  assert.deepEqual(['0', '1', '3', '11', '12', '18', '36', '56', '68', '87'].map(requestTypeOf),
    ['Produce', 'Fetch', 'Metadata', 'JoinGroup', 'Heartbeat', 'ApiVersions', 'SaslAuthenticate', 'AlterPartition', 'ConsumerGroupHeartbeat', 'ReadShareGroupStateSummary']);
  assert.equal(requestTypeOf('OFFSET_FOR_LEADER_EPOCH'), 'OffsetForLeaderEpoch');
  assert.equal(requestTypeOf('999'), '');
});

test('broker id from the logIdent prefixes', () => {
  for (const [line, id] of [
    ['[2024-05-01 10:00:00,000] ERROR [KafkaApi-2] Unexpected error handling request RequestHeader(apiKey=METADATA, apiVersion=12, clientId=x, correlationId=1) (kafka.server.KafkaApis)', 2],
    ['[2024-05-01 10:00:00,000] INFO [Broker id=3] Follower orders-1 starts at leader epoch 4 from offset 10 with partition epoch 4 and high watermark 10. Current leader is 1. (state.change.logger)', 3],
    ['[2024-05-01 10:00:00,000] INFO [GroupCoordinator 4]: Stabilized group billing generation 7 (__consumer_offsets-12) with 2 members (kafka.coordinator.group.GroupCoordinator)', 4],
    ['[2024-05-01 10:00:00,000] INFO [Controller id=5] New leader and ISR for partition orders-0 (kafka.controller.KafkaController)', 5],
    ['[2024-05-01 10:00:00,000] INFO [SocketServer listenerType=BROKER, nodeId=6] Enabling request processing. (kafka.network.SocketServer)', 6],
  ] as const) {
    assert.equal(k(line).broker_id, id, line);
  }
});

test('topic-partition references in coordinator, log-manager and replica messages', () => {
  for (const [line, topic, part] of [
    ['[2024-05-01 10:00:00,000] INFO [GroupMetadataManager brokerId=1] Finished loading offsets and group metadata from __consumer_offsets-34 in 25 milliseconds for epoch 0, of which 25 milliseconds was spent in the scheduler. (kafka.coordinator.group.GroupMetadataManager)', '__consumer_offsets', 34],
    ['[2024-05-01 10:00:00,000] INFO [GroupCoordinator 1]: Preparing to rebalance group billing in state PreparingRebalance with old generation 3 (__consumer_offsets-7) (reason: Adding new member) (kafka.coordinator.group.GroupCoordinator)', '__consumer_offsets', 7],
    ['[2024-05-01 10:00:00,000] INFO [Broker id=1] Leader orders-3 with topic id Some(6kN2a0WvQxOx4l0tQZ1c0A) starts at leader epoch 0 from offset 0 with partition epoch 0, high watermark 0, ISR [1,2], adding replicas [] and removing replicas []. Previous leader None and previous leader epoch was -1. (state.change.logger)', 'orders', 3],
    ['[2024-05-01 10:00:00,000] INFO [ReplicaFetcherManager on broker 2] Added fetcher to broker 1 for partitions Map(orders-0 -> InitialFetchState(Some(x),BrokerEndPoint(id=1, host=k1:9092),0,0)) (kafka.server.ReplicaFetcherManager)', 'orders', 0],
    ['[2024-05-01 10:00:00,000] INFO [LogLoader partition=clicks-9, dir=/var/lib/kafka/data] Loading producer state till offset 0 with message format version 2 (kafka.log.UnifiedLog$)', 'clicks', 9],
    ['[2024-05-01 10:00:00,000] INFO Created log for partition clicks-9 in /var/lib/kafka/data/clicks-9 with properties {} (kafka.log.LogManager)', 'clicks', 9],
  ] as const) {
    const v = k(line);
    assert.deepEqual([v.kafka_topic, v.kafka_partition], [topic, part], line);
  }
  const v = k('[2024-05-01 10:00:00,000] INFO [Broker id=1] Leader orders-3 with topic id Some(x) starts (state.change.logger)');
  assert.notEqual(v.kafka_topic, 'id');
});

test('a bare api=<number> outside Kafka request logs is not a request type', () => {
  const w = new RecordFieldWriter();
  assert.equal(kafkaParser.parse('[2024-05-01 10:00:00,000] INFO calling partner api=3 returned 200 for request 7 (com.example.Client)', w, {}), true);
  assert.equal(w.values.kafka_request_type, undefined);
});

// Group ids as the coordinators and clients log them: GroupCoordinator.scala (Kafka 2.x–3.x,
// logIdent `[GroupCoordinator %d]: `: `Preparing to rebalance group %s in state %s with old
// generation %d (%s) (reason: %s)`, `Stabilized group %s generation %d (%s) with %d members`,
// `Member %s in group %s has failed, removing it from the group`, `Group %s with generation %d is now
// empty (%s)`, `Unloading group metadata for %s with generation %d`), GroupMetadataManager.scala
// (`Group %s transitioned to Dead in generation %d`), the Java group coordinator of Kafka ≥ 3.7
// (LogContext `[GroupCoordinator id=%d topic=%s partition=%d] `, messages `[GroupId %s] …` and
// `Group %s with generation %d is now empty.`), and the clients' LogContext
// `[Consumer clientId=%s, groupId=%s] ` (AbstractCoordinator / ConsumerCoordinator).
test('consumer group: coordinator messages of Kafka 2.x–3.x and the client prefix', () => {
  const gc = (m: string): string => `[2024-05-01 10:00:00,123] INFO [GroupCoordinator 1]: ${m} (kafka.coordinator.group.GroupCoordinator)`;
  const nc = (m: string): string => `[2024-05-01 10:00:00,123] INFO [GroupCoordinator id=1 topic=__consumer_offsets partition=13] ${m} (org.apache.kafka.coordinator.group.GroupMetadataManager)`;
  const cases: [string, string][] = [
    [gc('Preparing to rebalance group orders-app in state PreparingRebalance with old generation 3 (__consumer_offsets-12) (reason: Adding new member c-1 with group instance id None)'), 'orders-app'],
    [gc('Stabilized group orders-app generation 4 (__consumer_offsets-12) with 2 members'), 'orders-app'],
    [gc('Member consumer-1-6f1c in group orders-app has failed, removing it from the group'), 'orders-app'],
    [gc('Group orders.app with generation 5 is now empty (__consumer_offsets-12)'), 'orders.app'],
    [gc('Unloading group metadata for orders-app with generation 5'), 'orders-app'],
    ['[2024-05-01 10:00:00,123] INFO [GroupMetadataManager brokerId=1] Group orders-app transitioned to Dead in generation 6 (kafka.coordinator.group.GroupMetadataManager)', 'orders-app'],
    [nc('[GroupId orders-app] Member m-1 joins the consumer group using the consumer protocol.'), 'orders-app'],
    [nc('Group orders-app with generation 2 is now empty.'), 'orders-app'],
    [nc('Dynamic member with unknown member id joins group orders-app in Empty state. Created a new member id c-2 and request the member to rejoin with this id.'), 'orders-app'],
    ['[2024-05-01 10:00:00,123] INFO [Consumer clientId=consumer-orders-app-1, groupId=orders-app] Discovered group coordinator kafka-0:9092 (id: 2147483647 rack: null) (org.apache.kafka.clients.consumer.internals.AbstractCoordinator)', 'orders-app'],
    ['[2024-05-01 10:00:00,123] INFO [Consumer clientId=consumer-orders-app-1, groupId=orders-app] Request joining group due to: need to re-join with the given member-id (org.apache.kafka.clients.consumer.internals.ConsumerCoordinator)', 'orders-app'],
  ];
  for (const [line, g] of cases) assert.equal(k(line).kafka_consumer_group, g, line);
  // words after `group` are not ids
  for (const m of ['Discovered group coordinator kafka-0:9092', 'Converted the classic group to a consumer group.']) {
    assert.equal(k(gc(m)).kafka_consumer_group, undefined, m);
  }
});

// A Java client app logging with logback's documented pattern `%d{HH:mm:ss.SSS} [%thread] %-5level
// %logger{36} - %msg%n` (logback manual, chapter Configuration): the clients' LogContext prefix names
// the group; the time of day is dated by the runtime's timestamp.
test('consumer group in a client app line with logback\'s time-only pattern', () => {
  const w = new RecordFieldWriter();
  const observed = Date.UTC(2024, 4, 1, 23, 59, 59, 900) * 1000;
  const fam = parseEvent('00:00:00.123 [main] INFO  o.a.k.c.c.internals.ConsumerCoordinator - [Consumer clientId=consumer-orders-app-1, groupId=orders-app] Setting offset for partition orders-0 to the committed offset FetchPosition{offset=5}', w, { observedMicros: observed });
  const v = w.values as Record<string, unknown>;
  assert.deepEqual([fam, v.severity, v.thread, v.component, v.kafka_consumer_group, v.ts], ['log4j', 'INFO', 'main', 'o.a.k.c.c.internals.ConsumerCoordinator', 'orders-app', Date.UTC(2024, 4, 2, 0, 0, 0, 123) * 1000]);
  const w2 = new RecordFieldWriter();
  parseEvent('10:00:00.123 [main] INFO  o.a.k.c.c.internals.ConsumerCoordinator - [Consumer clientId=c-1, groupId=g-2] (Re-)joining group', w2, {});
  assert.deepEqual([w2.values.kafka_consumer_group, w2.values.ts], ['g-2', undefined]);
});

// AbstractConfig.logAll (Kafka clients): `ConsumerConfig values: ` + one `\tkey = value` line per
// setting, sorted; the multi-line stage joins the TAB lines to the header.
test('consumer group of a ConsumerConfig dump', () => {
  const dump = (g: string): string => ['ConsumerConfig values: ', '\tallow.auto.create.topics = true', '\tauto.offset.reset = earliest', '\tbootstrap.servers = [kafka-0:9092]', `\tgroup.id = ${g}`, '\tgroup.instance.id = null', '\tsession.timeout.ms = 45000'].join('\n');
  const lines: [string, string | undefined][] = [
    [`2024-05-01 10:00:00,123 INFO [main] org.apache.kafka.clients.consumer.ConsumerConfig - ${dump('orders-app')}`, 'orders-app'],
    [`[2024-05-01 10:00:00,123] INFO ${dump('orders-app')}`, 'orders-app'],
    [`2024-05-01 10:00:00,123 INFO [main] org.apache.kafka.clients.consumer.ConsumerConfig - ${dump('null')}`, undefined],
  ];
  for (const [text, g] of lines) {
    const w = new RecordFieldWriter();
    parseEvent(text, w, {});
    assert.equal(w.values.kafka_consumer_group, g, text);
  }
});

// kafka_partition only when the message means exactly one partition (apache/kafka @ 1eb76443):
// AbstractFetcherThread `Truncating partition %s with …`, `Partition %s has an older epoch …`,
// `Error for partition %s at offset %d`; Sender.java `… on topic-partition %s, retrying …`;
// Partition.scala logIdent `[Partition %s broker=%d] `; UnifiedLog / LogLoader `[… partition=%s, dir=%s] `;
// the group coordinator's LogContext `[GroupCoordinator id=%d topic=%s partition=%d] `. Lists —
// AbstractFetcherManager `Removed fetcher for partitions %s` (a Scala Set), `Added fetcher to broker
// %d for partitions %s` (a Map), ConsumerRebalanceListenerInvoker `Adding newly assigned partitions: %s`
// (comma-joined), `Assignment(partitions=[…])` — give a partition only when they hold one element, and
// their topic only when all elements share it.
test('kafka_partition: one partition named by a template, none for a list of several', () => {
  const line = (c: string, m: string, cls: string): string => `[2024-05-01 10:00:00,000] INFO [${c}] ${m} (${cls})`;
  const RF = 'ReplicaFetcher replicaId=2, leaderId=1, fetcherId=0';
  const cases: [string, string | undefined, number | undefined][] = [
    [line(RF, 'Truncating partition orders-3 with TruncationState(offset=10, completed=true) due to leader epoch and offset EpochEndOffset(errorCode=0, partition=3, leaderEpoch=4, endOffset=10)', 'kafka.server.ReplicaFetcherThread'), 'orders', 3],
    [line(RF, 'Partition orders-3 has an older epoch (4) than the current leader. Will await the new LeaderAndIsr state before resuming fetching.', 'kafka.server.ReplicaFetcherThread'), 'orders', 3],
    [line(RF, 'Error for partition orders.eu-12 at offset 7', 'kafka.server.ReplicaFetcherThread'), 'orders.eu', 12],
    [line('Producer clientId=producer-1', 'Got error produce response with correlation id 88 on topic-partition payments-0, retrying (2 attempts left). Error: NOT_LEADER_OR_FOLLOWER', 'org.apache.kafka.clients.producer.internals.Sender'), 'payments', 0],
    [line('Partition clicks-2 broker=1', 'Log loaded for partition clicks-2 with initial high watermark 0', 'kafka.cluster.Partition'), 'clicks', 2],
    [line('UnifiedLog partition=clicks-2, dir=/var/lib/kafka/data', 'Incremented log start offset to 10', 'kafka.log.UnifiedLog'), 'clicks', 2],
    [line('GroupCoordinator id=1 topic=__consumer_offsets partition=13', 'Loaded 3 groups', 'org.apache.kafka.coordinator.group.GroupMetadataManager'), '__consumer_offsets', 13],
    // lists
    [line('ReplicaFetcherManager on broker 2', 'Removed fetcher for partitions Set(orders-0, orders-3)', 'kafka.server.ReplicaFetcherManager'), 'orders', undefined],
    [line('ReplicaFetcherManager on broker 2', 'Removed fetcher for partitions Set(orders-0, clicks-3)', 'kafka.server.ReplicaFetcherManager'), undefined, undefined],
    [line('ReplicaFetcherManager on broker 2', 'Removed fetcher for partitions Set(orders-5)', 'kafka.server.ReplicaFetcherManager'), 'orders', 5],
    [line('ReplicaFetcherManager on broker 2', 'Removed fetcher for partitions Set()', 'kafka.server.ReplicaFetcherManager'), undefined, undefined],
    [line('ReplicaFetcherManager on broker 2', 'Added fetcher to broker 1 for partitions Map(orders-0 -> InitialFetchState(Some(x),BrokerEndPoint(id=1, host=kafka-1:9092),0,0), orders-4 -> InitialFetchState(Some(x),BrokerEndPoint(id=1, host=kafka-1:9092),0,0))', 'kafka.server.ReplicaFetcherManager'), 'orders', undefined],
    [line('ReplicaFetcherManager on broker 2', 'Added fetcher for partitions List([test-0, initOffset 0 to broker BrokerEndPoint(30,kafka-3,9095)] , [test-1, initOffset 0 to broker BrokerEndPoint(30,kafka-3,9095)] )', 'kafka.server.ReplicaFetcherManager'), 'test', undefined],
    [line('Consumer clientId=c-1, groupId=billing', 'Adding newly assigned partitions: payments-0, payments-1, refunds-0', 'org.apache.kafka.clients.consumer.internals.ConsumerRebalanceListenerInvoker'), undefined, undefined],
    [line('Consumer clientId=c-1, groupId=billing', 'Adding newly assigned partitions: payments-1', 'org.apache.kafka.clients.consumer.internals.ConsumerRebalanceListenerInvoker'), 'payments', 1],
    [line('Consumer clientId=c-1, groupId=billing', 'Notifying assignor about the new Assignment(partitions=[payments-0, payments-1])', 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator'), 'payments', undefined],
    // a number after a dash elsewhere in the line is not a partition
    [line('Controller id=1', 'Sending UpdateMetadata request to brokers Set(1, 2) for 3 partitions with kafka-2 as the host', 'kafka.controller.KafkaController'), undefined, undefined],
  ];
  for (const [l, topic, part] of cases) {
    const v = k(l);
    assert.deepEqual([v.kafka_topic, v.kafka_partition], [topic, part], l);
  }
});

test('request logger: a body with several partitions gives its topic and no partition', () => {
  let v = k('[2024-05-01 10:00:00,000] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":1,"requestApiVersion":13,"correlationId":9,"clientId":"c","requestApiKeyName":"FETCH"},'
    + '"request":{"topics":[{"topic":"payments","partitions":[{"partition":4,"fetchOffset":12},{"partition":5,"fetchOffset":3}]}]},"response":{}} (kafka.request.logger)');
  assert.deepEqual([v.kafka_request_type, v.kafka_topic, v.kafka_partition], ['Fetch', 'payments', undefined]);
  v = k('[2024-05-01 10:00:00,000] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":1,"requestApiVersion":13,"correlationId":9,"clientId":"c","requestApiKeyName":"FETCH"},'
    + '"request":{"topics":[{"topic":"payments","partitions":[{"partition":4}]},{"topic":"refunds","partitions":[{"partition":4}]}]},"response":{}} (kafka.request.logger)');
  assert.deepEqual([v.kafka_topic, v.kafka_partition], ['payments', undefined]);
});
