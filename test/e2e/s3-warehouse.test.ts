/**
 * An Iceberg warehouse in S3 with a PostgreSQL catalog, end to end on loopback: the seed's Fluent
 * Bit layout in a bucket → four `--shard i/4` writers at once, everything (inputs and warehouse)
 * through a proxy that injects 5xx, lost answers, resets mid-body and stalls → every row exactly
 * once (compared with a single writer's table), the seed's four Athena queries, the independent
 * verifier on the bucket's files, every template id resolvable in the shared miner state in S3;
 * then a writer killed (SIGKILL) between uploading its files and committing, and a re-run: nothing
 * lost or doubled. Also: one clear line for an S3 warehouse with a SQLite catalog.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { startFaultProxy, type FaultProxy } from '../helpers/s3-fault-proxy.js';
import { startPostgresForTests, type PostgresServer } from '../helpers/postgres.js';
import { runCliAsync } from '../helpers/cli.js';
import { ensurePythonAvro } from '../helpers/python-avro.js';
import { fixturePath } from '../../src/core/paths.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

let server: S3TestServer | undefined;
let proxy: FaultProxy | undefined;
let pg: PostgresServer | undefined;
after(async () => {
  await proxy?.stop();
  await server?.stop();
  await pg?.stop();
});

const PREFIX = 'spark-on-eks/spark-application-logs/spark-team-a';
const APPS = ['spark-' + '1'.repeat(32), 'spark-' + '2'.repeat(32), 'spark-' + '3'.repeat(32)];
const T0 = Date.UTC(2026, 2, 2, 8);

/** Fluent Bit records of one pod (the seed's record shape), with a bad line now and then. */
function records(app: string, name: string, pod: string, role: string, n: number, t0: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 97 === 50) {
      out.push('{"truncated": "record');
      continue;
    }
    const lvl = i % 10 === 0 ? 'WARN' : i % 31 === 0 ? 'ERROR' : 'INFO';
    const msg = i % 3 === 0 ? `TaskSetManager: Finished task ${i}.0 in stage ${i % 7}.0 (TID ${i}) in ${i * 3} ms on ${pod} (executor ${i % 4})`
      : i % 3 === 1 ? `BlockManagerInfo: Added broadcast_${i}_piece0 in memory on ${pod}:7079 (size: ${i} KiB, free: 1${i} MiB)`
        : `${name} ${pod} custom event ${i % 5} for user u${i}`;
    out.push(JSON.stringify({
      timestamp: new Date(t0 + i * 1000).toISOString(), log_level: lvl, message: msg, stream: 'stderr',
      kubernetes: {
        pod_name: pod, namespace_name: 'spark-team-a', container_name: 'spark-kubernetes-' + role, container_image: 'apache/spark:3.5.1',
        labels: { app: name, 'spark-app-selector': app, 'spark-role': role, 'spark-app-name': name, 'spark-version': '3.5.1', 'submission-id': 'sub-' + name, queue: 'root.spark-team-a' },
      },
    }));
  }
  return out.join('\n') + '\n';
}

interface Env { [k: string]: string }

