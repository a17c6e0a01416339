/**
 * Ingest straight from an S3-API server on loopback (s3rver, started by the test): the seed's
 * `s3://bucket/<cluster>/spark-application-logs/spark-team-a/<spark-app-selector>/<pod>/<file>.json`
 * layout into Iceberg, with the processing summary, and incrementally (a late object only).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { runCliAsync, sql } from '../helpers/cli.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

const SEL = 'spark-' + 'c'.repeat(32);
let server: S3TestServer | undefined;
after(async () => server?.stop());

function recs(pod: string, role: string, n: number, t0: number): string {
  return Array.from({ length: n }, (_, i) => JSON.stringify({
    timestamp: new Date(t0 + i * 1000).toISOString(), log_level: i % 7 === 0 ? 'WARN' : 'INFO', message: `${pod} line ${i}`,
    kubernetes: { pod_name: pod, namespace_name: 'spark-team-a', labels: { app: 'taxi', 'spark-app-selector': SEL, 'spark-role': role, 'spark-app-name': 'taxi' } },
  })).join('\n') + '\n';
}

test('s3:// inputs: the seed layout from an S3-API server, incremental by object identity', async () => {
  server = await startS3Server({ buckets: ['logs'] });
  const put = (key: string, body: string | Buffer): Promise<unknown> => server!.client.send(new PutObjectCommand({ Bucket: 'logs', Key: key, Body: body }));
  const prefix = 'eks/spark-application-logs/spark-team-a';
  const t0 = Date.UTC(2026, 2, 2, 8);
  await put(`${prefix}/${SEL}/taxi-driver/taxi-driver_080000_a1.json`, recs('taxi-driver', 'driver', 30, t0));
  await put(`${prefix}/${SEL}/taxi-exec-1/taxi-exec-1_080100_a2.json.gz`, gzipSync(recs('taxi-exec-1', 'executor', 20, t0)));
  const env = { LOGLAKE_S3_ENDPOINT: server.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  const wh = mkdtempSync(join(tmpdir(), 'loglake-s3wh-'));
  const args = ['ingest', `s3://logs/${prefix}`, '--warehouse', wh, '--table-format', 'iceberg', '--json'];
  const run = async (): Promise<RunSummary> => {
    const r = await runCliAsync(args, { env });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as RunSummary;
  };
  const first = await run();
  assert.equal(first.totals.rows, 50);
  assert.deepEqual(first.spark_apps.map((a) => [a.spark_app_selector, a.status, a.records_processed]), [[SEL, 'SUCCESS', 50]]);
  assert.match(first.spark_apps[0]!.s3_path, new RegExp(`^s3://logs/${prefix}/${SEL}$`));
  assert.equal((await run()).totals.rows, 0, 'nothing new');
  await put(`${prefix}/${SEL}/taxi-exec-2/taxi-exec-2_090000_a3.json`, recs('taxi-exec-2', 'executor', 5, t0 + 3_600_000));
  const third = await run();
  assert.equal(third.totals.rows, 5, 'only the late object');
  const rows = sql(wh, 'SELECT pod_name, count(*) AS n FROM spark_logs GROUP BY 1 ORDER BY 1');
  assert.deepEqual(rows, [{ pod_name: 'taxi-driver', n: 30 }, { pod_name: 'taxi-exec-1', n: 20 }, { pod_name: 'taxi-exec-2', n: 5 }]);
  const bad = await runCliAsync(['ingest', 's3://logs/nothing-here', '--warehouse', wh], { env });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /loglake: .*nothing-here/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});
