/**
 * End to end: the real CLI on a hand-made node tree holding every envelope, checked with SQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, appendFileSync, renameSync, readdirSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { makeNodeTree, DOCKER_ID, SELECTOR } from '../helpers/node-tree.js';
import { runCli, sql } from '../helpers/cli.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

function ingest(args: string[], input?: string): RunSummary {
  const r = runCli(['ingest', '--json', ...args], { input });
  assert.equal(r.status, 0, `ingest failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as RunSummary;
}

const one = (warehouse: string, q: string): Record<string, unknown> => {
  const rows = sql(warehouse, q);
  assert.equal(rows.length, 1, `expected one row for ${q}, got ${rows.length}`);
  return rows[0]!;
};

test('every envelope, every line accounted for, readable by DuckDB directly', async () => {
  const t = makeNodeTree();
  const wh = mkdtempSync(join(tmpdir(), 'loglake-wh-'));
  const s = ingest([t.docker, t.pods, t.containers, t.s3, '-', '--warehouse', wh, '--cluster', 'c1', '--environment', 'test'], t.stdinText);

  // accounting: lines read = rows + merged + quarantined, with the numbers this tree implies
  assert.equal(s.totals.lines, t.fileLines + t.stdinLines);
  assert.equal(s.totals.quarantined, 4);
  assert.equal(s.totals.rows, 15);
  assert.equal(s.totals.merged, 9);
  assert.equal(s.balanced, true);
  assert.deepEqual(Object.keys(s.by_format).sort(), ['cri', 'docker-json', 'docker-ts', 'fluentbit']);
  assert.equal(s.by_format['docker-json']!.lines, 12);
  assert.equal(s.by_format['cri']!.lines, 9, 'the containers/ symlink did not make the CRI file count twice');

  // the query command and a plain DuckDB glob over the dataset agree
  assert.equal(Number(one(wh, 'SELECT count(*) AS n FROM logs').n), 15);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const direct = await con.runAndReadAll(`SELECT count(*), count(DISTINCT service), min(typeof(ts)), min(typeof(hour)) FROM read_parquet('${wh}/logs/**/*.parquet', hive_partitioning = true)`);
  const [n, services, tsType] = direct.getRowsJS()[0]!;
  assert.equal(Number(n), 15);
  assert.equal(Number(services), 4);
  assert.equal(tsType, 'TIMESTAMP WITH TIME ZONE');
  con.closeSync();
  db.closeSync();

  // partitions come from event time, per service
  assert.ok(existsSync(join(wh, 'logs/service=orders/date=2026-03-02/hour=08')));
  assert.ok(existsSync(join(wh, 'logs/service=orders/date=2026-03-02/hour=09')), 'the 09:00 event lands in hour 09');
  assert.ok(existsSync(join(wh, 'logs/service=kafka/date=2026-03-02/hour=08')));

  // docker: metadata from config.v2.json, stack trace joined into one row, 16 KiB partial joined
  const trace = one(wh, "SELECT container, image, container_id, labels['com.docker.compose.project'] AS project, stream, severity, error_class, message, stack_trace FROM logs WHERE message LIKE '%order failed%'");
  assert.equal(trace.container, 'shop-orders-1');
  assert.equal(trace.image, 'shop/orders:1.4.2');
  assert.equal(trace.container_id, DOCKER_ID);
  assert.equal(trace.project, 'shop');
  assert.equal(trace.stream, 'stderr');
  assert.equal(trace.severity, 'ERROR');
  assert.equal(trace.error_class, 'java.lang.IllegalStateException');
  assert.match(String(trace.stack_trace), /OrderService\.java:42/);
  const long = one(wh, "SELECT length(message) AS len FROM logs WHERE message LIKE 'xxxx%'");
  assert.equal(Number(long.len), 16384 + 'tail of the long line'.length);

  // JSON app logger (pino) fields
  const pino = one(wh, "SELECT severity, request_id, epoch_ms(ts) AS ms FROM logs WHERE message = 'payment declined'");
  assert.equal(pino.severity, 'ERROR');
  assert.equal(pino.request_id, 'req-4');
  assert.equal(Number(pino.ms), 1772442000000);

  // CRI: k8s metadata from the path, P/F merged, Kafka fields
  const fetch = one(wh, "SELECT namespace, pod, container, severity, broker_id, kafka_topic, kafka_partition FROM logs WHERE message LIKE '%fetch request on partition%'");
  assert.deepEqual([fetch.namespace, fetch.pod, fetch.container, fetch.severity], ['streaming', 'kafka-1', 'kafka', 'WARN']);
  assert.equal(fetch.kafka_topic, 'orders');
  assert.equal(Number(fetch.kafka_partition), 3);
  const group = one(wh, "SELECT kafka_consumer_group FROM logs WHERE message LIKE '%Preparing to rebalance%'");
  assert.equal(group.kafka_consumer_group, 'orders-consumers');

  // Fluent Bit records → the seed's spark_logs view
  const seed = sql(wh, 'SELECT spark_app_selector, spark_app_name, COUNT(*) AS log_count FROM spark_logs WHERE spark_app_selector IS NOT NULL GROUP BY spark_app_selector, spark_app_name ORDER BY log_count DESC');
  assert.deepEqual(seed, [{ spark_app_selector: SELECTOR, spark_app_name: 'taxi-trip', log_count: 3 }]);
  const levels = sql(wh, 'SELECT log_level, COUNT(*) AS count FROM spark_logs WHERE log_level IS NOT NULL GROUP BY log_level ORDER BY count DESC');
  assert.deepEqual(levels, [{ log_level: 'INFO', count: 2 }, { log_level: 'WARN', count: 1 }]);

  // a record pre-parsed by Fluent Bit (`Logger: text`): component and Spark ids still extracted
  const lost = one(wh, "SELECT component, message, spark_stage_id, spark_task_id, event_type, source_format FROM logs WHERE message LIKE 'Lost task%'");
  assert.deepEqual(lost, { component: 'TaskSetManager', message: 'Lost task 3.0 in stage 1.0 (TID 7) (10.0.1.5 executor 2): ExecutorLostFailure (executor 2 exited)', spark_stage_id: 1, spark_task_id: 7, event_type: 'executor_lost', source_format: 'fluentbit/spark' });

  // stdin: docker logs --timestamps, PostgreSQL DETAIL/STATEMENT folded into the error
  const pg = one(wh, "SELECT pg_pid, severity, source_path, attributes FROM logs WHERE message LIKE 'duplicate key%'");
  assert.equal(Number(pg.pg_pid), 43);
  assert.equal(pg.severity, 'ERROR');
  assert.equal(pg.source_path, '-');

  // quarantine: source, offset, reason, raw bytes
  const q = sql(wh, 'SELECT reason, source_path, source_offset, raw_length FROM quarantine ORDER BY reason');
  assert.deepEqual(q.map((r) => String(r.reason)), ['binary_content', 'invalid_json', 'invalid_time', 'invalid_utf8']);
  for (const r of q) {
    assert.ok(String(r.source_path).length > 1);
    assert.ok(Number(r.source_offset) > 0);
    assert.ok(Number(r.raw_length) > 0);
  }
});