async function ingest(args: string[], env: Env): Promise<RunSummary> {
  const r = await runCliAsync(['ingest', '--json', ...args], { env });
  assert.equal(r.status, 0, `ingest failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as RunSummary;
}

async function sqlRows(args: string[], query: string, env: Env): Promise<{ rows: Record<string, unknown>[]; stderr: string }> {
  const r = await runCliAsync(['query', '--format', 'json', ...args, query], { env });
  assert.equal(r.status, 0, `query failed (${r.status}): ${r.stderr}`);
  return { rows: r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stderr: r.stderr };
}

const ROWS = 'SELECT source_path, source_offset, message, service, severity, ts, pod, spark_app_id FROM logs ORDER BY source_path, source_offset';

async function createDatabase(conn: string, db: string): Promise<string> {
  const pgmod = (await import('pg')).default;
  const c = new pgmod.Client({ connectionString: conn });
  await c.connect();
  await c.query(`CREATE DATABASE ${db}`);
  await c.end();
  return conn.replace(/\/postgres$/, '/' + db);
}

async function catalogRow(conn: string): Promise<{ metadata_location: string; previous_metadata_location: string | null; iceberg_type: string | null }> {
  const pgmod = (await import('pg')).default;
  const c = new pgmod.Client({ connectionString: conn });
  await c.connect();
  try {
    const r = await c.query("SELECT metadata_location, previous_metadata_location, iceberg_type FROM iceberg_tables WHERE catalog_name = 'loglake' AND table_namespace = 'loglake' AND table_name = 'logs'");
    assert.equal(r.rows.length, 1);
    return r.rows[0] as { metadata_location: string; previous_metadata_location: string | null; iceberg_type: string | null };
  } finally {
    await c.end();
  }
}

/** Staging directories (of S3 warehouse writers) whose owner process is gone. */
function deadStages(): number {
  let n = 0;
  for (const name of readdirSync(tmpdir()).filter((x) => x.startsWith('loglake-stage-'))) {
    try {
      const { pid } = JSON.parse(readFileSync(join(tmpdir(), name, 'owner.json'), 'utf8')) as { pid: number };
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') n++;
    }
  }
  return n;
}

function runVerifier(metadataLocation: string, s3Root: string): Promise<{ ok: boolean; errors: string[]; stats: Record<string, number> }> {
  const python = ensurePythonAvro().python;
  return new Promise((resolve) => {
    const p = spawn(python, [fixturePath('iceberg', 'verify_iceberg.py'), '--metadata', metadataLocation, '--s3-root', s3Root], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.on('exit', () => resolve(JSON.parse(out) as { ok: boolean; errors: string[]; stats: Record<string, number> }));
  });
}

test('S3 warehouse + PostgreSQL catalog: 4 sharded writers under injected faults land every row exactly once; kill -9 and re-run', async (t) => {
  const started = await startPostgresForTests();
  if (!started.server) return t.skip(started.skipReason);
  pg = started.server;
  server = await startS3Server({ buckets: ['logs', 'lake'] });
  proxy = await startFaultProxy(server.endpoint);
  const put = (key: string, body: string | Buffer): Promise<unknown> => server!.client.send(new PutObjectCommand({ Bucket: 'logs', Key: `${PREFIX}/${key}`, Body: body }));
  const pods: [string, string, string, string][] = [];
  APPS.forEach((app, a) => {
    const name = ['taxi-trip', 'etl', 'pi'][a]!;
    pods.push([app, name, `${name}-driver`, 'driver']);
    for (let e = 1; e <= 4; e++) pods.push([app, name, `${name}-exec-${e}`, 'executor']);
  });
  let k = 0;
  for (const [app, name, pod, role] of pods) {
    const body = records(app, name, pod, role, 150 + 23 * k, T0 + k * 60_000);
    const file = `${app}/${pod}/${pod}_0800${String(k).padStart(2, '0')}_${k.toString(16).padStart(8, 'a')}.json`;
    await (k % 4 === 3 ? put(file + '.gz', gzipSync(body)) : put(file, body));
    k++;
  }
  const direct: Env = { LOGLAKE_S3_ENDPOINT: server.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  const viaProxy: Env = { ...direct, LOGLAKE_S3_ENDPOINT: proxy.endpoint, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'loglake-cache-')) };
  const input = `s3://logs/${PREFIX}`;

  // the reference: one writer, no faults, a local Iceberg warehouse
  const ref = mkdtempSync(join(tmpdir(), 'loglake-s3ref-'));
  const refSummary = await ingest([input, '--warehouse', ref, '--table-format', 'iceberg', '--no-templates'], direct);
  assert.ok(refSummary.totals.rows > 2000 && refSummary.totals.quarantined > 0, JSON.stringify(refSummary.totals));
  const refRows = (await sqlRows(['--warehouse', ref], ROWS, direct)).rows;

  // an S3 warehouse with a SQLite catalog is refused in one line, before anything is written
  const bad = await runCliAsync(['ingest', input, '--warehouse', 's3://lake/wh', '--table-format', 'iceberg'], { env: viaProxy });
  assert.equal(bad.status, 2, bad.stderr);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /S3 warehouse needs an external catalog/);

  const catalog = await createDatabase(pg.connectionString, `loglake_s3_${Date.now()}`);
  const wh = 's3://lake/wh';
  // bad configuration: one clear line, exit 1, no credential printed, nothing written to the catalog
  for (const [args, env, why] of [
    [['--warehouse', 's3://no-such-bucket/wh'], viaProxy, /bucket does not exist/],
    [['--warehouse', wh], { ...viaProxy, AWS_ACCESS_KEY_ID: 'UNKNOWNKEY', AWS_SECRET_ACCESS_KEY: 'very-secret-value' }, /access denied/],
  ] as const) {
    const r = await runCliAsync(['ingest', input, ...args, '--table-format', 'iceberg', '--catalog', catalog], { env });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, why);
    assert.doesNotMatch(r.stderr, /very-secret-value/);
  }
  const pgmod = (await import('pg')).default;
  const probe = new pgmod.Client({ connectionString: catalog });
  await probe.connect();
  assert.equal((await probe.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'iceberg_tables'")).rows[0].n, 0, 'the catalog was not touched');
  await probe.end();
  const common = ['--warehouse', wh, '--table-format', 'iceberg', '--catalog', catalog, '--commit-bytes', '120000'];

  // faults on a share of all requests from now on, deterministic per seed
  proxy.chaos({
    rate: 0.08, seed: 7, kinds: [
      { kind: 'status', status: 503, code: 'SlowDown' },
      { kind: 'status', status: 500, code: 'InternalError' },
      { kind: 'reset' },
      { kind: 'statusAfter', method: 'PUT', status: 500, code: 'InternalError' },
      { kind: 'resetMid', method: 'GET', afterBytes: 700 },
      { kind: 'stall', ms: 300 },
    ],
  });
  const shards = await Promise.all([0, 1, 2, 3].map((i) => ingest([input, ...common, '--shard', `${i}/4`], viaProxy)));
  const faults = proxy.requests.filter((r) => r.fault).length;
  process.stderr.write(`[s3 warehouse] 4 shards: ${shards.reduce((n, s) => n + s.commits, 0)} commits, ${shards.reduce((n, s) => n + s.commit_retries, 0)} retries after conflicts, ${faults} injected faults over ${proxy.requests.length} requests\n`);
  assert.ok(faults > 20, `faults were injected (${faults})`);
  assert.equal(shards.reduce((n, s) => n + s.files_read, 0), pods.length, 'each object read by exactly one shard');
  for (const s of shards) assert.equal(s.balanced, true);
  assert.equal(shards.reduce((n, s) => n + s.totals.quarantined, 0), refSummary.totals.quarantined);

  const q = ['--warehouse', wh, '--catalog', catalog];
  const got = await sqlRows(q, ROWS, viaProxy);
  assert.match(got.stderr, /httpfs not available.*local cache/, 'says which read path was taken');
  assert.equal(got.rows.length, refRows.length);
  assert.deepEqual(got.rows, refRows, 'every row exactly once, equal to the single writer');

  // the seed's four Athena queries on spark_logs
  const athena = async (s: string): Promise<Record<string, unknown>[]> => (await sqlRows(q, s, viaProxy)).rows;
  const refAthena = async (s: string): Promise<Record<string, unknown>[]> => (await sqlRows(['--warehouse', ref], s, direct)).rows;
  assert.deepEqual(await athena('SELECT COUNT(*) as total_records\nFROM spark_logs;'), [{ total_records: refRows.length }]);
  const sample = await athena('SELECT\n    timestamp,\n    log_level,\n    pod_name,\n    spark_app_selector,\n    message\nFROM spark_logs\nLIMIT 10;');
  assert.equal(sample.length, 10);
  for (const s of ['SELECT\n    log_level,\n    COUNT(*) as count\nFROM spark_logs\nWHERE log_level IS NOT NULL\nGROUP BY log_level\nORDER BY count DESC;',
    'SELECT\n    spark_app_selector,\n    spark_app_name,\n    COUNT(*) as log_count\nFROM spark_logs\nWHERE spark_app_selector IS NOT NULL\nGROUP BY spark_app_selector, spark_app_name\nORDER BY log_count DESC;']) {
    assert.deepEqual(await athena(s), await refAthena(s));
  }
  // quarantine and processing metadata live in the bucket too
  assert.deepEqual(await athena('SELECT count(*) AS n FROM quarantine'), [{ n: refSummary.totals.quarantined }]);
  assert.deepEqual(await athena('SELECT count(DISTINCT spark_app_selector) AS n, sum(records_processed) AS r FROM spark_logs_processing_metadata'), [{ n: 3, r: refRows.length }]);

  // every template id assigned by the four concurrent miners resolves in the shared state
  const ids = (await athena('SELECT DISTINCT template_id FROM logs WHERE template_id IS NOT NULL')).map((r) => String(r.template_id));
  assert.ok(ids.length > 3);
  const stateObj = await server.client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'wh/_loglake/templates.json' }));
  const state = JSON.parse(await stateObj.Body!.transformToString()) as { templates: { id: string }[]; aliases: Record<string, string> };
  const known = new Set([...state.templates.map((x) => x.id), ...Object.keys(state.aliases)]);
  for (const id of ids) assert.ok(known.has(id), `template ${id} is in the shared miner state`);

  // the table is valid under the independent verifier, reading the bucket's files
  proxy.clear();
  const row = await catalogRow(catalog);
  assert.match(row.metadata_location, /^s3:\/\/lake\/wh\/iceberg\/loglake\.db\/logs\/metadata\/\d{5}-.*\.metadata\.json$/);
  assert.equal(row.iceberg_type, 'TABLE');
  const v = await runVerifier(row.metadata_location, server.directory);
  assert.deepEqual(v.errors, []);
  assert.equal(v.ok, true);
  assert.ok((v.stats.data_files ?? 0) >= 4);

  // late objects; a writer dies by SIGKILL after uploading its files, before its commit; a re-run
  const late = `${APPS[0]}/taxi-trip-exec-9/taxi-trip-exec-9_090000_late0001.json`;
  await put(late, records(APPS[0]!, 'taxi-trip', 'taxi-trip-exec-9', 'executor', 400, T0 + 3_600_000));
  await ingest([input, '--warehouse', ref, '--table-format', 'iceberg', '--no-templates'], direct);
  const refAfter = (await sqlRows(['--warehouse', ref], ROWS, direct)).rows;
  const killed = await runCliAsync(['ingest', input, ...common, '--commit-bytes', '40000'], { env: { ...viaProxy, LOGLAKE_FAILPOINT: 'after-upload-1' } });
  assert.notEqual(killed.status, 0, 'the writer was killed');
  const partial = (await sqlRows(q, 'SELECT count(*) AS n FROM logs', viaProxy)).rows[0]!.n as number;
  assert.ok(partial > refRows.length && partial < refAfter.length, `one commit landed before the kill (${refRows.length} < ${partial} < ${refAfter.length})`);
  proxy.chaos({ rate: 0.05, seed: 11, kinds: [{ kind: 'status', status: 503, code: 'SlowDown' }, { kind: 'resetMid', method: 'GET', afterBytes: 300 }] });
  assert.ok(deadStages() > 0, 'the killed writer left its staging directory');
  const rerun = await ingest([input, ...common], viaProxy);
  assert.equal(deadStages(), 0, 'the next writer on the machine removed it');
  assert.equal(rerun.files_read, 1, 'only the late object is read again');
  proxy.clear();
  assert.deepEqual((await sqlRows(q, ROWS, viaProxy)).rows, refAfter, 'nothing lost or doubled after kill -9 and re-run');
  const again = await ingest([input, ...common], viaProxy);
  assert.equal(again.totals.rows, 0, 'nothing new');

  // maintain on the S3 table: compaction, expiry, and the killed writer's uploaded files as orphans
  const m = await runCliAsync(['maintain', ...q, '--expire-older-than', '0s', '--retain-last', '1', '--orphans-older-than', '0s'], { env: viaProxy });
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /compacted \d+ files/);
  assert.match(m.stdout, /expired [1-9]\d* snapshot/);
  assert.match(m.stdout, /removed [1-9]\d* orphan file/);
  assert.deepEqual((await sqlRows(q, ROWS, viaProxy)).rows, refAfter, 'maintain keeps every row');
  const v2 = await runVerifier((await catalogRow(catalog)).metadata_location, server.directory);
  assert.deepEqual(v2.errors, []);
  assert.equal((await ingest([input, ...common], viaProxy)).totals.rows, 0, 'committed offsets survive maintain');

  // the analytics commands on the S3 table (derived files in a local work dir, miner state in the bucket)
  for (const cmd of [['patterns', '--format', 'json'], ['anomalies', '--format', 'json', '--no-write'], ['features', '--format', 'json'], ['profile', '--format', 'json']]) {
    const r = await runCliAsync([...cmd, ...q], { env: viaProxy });
    assert.equal(r.status, 0, `${cmd[0]}: ${r.stderr}`);
    assert.ok(JSON.parse(r.stdout), cmd[0]);
    assert.match(r.stderr, /local cache/, `${cmd[0]} says which read path was taken`);
  }
  const patterns = JSON.parse((await runCliAsync(['patterns', '--format', 'json', ...q], { env: viaProxy })).stdout) as Record<string, unknown>;
  assert.match(JSON.stringify(patterns), /Finished task/, 'templates of the ingested rows');
});
