import { test } from 'node:test';
import { repoRoot } from '../../core/paths.js';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { RecordFieldWriter } from '../../core/fields.js';
import { sparkParser } from './spark-parser.js';
import { sparkJsonParser } from './spark-json-parser.js';

const ROOT = pathToFileURL(repoRoot() + '/');

const FIX = new URL('test/fixtures/parsers/spark/', ROOT);
const LOGHUB = new URL('../shared/corpus/loghub/Spark/', ROOT);

function parse(line: string, tz?: number): RecordFieldWriter {
  const w = new RecordFieldWriter();
  assert.equal(sparkParser.parse(line, w, { defaultTzOffsetMinutes: tz }), true, line);
  return w;
}

test('yy/MM/dd layout: exact µs timestamp, severity, component, role', () => {
  const w = parse('17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]');
  assert.equal(w.values.ts, Date.UTC(2017, 5, 9, 20, 10, 40) * 1000);
  assert.equal(w.values.severity, 'INFO');
  assert.equal(w.values.component, 'executor.CoarseGrainedExecutorBackend');
  assert.equal(w.values.message, 'Registered signal handlers for [TERM, HUP, INT]');
  assert.equal(w.values.spark_role, 'executor');
});

test('zone rule: zone-less time is shifted by defaultTzOffsetMinutes', () => {
  const w = parse('17/06/09 20:10:40 INFO a.B: x', 120);
  assert.equal(w.values.ts, Date.UTC(2017, 5, 9, 18, 10, 40) * 1000);
});

test('yyyy-MM-dd HH:mm:ss,SSS variant keeps milliseconds', () => {
  const w = parse('2024-03-01 12:00:01,234 WARN org.apache.spark.scheduler.TaskSetManager: Lost task 1.0 in stage 3.0 (TID 42) (10.0.0.5 executor 2): java.io.IOException: boom');
  assert.equal(w.values.ts, Date.UTC(2024, 2, 1, 12, 0, 1) * 1000 + 234_000);
  assert.equal(w.values.severity, 'WARN');
  assert.equal(w.values.spark_stage_id, 3);
  assert.equal(w.values.spark_task_id, 42);
  assert.equal(w.values.spark_executor_id, '2');
  assert.equal(w.values.spark_role, 'driver');
});

test('task / stage / executor / app ids', () => {
  let w = parse('17/06/09 20:11:11 INFO executor.Executor: Finished task 3.0 in stage 1.0 (TID 7). 2073 bytes result sent to driver');
  assert.deepEqual([w.values.spark_stage_id, w.values.spark_task_id], [1, 7]);
  w = parse('17/06/09 20:11:11 INFO executor.Executor: Running task 0.0 in stage 2.0 (TID 12)');
  assert.deepEqual([w.values.spark_stage_id, w.values.spark_task_id], [2, 12]);
  w = parse('17/06/09 20:11:11 ERROR cluster.YarnScheduler: Lost executor 3 on host-1: Container killed');
  assert.equal(w.values.spark_executor_id, '3');
  w = parse('17/06/09 20:11:11 INFO client.StandaloneAppClient$ClientEndpoint: Executor added: app-20170609201011-0001/2 on worker');
  assert.equal(w.values.spark_app_id, 'app-20170609201011-0001');
  assert.equal(w.values.spark_executor_id, '2');
  w = parse('17/06/09 20:11:11 INFO yarn.Client: Submitted application application_1485248649253_0147');
  assert.equal(w.values.spark_app_id, 'application_1485248649253_0147');
  w = parse('17/06/09 20:11:11 INFO scheduler.DAGScheduler: ResultStage 4 (collect at x.py:1) finished in 0.5 s');
  assert.equal(w.values.spark_stage_id, 4);
});

test('not Spark: kafka, postgres and log4j-with-thread lines are refused without writing', () => {
  for (const l of [
    '[2018-10-17 12:04:41,718] INFO x (y)',
    '2019-09-22 06:28:24 UTC LOG:  duration: 1 ms',
    '2000-09-07 14:07:41,508 [main] INFO  MyApp - Entering application.',
    '2000-09-07 14:07:44 INFO org.foo.bar:32 - Entering application.',
  ]) {
    const w = new RecordFieldWriter();
    assert.equal(sparkParser.parse(l, w, {}), false, l);
    assert.deepEqual(w.values, {});
  }
});

