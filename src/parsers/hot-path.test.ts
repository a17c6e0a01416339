/**
 * Behaviour pinned by the parser-stage speed work: the fast paths (severity switch, no-slice
 * scanning, caches, the JSON probe guard, the event-type gate) must give what the straightforward
 * code gave, including on repeated and edge-case input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../core/fields.js';
import { RowBatch } from '../sinks/parquet/row-batch.js';
import { classifyEventType } from '../enrich/event-type.js';
import { parseEvent } from './index.js';
import { normalizeSeverity, severityAt, writeSeverity } from './severity.js';
import { kafkaParser } from './kafka/kafka-parser.js';
import { sparkParser } from './spark/spark-parser.js';
import { parsePgStderr } from './postgres/postgres-parser.js';
import { findPgLevel, pgLevel, PG_LEVELS } from './postgres/pg-level.js';
import { parseIsoTimestamp, scan, scanDateTime } from './shared/timestamp.js';
import { endsWithBrace } from './shared/json-text.js';
import { ownCopy } from './shared/own-copy.js';

function values(text: string, ctx = {}): [string, Record<string, unknown>] {
  const w = new RecordFieldWriter();
  const fam = parseEvent(text, w, ctx);
  classifyEventType(w);
  return [fam, w.values];
}

const TABLE: Record<string, string> = {
  TRACE: 'TRACE', FINEST: 'TRACE', FINER: 'TRACE', VERBOSE: 'TRACE',
  DEBUG: 'DEBUG', FINE: 'DEBUG', DEBUG1: 'DEBUG', DEBUG2: 'DEBUG', DEBUG3: 'DEBUG', DEBUG4: 'DEBUG', DEBUG5: 'DEBUG', DBG: 'DEBUG', D: 'DEBUG',
  INFO: 'INFO', INFORMATION: 'INFO', INFORMATIONAL: 'INFO', NOTICE: 'INFO', LOG: 'INFO', CONFIG: 'INFO', I: 'INFO', STATEMENT: 'INFO', DETAIL: 'INFO', HINT: 'INFO', CONTEXT: 'INFO', LOCATION: 'INFO',
  WARN: 'WARN', WARNING: 'WARN', W: 'WARN',
  ERROR: 'ERROR', ERR: 'ERROR', SEVERE: 'ERROR', E: 'ERROR', ALERT: 'ERROR',
  FATAL: 'FATAL', CRITICAL: 'FATAL', CRIT: 'FATAL', PANIC: 'FATAL', EMERG: 'FATAL', EMERGENCY: 'FATAL', DPANIC: 'FATAL', F: 'FATAL',
};

test('severity switch: every level word in any ASCII case, near misses refused', () => {
  for (const [w, s] of Object.entries(TABLE)) {
    for (const v of [w, w.toLowerCase(), w[0] + w.slice(1).toLowerCase(), [...w].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join('')]) {
      assert.equal(normalizeSeverity(v), s, v);
      assert.equal(severityAt(`xx ${v} yy`, 3, 3 + v.length), s, v);
    }
    assert.equal(normalizeSeverity(w + 'X'), undefined, w + 'X');
    assert.equal(normalizeSeverity(w.slice(0, -1) + (w.endsWith('Z') ? 'Y' : 'Z')), undefined, w);
    assert.equal(normalizeSeverity(' ' + w), undefined);
  }
  for (const bad of ['', 'DEBUG0', 'DEBUG6', 'DEBUG9', 'INF', 'LOGS', 'QUERY', 'UTC', 'WARN ', 'E1', '[INFO]', 'INFO\n']) {
    assert.equal(normalizeSeverity(bad), undefined, JSON.stringify(bad));
  }
});

test('severity: non-ASCII words upper-case like String#toUpperCase; no inherited keys', () => {
  assert.equal(normalizeSeverity('ınfo'), 'INFO'); // dotless i upper-cases to I
  assert.equal(normalizeSeverity('ﬁne'), 'DEBUG'); // the fi ligature upper-cases to FI
  assert.equal(normalizeSeverity('ſevere'), 'ERROR'); // long s upper-cases to S
  assert.equal(normalizeSeverity('İNFO'), undefined);
  assert.equal(normalizeSeverity('Ｉnfo'), undefined);
  for (const k of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    assert.equal(normalizeSeverity(k), undefined, k);
    assert.equal(writeSeverity(new RecordFieldWriter(), k), false, k);
  }
});

test('PG level words are recognised without slicing, exactly the PG_LEVELS set', () => {
  for (const w of PG_LEVELS) {
    assert.equal(findPgLevel(`2024-01-01 00:00:00 UTC [1] ${w}:  m`), 28, w);
    assert.equal(pgLevel.word, w);
    assert.equal(pgLevel.msgStart, 28 + w.length + 3);
  }
  for (const w of ['DEBUG0', 'DEBUG6', 'LOGX', 'WARN', 'ERR', 'NOTICES', 'STATEMENTS', 'CONTEXTS']) {
    assert.equal(findPgLevel(`2024-01-01 00:00:00 UTC [1] ${w}:  m`), -1, w);
  }
});

test('scanDateTime gives the same result and scan.end when the same text is scanned again', () => {
  const t = '2024-02-29 23:59:58.123456 UTC x';
  const a = scanDateTime(t, 0);
  const endA = scan.end;
  scan.end = -1;
  assert.equal(scanDateTime(t, 0), a);
  assert.equal(scan.end, endA);
  // a failed scan leaves scan.end untouched, also when repeated
  scan.end = 7;
  assert.ok(Number.isNaN(scanDateTime(t, 1)));
  assert.ok(Number.isNaN(scanDateTime(t, 1)));
  assert.equal(scan.end, 7);
  // same day, other times; other days (day cache)
  assert.equal(scanDateTime('2024-02-29 00:00:00', 0), Date.UTC(2024, 1, 29) * 1000);
  assert.equal(scanDateTime('2024-03-01 00:00:01', 0), Date.UTC(2024, 2, 1) * 1000 + 1_000_000);
  assert.equal(scanDateTime('2024-02-31 00:00:00', 0), Date.UTC(2024, 1, 31) * 1000); // rolls over like Date.UTC
  assert.equal(parseIsoTimestamp('2024-02-29T10:00:00 UTC'), Date.UTC(2024, 1, 29, 10) * 1000);
  assert.equal(parseIsoTimestamp('2024-02-29T10:00:00 GMT'), Date.UTC(2024, 1, 29, 10) * 1000);
  assert.equal(parseIsoTimestamp('2024-02-29T10:00:00 UTC+03'), Date.UTC(2024, 1, 29, 7) * 1000);
  assert.equal(parseIsoTimestamp('2024-02-29T10:00:00 UTC+3'), Date.UTC(2024, 1, 29, 10) * 1000); // one digit: not an offset
  assert.equal(parseIsoTimestamp('2024-02-29T10:00:00 UTX'), NaN);
});

test('JSON probe: parsed only when the text ends with } (JSON whitespace allowed after it)', () => {
  assert.equal(endsWithBrace('{"a":1}'), true);
  assert.equal(endsWithBrace('{"a":1} \t\r\n'), true);
  assert.equal(endsWithBrace('{"a":1}x'), false);
  assert.equal(endsWithBrace('{"a":1}\u00a0'), false); // not JSON whitespace: JSON.parse refuses it too
  assert.equal(endsWithBrace(''), false);
  assert.equal(values('{"msg":"x","level":"warn"}  ')[0], 'json');
  assert.equal(values('{"msg":"x","level":"warn"}  ')[1].severity, 'WARN');
  assert.equal(values('{"msg":"x"} trailing')[0], 'fallback');
  assert.equal(values('{"msg":"x"}\n\tat a.B(C.java:1)')[0], 'fallback');
  assert.equal(values('{"msg":"x",}')[0], 'fallback');
  // nested objects: dotted attribute names, also when repeated
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(values('{"msg":"m","req":{"method":"GET","url":"/x"},"res":{"statusCode":200}}')[1].attributes, { 'req.method': 'GET', 'req.url': '/x', 'res.statusCode': '200' });
  }
});

test('kafka: trailing (class) and leading [component] edge cases', () => {
  const k = (line: string): Record<string, unknown> => {
    const w = new RecordFieldWriter();
    assert.equal(kafkaParser.parse(line, w, {}), true, line);
    return w.values;
  };
  const T = '[2020-01-01 00:00:00,000] INFO ';
  assert.deepEqual([k(T + 'msg (a.B)').component, k(T + 'msg (a.B)').message], ['a.B', 'msg']);
  assert.deepEqual([k(T + 'msg(a.B)').component, k(T + 'msg(a.B)').message], [undefined, 'msg(a.B)']);
  assert.deepEqual([k(T + 'msg (a (b).C)').component, k(T + 'msg (a (b).C)').message], [undefined, 'msg (a (b).C)']);
  assert.deepEqual([k(T + 'msg (a.B) (c.D)').component, k(T + 'msg (a.B) (c.D)').message], ['c.D', 'msg (a.B)']);
  assert.deepEqual([k(T + 'msg ()').component, k(T + 'msg ()').message], [undefined, 'msg ()']);
  assert.deepEqual([k(T + 'msg (a)b)').component], [undefined]);
  assert.deepEqual([k(T + '(a.B)').component, k(T + '(a.B)').message], ['a.B', '']);
  assert.deepEqual([k(T + 'x (a.B)').component, k(T + 'x (a.B)').message], ['a.B', 'x']);
  assert.deepEqual([k(T + 'msg (a.B)\n(c.D)').component, k(T + 'msg (a.B)\n(c.D)').message], ['a.B', 'msg\n(c.D)']);
  assert.deepEqual([k(T + 'msg (a.B\n) x').component, k(T + 'msg (a.B\n) x').message], [undefined, 'msg (a.B\n) x']);
  // nested and unclosed brackets in the leading component
  let v = k(T + '[Log partition=foo-1, dir=[/a]] Loaded (kafka.log.Log)');
  assert.deepEqual([(v.attributes as Record<string, string>).kafka_component, v.message, v.kafka_topic, v.kafka_partition], ['Log partition=foo-1, dir=[/a]', 'Loaded', 'foo', 1]);
  v = k(T + '[Unclosed [x] rest');
  assert.deepEqual([v.attributes, v.message], [undefined, '[Unclosed [x] rest']);
  v = k(T + '[Comp]: msg');
  assert.deepEqual([(v.attributes as Record<string, string>).kafka_component, v.message], ['Comp', 'msg']);
  v = k(T + '[Comp]');
  assert.deepEqual([(v.attributes as Record<string, string>).kafka_component, v.message], ['Comp', '']);
  v = k(T + '[Comp] (a.B)');
  assert.deepEqual([v.component, (v.attributes as Record<string, string>).kafka_component, v.message], ['a.B', 'Comp', '']);
  // alternative layout bounded by the first line
  v = k('[2020-01-01 00:00:00,000] [WARN] [t-1] [a.B] - hello\nnext] line');
  assert.deepEqual([v.severity, v.thread, v.component, v.message], ['WARN', 't-1', 'a.B', 'hello\nnext] line']);
  for (const bad of ['[2020-01-01 00:00:00,000] [WARN\n] x', '[2020-01-01 00:00:00,000] INFO', '[2020-01-01 00:00:00,000] INFO\nx y']) {
    assert.equal(kafkaParser.parse(bad, new RecordFieldWriter(), {}), false, bad);
  }
});

test('kafka: the per-component cache gives the same fields every time', () => {
  const line = '[2018-10-17 12:50:23,323] INFO [ReplicaFetcher replicaId=10, leaderId=20, fetcherId=0] Partition test-3 Stopped (kafka.server.ReplicaFetcherThread)';
  const first = values(line)[1];
  assert.equal(first.broker_id, 10);
  for (let i = 0; i < 3; i++) assert.deepEqual(values(line)[1], first);
  // component without broker / topic: message fields still read
  const v = values('[2018-10-17 12:50:23,323] INFO [Log dir=/x] broker.id=7 topic orders (kafka.log.Log)')[1];
  assert.deepEqual([v.broker_id, v.kafka_topic, v.kafka_partition], [7, 'orders', undefined]);
});

test('spark: level checked in place, logger role cached', () => {
  for (let i = 0; i < 3; i++) {
    const w = new RecordFieldWriter();
    assert.equal(sparkParser.parse('17/06/09 20:10:40 warn executor.Executor: Running task 1.0 in stage 2.0 (TID 3)', w, {}), true);
    assert.deepEqual([w.values.severity, w.values.spark_role, w.values.spark_stage_id, w.values.spark_task_id], ['WARN', 'executor', 2, 3]);
  }
  assert.equal(values('17/06/09 20:10:40 INFO scheduler.DAGScheduler: x')[1].spark_role, 'driver');
  assert.equal(values('17/06/09 20:10:40 INFO scheduler.DAGScheduler: x')[1].spark_role, 'driver');
  assert.equal(values('17/06/09 20:10:40 INFO storage.MemoryStore: x')[1].spark_role, undefined);
  assert.equal(values('17/06/09 20:10:40 INFO storage.MemoryStore: x')[1].spark_role, undefined);
  assert.equal(sparkParser.parse('17/06/09 20:10:40 ERR a.B: x', new RecordFieldWriter(), {}), false); // level < 4 chars
  assert.equal(values('17/06/09 20:10:40 INFO x: Executor updated: app-20170609201011-0001/3 is now RUNNING')[1].spark_executor_id, '3');
  assert.equal(values('17/06/09 20:10:40 INFO x: Lost executor 4 on h')[1].spark_executor_id, '4');
});

test('postgres: the prefix cache replays the same writes (also once it turns itself off)', () => {
  const lines = [
    '2024-01-01 00:00:00.123 UTC [144] orders_app@orders LOG:  connection authorized: user=orders_app',
    '2024-01-01 00:00:01 CEST [58151]: [1-1] user=u,db=d,host=10.0.0.1(5432),app=psql LOG:  statement: SELECT 1',
    '2019-03-14T00:22:56+00:00 app[postgres.4882]: [GREEN] [15-1]  sql_error_code = 00000 LOG:  x',
    '2024-01-01 00:00:00 UTC:10.0.0.1(5432):u@d:[99]:LOG:  x',
    '2024-01-01 00:00:00 XYZ [1] LOG:  zone word kept in tz',
  ];
  const once = lines.map((l) => values(l)[1]);
  for (let r = 0; r < 3; r++) lines.forEach((l, i) => assert.deepEqual(values(l)[1], once[i], l));
  assert.deepEqual(once[1]!.attributes, { pg_level: 'LOG', session_line: '1', client: '10.0.0.1', client_port: '5432', application_name: 'psql', query_step: 'statement', query: 'SELECT 1' });
  assert.equal((once[4]!.attributes as Record<string, string>).tz, 'XYZ');
  // unique prefixes (session line numbers): more than half the lookups miss, the cache is bypassed
  for (let i = 0; i < 3000; i++) {
    const v = values(`2024-01-01 00:00:00 UTC [${1000 + (i % 7)}-${i}] u@d LOG:  m`)[1];
    assert.deepEqual([v.pg_pid, (v.attributes as Record<string, string>).session_line, v.pg_user, v.pg_database], [1000 + (i % 7), String(i), 'u', 'd']);
  }
  lines.forEach((l, i) => assert.deepEqual(values(l)[1], once[i], l));
  // a RowBatch gets the same row as a RecordFieldWriter
  const b = new RowBatch();
  assert.equal(parsePgStderr(lines[1]!, b, {}), true);
  assert.deepEqual({ ...b.getMap('attributes') }, once[1]!.attributes);
  assert.equal(b.getStr('pg_user'), 'u');
});

test('event types: the message gate keeps every rule reachable', () => {
  const et = (text: string): string => values(text)[1].event_type as string;
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Partition foo-0 broker=1] shrinking isr from 1,2 to 1 (kafka.cluster.Partition)'), 'isr_change');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Partition foo-0 broker=1] ISR updated to 1 (kafka.cluster.Partition)'), 'isr_change');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Controller id=1] New leader is 2 (kafka.controller.KafkaController)'), 'leader_election');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Controller id=1] Starting controlled shutdown (kafka.server.X)'), 'broker_shutdown');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [KafkaServer id=1] starting (kafka.server.KafkaServer)'), 'broker_start');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [SocketServer brokerId=1] Failed authentication with /10.0.0.1 (kafka.network.Selector)'), 'connection');
  assert.equal(et('[2020-01-01 00:00:00,000] INFO [Consumer clientId=c, groupId=g] Disconnected from node 1 (org.apache.kafka.clients.NetworkClient)'), 'connection');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] LOG:  process 1 acquired ShareLock on transaction 5 after 1.0 ms'), 'lock_wait');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] ERROR:  canceling statement due to lock timeout'), 'lock_wait');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] LOG:  connection received: host=[local]'), 'connection');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] LOG:  scram authentication failed for user "x"'), 'connection');
  assert.equal(et('2024-01-01 00:00:00 UTC [7] LOG:  incomplete startup packet'), 'connection');
  // no pid / user, but the server's fixed COMMERROR text names its SQLSTATE (08P01, sqlstate.ts)
  assert.equal(et('LOG:  incomplete startup packet'), 'connection');
  assert.equal(et('LOG:  connection received: host=[local]'), 'log'); // no pid / user / sqlstate: not known to be PostgreSQL
  assert.equal(et('2024-01-01 00:00:00 UTC [1] LOG:  checkpoints are occurring too frequently (5 seconds apart)'), 'checkpoint');
  assert.equal(et('2024-01-01 00:00:00 UTC [1] LOG:  restartpoint complete: wrote 3 buffers'), 'checkpoint');
  assert.equal(et('17/06/09 20:11:11 WARN scheduler.TaskSetManager: Task 3 in stage 1.0 failed 4 times; aborting job'), 'task_failed');
  assert.equal(et('17/06/09 20:11:11 ERROR executor.Executor: Exception in task 0.0 in stage 1.0 (TID 1)'), 'task_failed');
  assert.equal(et('17/06/09 20:11:11 INFO x.Y: Finished task 1.0 in stage 3.0 (TID 42) in 10 ms on h (executor 1) (1/2)'), 'log');
  assert.equal(et('17/06/09 20:11:11 INFO x.Y: Removing executor 5 with no recent heartbeats: 120000 ms exceeds timeout'), 'executor_lost');
  assert.equal(et('17/06/09 20:11:11 INFO x.Y: Stage 3 was completed'), 'stage_completed');
  assert.equal(et('17/06/09 20:11:11 INFO x.Y: Job 3 completed: count'), 'job_completed');
  assert.equal(et('gc 12 @3.1s 2%: 0.1+1.2+0.01 ms clock'), 'gc');
  assert.equal(et('2024-01-01T00:00:00Z [Pause Young (Normal) 10M->5M(20M) 1.2ms]'), 'gc');
  assert.equal(et('level=info method=POST path=/x status=201'), 'http_request');
  assert.equal(et('10.0.0.1 - - "GET /x HTTP/1.1" 200 12'), 'http_request');
  assert.equal(et('{"msg":"GET http://x HTTP/1.1","level":"info"}'), 'log'); // no " /" nor method=: as before
  assert.equal(et('{"msg":"consumer group rebalance","logger":"my.kafka.Client"}'), 'rebalance');
  assert.equal(et('{"msg":"a rebalance","logger":"other"}'), 'log');
  // rules look at the first line only
  assert.equal(et('{"msg":"x\\ndeadlock detected"}'), 'log');
  assert.equal(et('{"msg":"deadlock detected\\nx"}'), 'deadlock');
});

test('ownCopy returns equal strings', () => {
  const big = 'x'.repeat(1000) + 'component name here' + 'y'.repeat(1000);
  const s = big.slice(1000, 1019);
  assert.equal(ownCopy(s), s);
  assert.equal(ownCopy('short'), 'short');
  assert.equal(ownCopy(''), '');
});
