/**
 * End to end (issue 10): the real CLI on a hand-made node tree with documentation-shaped lines —
 * a Spark executor pod's CRI file, a Fluent Bit record of a driver pod with Spark's labels, a
 * Kafka broker pod with the JSON request logger, a daemon with syslog / OpenSSH lines, a Python
 * chained exception and a Go panic — checked with SQL. Names and values are made up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, sql } from '../helpers/cli.js';


function cri(lines: string[], stream = 'stdout'): string {
  return lines.map((l, i) => `2026-03-02T08:00:${String(i).padStart(2, '0')}.000000000Z ${stream} F ${l}\n`).join('');
}

test('Spark on Kubernetes identity, Kafka request logger, syslog severity and multi-line, end to end', () => {
  const root = mkdtempSync(join(tmpdir(), 'loglake-formats-'));
  const pods = join(root, 'var/log/pods');
  const exec = join(pods, 'jobs_nightly-agg-0a1b2c3d4e5f6a7b-exec-3_5d7f0c2e-1111-2222-3333-444455556666/spark-kubernetes-executor');
  mkdirSync(exec, { recursive: true });
  writeFileSync(join(exec, '0.log'), cri([
    '26/03/02 08:00:00 INFO CoarseGrainedExecutorBackend: Got assigned task 17',
    '26/03/02 08:00:01 INFO Executor: Running task 1.0 in stage 4.0 (TID 17)',
    '26/03/02 08:00:02 INFO BlockManager: Registering BlockManager BlockManagerId(driver, 10.0.0.2, 7079, None)',
  ]));
  const kafka = join(pods, 'streaming_kafka-2_6d7f0c2e-1111-2222-3333-444455556666/kafka');
  mkdirSync(kafka, { recursive: true });
  writeFileSync(join(kafka, '0.log'), cri([
    '[2026-03-02 08:00:00,000] DEBUG Completed request:{"isForwarded":false,"requestHeader":{"requestApiKey":8,"requestApiVersion":8,"correlationId":44,"clientId":"c1","requestApiKeyName":"OFFSET_COMMIT"},"request":{"groupId":"g1","topics":[{"name":"events","partitions":[{"partitionIndex":5,"committedOffset":10}]}]},"response":{},"connection":"x"} (kafka.request.logger)',
  ]));
  const sshd = join(pods, 'infra_bastion-0_7d7f0c2e-1111-2222-3333-444455556666/sshd');
  mkdirSync(sshd, { recursive: true });
  writeFileSync(join(sshd, '0.log'), cri([
    'sshd[31]: error: kex_exchange_identification: Connection closed by remote host',
    '<38>Mar  2 08:00:01 bastion sshd[32]: Accepted publickey for ops from 192.0.2.9 port 50022 ssh2',
  ], 'stderr'));
  const app = join(pods, 'shop_worker-6c8d9b7f5-bp5ep_8d7f0c2e-1111-2222-3333-444455556666/worker');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, '0.log'), cri([
    'Traceback (most recent call last):',
    '  File "w.py", line 2, in <module>',
    'KeyError: \'x\'',
    '',
    'During handling of the above exception, another exception occurred:',
    '',
    'Traceback (most recent call last):',
    '  File "w.py", line 4, in <module>',
    'RuntimeError: lookup failed',
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47e4b6]',
    '',
    'goroutine 1 [running]:',
    'main.main()',
  ], 'stderr'));
  const fb = join(root, 's3/spark-0123456789abcdef0123456789abcdef/nightly-agg-0a1b2c3d4e5f6a7b-driver');
  mkdirSync(fb, { recursive: true });
  writeFileSync(join(fb, 'part-0.json'), JSON.stringify({
    log: '26/03/02 08:00:03 INFO TaskSetManager: Finished task 1.0 in stage 4.0 (TID 17) in 120 ms on 10.0.0.7 (executor 3) (1/2)\n', stream: 'stderr', time: '2026-03-02T08:00:03.000000000Z',
    kubernetes: { pod_name: 'nightly-agg-0a1b2c3d4e5f6a7b-driver', namespace_name: 'jobs', container_name: 'spark-kubernetes-driver', labels: { 'spark-app-selector': 'spark-0123456789abcdef0123456789abcdef', 'spark-app-name': 'nightly-agg', 'spark-role': 'driver' } },
  }) + '\n' + JSON.stringify({
    log: '<38>Mar  2 08:00:04 relay-host sshd[40]: Accepted publickey for ops\n', stream: 'stderr', time: '2026-03-02T08:00:04.000000000Z',
    kubernetes: { pod_name: 'bastion-1', namespace_name: 'infra', container_name: 'sshd-relay', host: 'ip-10-0-0-7' },
  }) + '\n');
  const wh = mkdtempSync(join(tmpdir(), 'loglake-wh-'));
  const r = runCli(['ingest', '--json', pods, join(root, 's3'), '--warehouse', wh]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { totals: { quarantined: number } }).totals.quarantined, 0);

  const execRows = sql(wh, "SELECT spark_role, spark_executor_id, spark_stage_id, spark_task_id, spark_app_name FROM logs WHERE container = 'spark-kubernetes-executor' ORDER BY ts");
  assert.deepEqual(execRows.map((x) => [x.spark_role, x.spark_executor_id, x.spark_task_id === null ? null : Number(x.spark_task_id)]),
    [['executor', '3', 17], ['executor', '3', 17], ['executor', '3', null]]);
  assert.equal(execRows[1]!.spark_stage_id, 4);
  assert.equal(execRows[0]!.spark_app_name, 'nightly-agg');
  const driver = sql(wh, "SELECT spark_role, spark_executor_id, spark_app_id, spark_app_name, spark_stage_id FROM logs WHERE pod LIKE '%-driver'")[0]!;
  assert.deepEqual([driver.spark_role, driver.spark_executor_id, driver.spark_app_id, driver.spark_app_name, driver.spark_stage_id],
    ['driver', '3', 'spark-0123456789abcdef0123456789abcdef', 'nightly-agg', 4]);

  const k = sql(wh, "SELECT broker_id, kafka_request_type, kafka_topic, kafka_partition, kafka_correlation_id FROM logs WHERE container = 'kafka'")[0]!;
  assert.deepEqual([k.broker_id, k.kafka_request_type, k.kafka_topic, k.kafka_partition, Number(k.kafka_correlation_id)], [2, 'OffsetCommit', 'events', 5, 44]);

  const s = sql(wh, "SELECT severity, component, host, attributes['syslog.hostname'] AS hn FROM logs WHERE container = 'sshd' ORDER BY ts");
  assert.deepEqual(s.map((x) => [x.severity, x.component, x.host]), [['ERROR', 'sshd', null], ['INFO', 'sshd', 'bastion']]);
  // a node host named by the origin (Fluent Bit's kubernetes.host) wins over the syslog HOSTNAME
  const relay = sql(wh, "SELECT host, attributes['syslog.hostname'] AS hn FROM logs WHERE container = 'sshd-relay'")[0]!;
  assert.deepEqual([relay.host, relay.hn], ['ip-10-0-0-7', 'relay-host']);

  const w = sql(wh, "SELECT severity, message, stack_trace FROM logs WHERE container = 'worker' ORDER BY ts");
  assert.equal(w.length, 2, JSON.stringify(w));
  // the interpreter's uncaught-exception report: ERROR, message = the raised exception's line
  assert.deepEqual([w[0]!.severity, w[0]!.message], ['ERROR', 'RuntimeError: lookup failed']);
  assert.match(String(w[0]!.stack_trace), /^Traceback[\s\S]*During handling[\s\S]*RuntimeError: lookup failed$/);
  assert.equal(w[1]!.severity, 'FATAL');
  assert.match(String(w[1]!.message), /\[signal SIGSEGV[\s\S]*goroutine 1 \[running\]:\nmain\.main\(\)$/);
});
