import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../core/fields.js';
import { parseEvent } from '../parsers/index.js';
import { classifyEventType, EVENT_TYPES } from './event-type.js';

function et(text: string): string {
  const w = new RecordFieldWriter();
  parseEvent(text, w);
  const t = classifyEventType(w);
  assert.equal(w.values.event_type, t);
  return t;
}

test('postgres event types', () => {
  assert.equal(et('2024-01-01 00:00:00 UTC [1] ERROR:  40P01: deadlock detected'), 'deadlock');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] ERROR:  deadlock detected'), 'deadlock');
  assert.equal(et('2019-03-14T00:22:56+00:00 app[postgres.4882]: [GREEN] [15-1]  sql_error_code = 00000 LOG:  process 4882 still waiting for ShareLock on transaction 259635360 after 1000.119 ms'), 'lock_wait');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] ERROR:  55P03: could not obtain lock on row'), 'lock_wait');
  assert.equal(et('2019-09-22 06:28:24 UTC LOG:  duration: 112.337 ms  execute S_59: UPDATE t SET a = 1'), 'slow_query');
  assert.equal(et('2021-01-03 20:01:08.901 UTC [29] LOG:  checkpoint starting: shutdown immediate'), 'checkpoint');
  assert.equal(et('2024-06-27 00:00:07 CEST [58151]: [1-1] user=,db=,host=,app= LOG:  automatic analyze of table "t"'), 'autovacuum');
  assert.equal(et('2021-02-14 01:34:02 CET [30291]: db=[unknown],user=[unknown],app=[unknown],client=[local] LOG:  connection received: host=[local]'), 'connection');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] FATAL:  53300: sorry, too many clients already'), 'connection');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] ERROR:  23505: duplicate key value violates unique constraint "x"'), 'error');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] LOG:  database system is ready to accept connections'), 'log');
});

test('kafka event types', () => {
  assert.equal(et('[2017-08-04 10:48:21,200] INFO [KafkaServer id=0] started (kafka.server.KafkaServer)'), 'broker_start');
  assert.equal(et('[2017-08-04 10:48:21,200] INFO [KafkaServer id=0] shutting down (kafka.server.KafkaServer)'), 'broker_shutdown');
  assert.equal(et('[2018-10-17 12:50:23,323] INFO [ReplicaFetcher replicaId=10, leaderId=20, fetcherId=0] Shutting down (kafka.server.ReplicaFetcherThread)'), 'log');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Partition foo-0 broker=1] Shrinking ISR from 1,2,3 to 1 (kafka.cluster.Partition)'), 'isr_change');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Controller id=1] 1 successfully elected as the controller (kafka.controller.KafkaController)'), 'leader_election');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [GroupCoordinator 1]: Preparing to rebalance group g1 in state PreparingRebalance (kafka.coordinator.group.GroupCoordinator)'), 'rebalance');
  // Kafka-only rules behind their own gate (no substring of the shared gate in these lines)
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Partition foo-0 broker=1] isr change from 1,2 to 1,2,3 (kafka.cluster.Partition)'), 'isr_change');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Partition foo-0 broker=1] 1 became leader for partition foo-0 (kafka.cluster.Partition)'), 'leader_election');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Controller id=1] new controller elected (kafka.controller.KafkaController)'), 'leader_election');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [SocketServer listenerType=ZK_BROKER, nodeId=1] Failed authentication with /10.0.0.9 (kafka.network.Selector)'), 'connection');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Partition foo-0 broker=1] Log loaded for partition foo-0 with initial high watermark 0 (kafka.cluster.Partition)'), 'log');
});

test('spark, jvm and generic event types', () => {
  assert.equal(et('17/06/09 20:11:11 ERROR cluster.YarnScheduler: Lost executor 3 on host-1: Container killed'), 'executor_lost');
  assert.equal(et('17/06/09 20:11:11 WARN scheduler.TaskSetManager: Lost task 1.0 in stage 3.0 (TID 42, host): java.io.IOException'), 'task_failed');
  assert.equal(et('17/06/09 20:11:11 INFO scheduler.DAGScheduler: ResultStage 4 (collect at x.py:1) finished in 0.5 s'), 'stage_completed');
  assert.equal(et('17/06/09 20:11:11 INFO scheduler.DAGScheduler: Job 2 finished: collect at x.py:1, took 1.2 s'), 'job_completed');
  assert.equal(et('2024-01-01T00:00:00Z [GC (Allocation Failure)  1024K->512K(2048K), 0.001 secs]'), 'gc');
  assert.equal(et('{"msg":"10.0.0.1 - - \\"GET /api/x HTTP/1.1\\" 200 12","level":"info"}'), 'http_request');
  assert.equal(et('2024-01-01T00:00:00Z served method=DELETE path=/v1/x status=204'), 'http_request');
  assert.equal(et('2024-01-01T00:00:00Z handler: PATCH /v1/orders/7 200 12ms'), 'http_request');
  assert.equal(et('2024-01-01T00:00:00Z wrote /var/lib/data/x.bin'), 'log');
  assert.equal(et('Exception in thread "main" java.lang.IllegalStateException: x\n\tat a.B(C.java:1)'), 'exception');
  assert.equal(et('something ERROR happened'), 'error');
  assert.equal(et('hello'), 'log');
  assert.ok(EVENT_TYPES.includes('log'));
});