test('re-runs are incremental: nothing twice, appended bytes once, rotation recognized by identity', () => {
  const t = makeNodeTree();
  const wh = mkdtempSync(join(tmpdir(), 'loglake-wh-'));
  const first = ingest([t.docker, t.pods, '--warehouse', wh]);
  const rows1 = first.totals.rows;
  const again = ingest([t.docker, t.pods, '--warehouse', wh]);
  assert.equal(again.totals.lines, 0);
  assert.equal(again.totals.rows, 0);
  assert.equal(again.files_written, 0);

  // append two lines to the live docker log: only they are read
  appendFileSync(t.dockerLog, JSON.stringify({ log: '{"level":30,"time":1772445600000,"msg":"appended one"}\n', stream: 'stdout', time: '2026-03-02T10:00:00.000000000Z' }) + '\n' +
    JSON.stringify({ log: '{"level":30,"time":1772445601000,"msg":"appended two"}\n', stream: 'stdout', time: '2026-03-02T10:00:01.000000000Z' }) + '\n');
  const appended = ingest([t.docker, t.pods, '--warehouse', wh]);
  assert.equal(appended.totals.lines, 2);
  assert.equal(appended.totals.rows, 2);

  // rotate: live → .1 (and old .1 → .2), a new live file; only the new file's line is read
  const base = t.dockerLog;
  renameSync(base + '.1', base + '.2');
  renameSync(base, base + '.1');
  writeFileSync(base, JSON.stringify({ log: '{"level":30,"time":1772445602000,"msg":"after rotation"}\n', stream: 'stdout', time: '2026-03-02T10:00:02.000000000Z' }) + '\n');
  const rotated = ingest([t.docker, t.pods, '--warehouse', wh]);
  assert.equal(rotated.totals.rows, 1);
  assert.equal(Number(one(wh, 'SELECT count(*) AS n FROM logs').n), rows1 + 3);
  assert.equal(Number(one(wh, 'SELECT count(*) AS n FROM (SELECT source_path, source_offset, message FROM logs GROUP BY ALL HAVING count(*) > 1)').n), 0, 'no duplicates');

  // gzip of an already-read rotation is the same content: skipped by identity
  const gz = runCli(['ingest', '--json', t.docker, '--warehouse', wh]);
  assert.equal(gz.status, 0);
  assert.equal((JSON.parse(gz.stdout) as RunSummary).totals.rows, 0);
  assert.ok(readdirSync(join(wh, 'logs')).length > 0);
});

