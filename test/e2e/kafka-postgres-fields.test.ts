/**
 * End to end: the real CLI on the container logs (kubelet CRI files under /var/log/pods) of a Kafka
 * broker (log4j `[%d] %p %m (%c)%n`, message templates of apache/kafka GroupCoordinator.scala,
 * AbstractFetcherManager.scala, AbstractFetcherThread.scala, UnifiedLog), a Java consumer logging
 * JSON (logstash-logback-encoder fields, the client's `[Consumer clientId=…, groupId=…]` LogContext),
 * and two PostgreSQL servers: one whose log_line_prefix prints `%e` (`%m [%p] %q%u@%d %e `), one
 * with the default `%m [%p] ` (no code logged: the server's fixed messages name it, at the levels
 * the server raises them at); a Kafka Connect worker (connect-log4j.properties
 * `[%d] %p %X{connector.context}%m (%c:%L)%n`, LoggingContext's `[connector|task-N] ` context,
 * WorkerSinkTask's offset commits) and a PostgreSQL server with `%m [%p] %e %u@%d/%a ` (elog.c's
 * `[unknown]` before authentication). kafka_topic / kafka_partition / kafka_consumer_group,
 * component / attributes, pg_sqlstate / error_class / event_type and pg_user / pg_database are
 * checked with SQL. Names and values are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, sql } from '../helpers/cli.js';

const KAFKA = [
  '[2024-05-01 10:00:00,100] INFO [GroupCoordinator 1]: Preparing to rebalance group billing in state PreparingRebalance with old generation 3 (__consumer_offsets-12) (reason: Adding new member consumer-billing-1-6f1c with group instance id None) (kafka.coordinator.group.GroupCoordinator)',
  '[2024-05-01 10:00:00,200] INFO [GroupCoordinator 1]: Stabilized group billing generation 4 (__consumer_offsets-12) with 2 members (kafka.coordinator.group.GroupCoordinator)',
  '[2024-05-01 10:00:00,300] INFO [GroupCoordinator 1]: Member consumer-billing-2-a1b2 in group billing has failed, removing it from the group (kafka.coordinator.group.GroupCoordinator)',
  '[2024-05-01 10:00:00,400] INFO [ReplicaFetcherManager on broker 1] Removed fetcher for partitions Set(payments-0, payments-3) (kafka.server.ReplicaFetcherManager)',
  '[2024-05-01 10:00:00,500] INFO [ReplicaFetcherManager on broker 1] Removed fetcher for partitions Set(payments-0, refunds-1) (kafka.server.ReplicaFetcherManager)',
  '[2024-05-01 10:00:00,600] INFO [ReplicaFetcher replicaId=1, leaderId=2, fetcherId=0] Truncating partition payments-3 with TruncationState(offset=10, completed=true) due to local high watermark 10 (kafka.server.ReplicaFetcherThread)',
  '[2024-05-01 10:00:00,700] INFO [UnifiedLog partition=payments-3, dir=/var/lib/kafka/data] Incremented log start offset to 10 due to segment deletion (kafka.log.UnifiedLog)',
];

const CONSUMER = [
  { '@timestamp': '2024-05-01T10:00:01.000Z', level: 'INFO', logger_name: 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator', thread_name: 'main',
    message: '[Consumer clientId=consumer-billing-1, groupId=billing] Setting offset for partition payments-4 to the committed offset FetchPosition{offset=5, offsetEpoch=Optional.empty}' },
  { '@timestamp': '2024-05-01T10:00:01.100Z', level: 'INFO', logger_name: 'org.apache.kafka.clients.consumer.internals.ConsumerRebalanceListenerInvoker', thread_name: 'main',
    message: '[Consumer clientId=consumer-billing-1, groupId=billing] Adding newly assigned partitions: payments-4, payments-5' },
].map((o) => JSON.stringify(o));

// log_line_prefix = '%m [%p] %q%u@%d %e '
const PG_E = [
  '2024-05-01 10:00:02.000 UTC [1] LOG:  database system is ready to accept connections',
  '2024-05-01 10:00:02.100 UTC [101] app@shop 23505 ERROR:  duplicate key value violates unique constraint "orders_pkey"',
  '2024-05-01 10:00:02.200 UTC [102] app@shop 40P01 ERROR:  deadlock detected',
  '2024-05-01 10:00:02.300 UTC [103] app@shop 00000 LOG:  duration: 1.500 ms  statement: SELECT 1',
];
// log_line_prefix = '%m [%p] ' (PostgreSQL's default)
const PG_PLAIN = [
  '2024-05-01 10:00:03.100 UTC [201] FATAL:  terminating connection due to administrator command',
  '2024-05-01 10:00:03.200 UTC [202] FATAL:  password authentication failed for user "app"',
  '2024-05-01 10:00:03.300 UTC [203] WARNING:  there is no transaction in progress',
  '2024-05-01 10:00:03.400 UTC [204] LOG:  incomplete startup packet',
  '2024-05-01 10:00:03.500 UTC [205] ERROR:  canceling statement due to statement timeout',
  '2024-05-01 10:00:03.600 UTC [206] LOG:  checkpoint starting: time',
];

// connect-log4j.properties: [%d] %p %X{connector.context}%m (%c:%L)%n
const CONNECT = [
  '[2024-05-01 10:00:04,000] INFO [orders-sink|worker] Creating connector orders-sink of type org.apache.kafka.connect.file.FileStreamSinkConnector (org.apache.kafka.connect.runtime.Worker:312)',
  '[2024-05-01 10:00:04,100] INFO [orders-sink|task-0] [Consumer clientId=connector-consumer-orders-sink-0, groupId=connect-orders-sink] Setting offset for partition orders-2 to the committed offset FetchPosition{offset=7, offsetEpoch=Optional.empty} (org.apache.kafka.clients.consumer.internals.ConsumerCoordinator:1019)',
  "[2024-05-01 10:00:04,200] INFO [orders-sink|task-0] WorkerSinkTask{id=orders-sink-0} Committing offsets asynchronously using sequence number 3: {orders-2=OffsetAndMetadata{offset=42, leaderEpoch=null, metadata=''}} (org.apache.kafka.connect.runtime.WorkerSinkTask:352)",
  "[2024-05-01 10:00:04,300] INFO [orders-sink|task-1] WorkerSinkTask{id=orders-sink-1} Committing offsets asynchronously using sequence number 4: {orders-2=OffsetAndMetadata{offset=43, leaderEpoch=null, metadata=''}, orders-3=OffsetAndMetadata{offset=9, leaderEpoch=null, metadata=''}} (org.apache.kafka.connect.runtime.WorkerSinkTask:352)",
];
// log_line_prefix = '%m [%p] %e %u@%d/%a '
const PG_APP = [
  '2024-05-01 10:00:05.000 UTC [301] 00000 [unknown]@[unknown]/[unknown] LOG:  connection received: host=10.0.0.5 port=40000',
  '2024-05-01 10:00:05.100 UTC [301] 00000 app@shop/[unknown] LOG:  connection authorized: user=app database=shop',
  '2024-05-01 10:00:05.200 UTC [301] 42P01 app@shop/billing-api ERROR:  relation "invoices" does not exist at character 15',
  '2024-05-01 10:00:05.300 UTC [1] 00000 @/ LOG:  checkpoint starting: time',
];

function cri(lines: string[], second: number): string {
  return lines.map((l, i) => `2024-05-01T10:00:${String(second).padStart(2, '0')}.${String(i).padStart(3, '0')}000000Z stdout F ${l}\n`).join('');
}

function pod(root: string, ns: string, name: string, container: string, text: string): void {
  const d = join(root, 'var/log/pods', `${ns}_${name}_0a0b0c0d-1111-2222-3333-${name.length.toString().padStart(12, '0')}`, container);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, '0.log'), text);
}

test('Kafka and PostgreSQL container logs: topic, partition, group, SQLSTATE columns', () => {
  const root = mkdtempSync(join(tmpdir(), 'loglake-kpg-'));
  try {
    pod(root, 'streaming', 'kafka-1', 'kafka', cri(KAFKA, 0));
    pod(root, 'billing', 'billing-consumer-7d9f', 'consumer', cri(CONSUMER, 1));
    pod(root, 'db', 'pg-audit-0', 'postgres', cri(PG_E, 2));
    pod(root, 'db', 'pg-main-0', 'postgres', cri(PG_PLAIN, 3));
    pod(root, 'streaming', 'connect-0', 'connect', cri(CONNECT, 4));
    pod(root, 'db', 'pg-app-0', 'postgres', cri(PG_APP, 5));
    const wh = join(root, 'wh');
    const r = runCli(['ingest', '--json', join(root, 'var/log/pods'), '--warehouse', wh, '--idle-secs', '0']);
    assert.equal(r.status, 0, r.stderr);

    const kafka = sql(wh, "SELECT message, kafka_topic, kafka_partition, kafka_consumer_group, broker_id FROM logs WHERE pod = 'kafka-1' ORDER BY ts");
    assert.deepEqual(kafka.map((x) => [x.kafka_topic, x.kafka_partition, x.kafka_consumer_group]), [
      ['__consumer_offsets', 12, 'billing'],
      ['__consumer_offsets', 12, 'billing'],
      [null, null, 'billing'],
      ['payments', null, null], // Set(payments-0, payments-3): one topic, two partitions
      [null, null, null], // Set(payments-0, refunds-1): two topics
      ['payments', 3, null],
      ['payments', 3, null],
    ]);
    assert.deepEqual([...new Set(kafka.map((x) => x.broker_id))], [1]);
    // several partitions are never read as one
    assert.equal(sql(wh, "SELECT count(*) AS n FROM logs WHERE kafka_partition IS NOT NULL AND (message LIKE '%Set(%' OR message LIKE '%partitions: %')")[0]!.n, 0);

    const consumer = sql(wh, "SELECT kafka_topic, kafka_partition, kafka_consumer_group, component FROM logs WHERE pod LIKE 'billing-consumer%' ORDER BY ts");
    assert.deepEqual(consumer.map((x) => [x.kafka_topic, x.kafka_partition, x.kafka_consumer_group]), [
      ['payments', 4, 'billing'],
      ['payments', null, 'billing'],
    ]);
    assert.equal(consumer[0]!.component, 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator');

    const pg = sql(wh, "SELECT pod, pg_pid, pg_sqlstate, error_class, event_type FROM logs WHERE pod LIKE 'pg-%' AND pod <> 'pg-app-0' ORDER BY ts");
    assert.deepEqual(pg.map((x) => [x.pod, x.pg_pid, x.pg_sqlstate, x.error_class, x.event_type]), [
      ['pg-audit-0', 1, null, null, 'log'],
      ['pg-audit-0', 101, '23505', 'unique_violation', 'error'],
      ['pg-audit-0', 102, '40P01', 'deadlock_detected', 'deadlock'],
      ['pg-audit-0', 103, '00000', null, 'slow_query'],
      ['pg-main-0', 201, '57P01', 'admin_shutdown', 'error'],
      ['pg-main-0', 202, '28P01', 'invalid_password', 'connection'],
      ['pg-main-0', 203, '25P01', 'no_active_sql_transaction', 'error'],
      ['pg-main-0', 204, '08P01', 'protocol_violation', 'connection'],
      ['pg-main-0', 205, '57014', 'query_canceled', 'error'],
      ['pg-main-0', 206, null, null, 'checkpoint'],
    ]);
    // the SQLSTATE classes a report groups by
    const classes = sql(wh, "SELECT left(pg_sqlstate, 2) AS c, count(*) AS n FROM logs WHERE pg_sqlstate IS NOT NULL GROUP BY 1 ORDER BY 1");
    assert.deepEqual(classes.map((x) => [x.c, Number(x.n)]), [['00', 4], ['08', 1], ['23', 1], ['25', 1], ['28', 1], ['40', 1], ['42', 1], ['57', 2]]);

    // Kafka Connect: the class without `:line`, the line and the connector context in attributes
    const connect = sql(wh, "SELECT component, attributes['line'] AS line, attributes['kafka_connector'] AS conn, attributes['kafka_connect_scope'] AS scope, attributes['kafka_task'] AS task, message, kafka_topic, kafka_partition, kafka_consumer_group, broker_id, source_format FROM logs WHERE pod = 'connect-0' ORDER BY ts");
    assert.deepEqual(connect.map((x) => [x.component, x.line, x.conn, x.scope, x.task]), [
      ['org.apache.kafka.connect.runtime.Worker', '312', 'orders-sink', 'worker', null],
      ['org.apache.kafka.clients.consumer.internals.ConsumerCoordinator', '1019', 'orders-sink', 'task', '0'],
      ['org.apache.kafka.connect.runtime.WorkerSinkTask', '352', 'orders-sink', 'task', '0'],
      ['org.apache.kafka.connect.runtime.WorkerSinkTask', '352', 'orders-sink', 'task', '1'],
    ]);
    assert.deepEqual(connect.map((x) => [x.kafka_topic, x.kafka_partition, x.kafka_consumer_group]), [
      [null, null, null],
      ['orders', 2, 'connect-orders-sink'],
      ['orders', 2, null],
      ['orders', null, null], // two partitions of one topic
    ]);
    assert.equal(connect[0]!.message, 'Creating connector orders-sink of type org.apache.kafka.connect.file.FileStreamSinkConnector');
    assert.equal(connect[1]!.message, 'Setting offset for partition orders-2 to the committed offset FetchPosition{offset=7, offsetEpoch=Optional.empty}');
    assert.deepEqual([...new Set(connect.map((x) => x.source_format))], ['cri/kafka']);
    assert.deepEqual([...new Set(connect.map((x) => x.broker_id))], [null]);
    assert.equal(sql(wh, "SELECT count(*) AS n FROM logs WHERE component LIKE '%:%' AND pod = 'connect-0'")[0]!.n, 0);

    // %u@%d/%a after %e; [unknown] (no value yet) and empty values are null
    const app = sql(wh, "SELECT pg_pid, pg_user, pg_database, attributes['application_name'] AS app, pg_sqlstate FROM logs WHERE pod = 'pg-app-0' ORDER BY ts");
    assert.deepEqual(app.map((x) => [x.pg_pid, x.pg_user, x.pg_database, x.app, x.pg_sqlstate]), [
      [301, null, null, null, '00000'],
      [301, 'app', 'shop', null, '00000'],
      [301, 'app', 'shop', 'billing-api', '42P01'],
      [1, null, null, null, '00000'],
    ]);
    assert.equal(sql(wh, "SELECT count(*) AS n FROM logs WHERE pg_user = '[unknown]' OR pg_database = '[unknown]' OR attributes['application_name'] = '[unknown]'")[0]!.n, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