test('Spark 4 structured JSON (documented examples and test shapes)', () => {
  const lines = readFileSync(new URL('spark_json_documented_examples.jsonl', FIX), 'utf8').trim().split('\n');
  const early = JSON.parse(lines[0]!) as { line: unknown };
  let w = new RecordFieldWriter();
  assert.equal(sparkJsonParser.parse(JSON.stringify(early.line), w, {}), true);
  assert.equal(w.values.ts, Date.UTC(2023, 2, 12, 19, 2, 46) * 1000 + 661_000); // -0700
  assert.equal(w.values.severity, 'ERROR');
  assert.equal(w.values.component, 'BlockManagerMasterEndpoint');
  assert.equal(w.values.spark_executor_id, '289');
  assert.equal(w.values.error_class, 'org.apache.spark.SparkException');
  const shapes = readFileSync(new URL('spark4_structuredlogging_test_shapes.jsonl', FIX), 'utf8').trim().split('\n');
  const withExc = (JSON.parse(shapes[2]!) as { json: Record<string, unknown> }).json;
  withExc['ts'] = '2024-06-28T19:53:48.563Z';
  withExc['level'] = 'ERROR';
  w = new RecordFieldWriter();
  assert.equal(sparkJsonParser.parse(JSON.stringify(withExc), w, {}), true);
  assert.equal(w.values.ts, Date.UTC(2024, 5, 28, 19, 53, 48) * 1000 + 563_000);
  assert.equal(w.values.error_class, 'java.lang.RuntimeException');
  assert.equal(w.values.spark_executor_id, '1');
  assert.equal(w.values.spark_role, 'executor');
  assert.match(String(w.values.stack_trace), /^java\.lang\.RuntimeException: OOM/);
});

test('Spark 4 JSON with a stacktrace array and task_name context; log4j2 JsonLayout', () => {
  let w = new RecordFieldWriter();
  const line = JSON.stringify({
    ts: '2024-06-28T19:53:48.563Z', level: 'WARN', msg: 'Lost task 0.0 in stage 1.0 (TID 3)',
    context: { executor_id: 'driver', task_name: 'task 0.0 in stage 1.0 (TID 3)' },
    exception: { class: 'java.io.IOException', msg: 'x', stacktrace: [{ class: 'a.B', method: 'm', file: 'B.java', line: 3 }] },
    logger: 'TaskSetManager',
  });
  assert.equal(sparkJsonParser.parse(line, w, {}), true);
  assert.equal(w.values.spark_role, 'driver');
  assert.equal(w.values.spark_task_id, 3);
  assert.match(String(w.values.stack_trace), /\tat a\.B\.m\(B\.java:3\)/);
  w = new RecordFieldWriter();
  const l2 = '{"instant":{"epochSecond":1700000000,"nanoOfSecond":123456789},"thread":"main","level":"INFO","loggerName":"org.apache.spark.SparkContext","message":"Running Spark version 3.5.0","endOfBatch":false}';
  assert.equal(sparkJsonParser.parse(l2, w, {}), true);
  assert.equal(w.values.ts, 1700000000_123456);
  assert.equal(w.values.thread, 'main');
  assert.equal(w.values.spark_role, 'driver');
});

test('loghub Spark_2k.log: level and component agree with the structured ground truth', (t) => {
  const log = new URL('Spark_2k.log', LOGHUB);
  const csv = new URL('Spark_2k.log_structured.csv', LOGHUB);
  if (!existsSync(log) || !existsSync(csv)) {
    console.warn('\n*** SKIPPED: loghub Spark_2k.log not found at ../shared/corpus/loghub (research licence: not copied) ***\n');
    t.skip('loghub corpus absent');
    return;
  }
  const lines = readFileSync(log, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const truth = readFileSync(csv, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.length > 0)
    .map((l) => { const f = l.split(','); return { level: f[3]!, component: f[4]! }; });
  assert.equal(lines.length, truth.length);
  let ok = 0;
  for (let i = 0; i < lines.length; i++) {
    const w = new RecordFieldWriter();
    if (sparkParser.parse(lines[i]!, w, {}) && w.values.severity === truth[i]!.level && w.values.component === truth[i]!.component) ok++;
  }
  console.log(`loghub Spark_2k: ${ok}/${lines.length} lines with the right level and component`);
  assert.equal(ok, lines.length);
});