test('bad flags, missing inputs, unwritable warehouse and bad config: one line, non-zero exit, no stack', () => {
  const t = makeNodeTree();
  const wh = mkdtempSync(join(tmpdir(), 'loglake-wh-'));
  const cases: Array<[string[], number, RegExp]> = [
    [['ingest', t.docker], 2, /needs --warehouse/],
    [['ingest', '--warehouse', wh], 2, /at least one input/],
    [['ingest', '--warehouse', wh, '--bogus', t.docker], 2, /bogus/],
    [['ingest', '--warehouse', wh, '--format', 'xml', t.docker], 2, /--format must be one of/],
    [['ingest', '--warehouse', wh, '--max-line-bytes', 'lots', t.docker], 2, /--max-line-bytes must be an integer/],
    [['ingest', '--warehouse', wh, join(t.root, 'does-not-exist')], 1, /input not found/],
    [['query', '--warehouse', wh], 2, /exactly one SQL statement/],
    [['query', '--warehouse', join(t.root, 'nowhere'), 'SELECT 1'], 1, /warehouse not found/],
    [['frobnicate'], 2, /unknown command/],
  ];
  for (const [args, code, msg] of cases) {
    const r = runCli(args);
    assert.equal(r.status, code, `${args.join(' ')} → ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  const cfg = join(t.root, 'bad.json');
  writeFileSync(cfg, '{"servise": "x"}');
  const r = runCli(['ingest', '--warehouse', wh, '--config', cfg, t.docker]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown key "servise"/);
  if (process.getuid?.() !== 0) {
    const ro = mkdtempSync(join(tmpdir(), 'loglake-ro-'));
    chmodSync(ro, 0o500);
    const w = runCli(['ingest', '--warehouse', join(ro, 'wh'), t.docker]);
    assert.equal(w.status, 1);
    assert.match(w.stderr, /not writable/);
  } else {
    // root ignores permissions: a regular file where the warehouse should be is the unwritable case here
    const file = join(t.root, 'a-file');
    writeFileSync(file, 'x');
    const w = runCli(['ingest', '--warehouse', file, t.docker]);
    assert.equal(w.status, 1);
    assert.match(w.stderr, /not a directory/);
  }
});

test('a config file sets defaults; flags override it', () => {
  const t = makeNodeTree();
  const wh = mkdtempSync(join(tmpdir(), 'loglake-wh-'));
  const cfg = join(t.root, 'loglake.json');
  writeFileSync(cfg, JSON.stringify({ cluster: 'from-config', environment: 'staging', service: 'fallback-svc' }));
  ingest(['--config', cfg, '--environment', 'prod', t.s3, '--warehouse', wh]);
  const r = one(wh, 'SELECT DISTINCT cluster_id, environment FROM logs');
  assert.deepEqual(r, { cluster_id: 'from-config', environment: 'prod' });
});
