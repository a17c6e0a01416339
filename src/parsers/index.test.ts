import { test } from 'node:test';
import { repoRoot } from '../core/paths.js';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RecordFieldWriter } from '../core/fields.js';
import { MultilineAggregator, parseEvent } from './index.js';

const ROOT = pathToFileURL(repoRoot() + '/');

const FIX = new URL('test/fixtures/parsers/', ROOT);

function p(text: string, hint?: string): [string, Record<string, unknown>] {
  const w = new RecordFieldWriter();
  const fam = parseEvent(text, w, { hint });
  return [fam, w.values];
}

test('first-character dispatch picks the family', () => {
  assert.equal(p('[2017-08-04 10:48:20,377] INFO starting (kafka.server.KafkaServer)')[0], 'kafka');
  assert.equal(p('17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi')[0], 'spark');
  assert.equal(p('2020-04-16 11:45:11.844 CEST [26953] LOG:  starting PostgreSQL 12.2')[0], 'postgres');
  assert.equal(p('2021-01-04 00:17:53.742 UTC,"postgres","postgres",54,"172.24.0.1:42608",5ff25ea4.36,6,"ALTER SYSTEM",2021-01-04 00:17:40 UTC,3/0,0,LOG,00000,"duration: 6.589 ms",,,,,,,,,"psql"')[0], 'postgres');
  assert.equal(p('2000-09-07 14:07:41,508 [main] INFO  MyApp - Entering application.')[0], 'log4j');
  assert.equal(p('{"level":30,"time":1,"msg":"x"}')[0], 'json');
  assert.equal(p('{"ts":"2024-06-28T19:53:48.563Z","level":"INFO","msg":"m","logger":"SparkContext"}')[0], 'spark');
  assert.equal(p('{"timestamp":"2024-06-27 00:00:07.369 CEST","pid":1,"error_severity":"LOG","message":"m"}')[0], 'postgres');
  assert.equal(p('level=info msg="x" a=b')[0], 'logfmt');
  assert.equal(p('LOG:  database system is ready to accept connections')[0], 'postgres');
  assert.equal(p('just text')[0], 'fallback');
  assert.equal(p('{broken json')[0], 'fallback');
  assert.equal(p('[some weird test] IndexNotFoundException[no such index]')[0], 'fallback');
});

test('hint is tried first', () => {
  // a Spark-looking line parsed as log4j when hinted? log4j refuses "Class: msg" → falls back to dispatch
  assert.equal(p('17/06/09 20:10:40 INFO a.B: x', 'log4j')[0], 'spark');
  assert.equal(p('2024-01-01 10:00:00 INFO org.foo.Bar:12 - hi', 'log4j')[0], 'log4j');
});

test('stack_trace and error_class for Java and Python events, whatever the family', () => {
  const cases = JSON.parse(readFileSync(new URL('multiline/fluentbit_multiline_java.cases.json', FIX), 'utf8')) as { expected_records: string[] };
  let [fam, v] = p(cases.expected_records[0]!.trimEnd());
  assert.equal(fam, 'fallback');
  assert.equal(v.error_class, 'java.lang.IllegalStateException');
  assert.match(String(v.stack_trace), /^\s+at com\.example\.myproject\.Author\.getBookIds/);
  const py = JSON.parse(readFileSync(new URL('multiline/fluentbit_multiline_python.cases.json', FIX), 'utf8')) as { expected_records: string[] };
  [fam, v] = p(py.expected_records[0]!.trimEnd());
  assert.equal(v.error_class, 'Exception');
  [fam, v] = p('[2018-10-17 12:50:23,323] WARN [ReplicaFetcher replicaId=10, leaderId=20, fetcherId=0] Error in response for fetch request (kafka.server.ReplicaFetcherThread)\norg.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.\n\tat x.Y(Z.java:1)');
  assert.equal(fam, 'kafka');
  assert.equal(v.error_class, 'org.apache.kafka.common.errors.UnknownTopicOrPartitionException');
  assert.equal(v.stack_trace, 'org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.\n\tat x.Y(Z.java:1)');
  [fam, v] = p('17/06/09 20:10:40 ERROR executor.Executor: Exception in task 0.0 in stage 1.0 (TID 1)\njava.lang.OutOfMemoryError: Java heap space\n\tat a.B(C.java:1)');
  assert.equal(v.error_class, 'java.lang.OutOfMemoryError');
  assert.equal(v.spark_task_id, 1);
  // postgres continuation lines are SQL, not a stack trace
  [fam, v] = p('2021-03-17 15:10:27.112 UTC [126] postgres@postgres LOG:  statement: SELECT 1,\n\t2');
  assert.equal(fam, 'postgres');
  assert.equal(v.stack_trace, undefined);
});

test('the whole corpus of fixtures parses without throwing and every event gets a message', () => {
  const files = ['kafka/server-2.0.0.log', 'kafka/server.log', 'postgres/filebeat/postgresql-13-log-statement-all.log',
    'postgres/filebeat/postgresql-9-log-statement-all.log', 'postgres/filebeat/postgresql-13.csv.log', 'postgres/pgbadger/multiline_param.log',
    'postgres/pgbadger/queryid.log', 'postgres/pgbadger/pg_rawcsv.log', 'multiline/go.log', 'multiline/ruby.log'];
  for (const f of files) {
    const agg = new MultilineAggregator();
    let off = 0;
    let n = 0;
    const take = (t: string): void => {
      const w = new RecordFieldWriter();
      parseEvent(t, w);
      assert.equal(typeof w.values.message, 'string', `${f}: ${t.slice(0, 80)}`);
      n++;
    };
    for (const l of readFileSync(new URL(f, FIX), 'utf8').split('\n')) {
      for (const e of agg.push(l, off)) take(e.text);
      off += Buffer.byteLength(l) + 1;
    }
    const last = agg.flush();
    if (last) take(last.text);
    assert.ok(n > 0);
  }
});
