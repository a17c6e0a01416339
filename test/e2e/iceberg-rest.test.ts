/**
 * End to end through a REST catalog: the seed's Fluent Bit layout → four `--shard i/4` writers at
 * once → the loopback REST catalog (bearer token; every exchange validated against the OpenAPI
 * spec) with 409 storms and "500 after the commit was applied" injected → every row exactly once
 * compared with a single-writer reference, the seed's four Athena queries, the independent verifier.
 * Bad configurations end with one line, a non-zero exit and nothing written.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliArgv, runCli, runCliAsync } from '../helpers/cli.js';
import { fluentBitRecords } from '../helpers/seed-layout.js';
import { ensurePythonAvro } from '../helpers/python-avro.js';
import { startRestCatalogServer } from '../helpers/rest-catalog-server.js';
import { fixturePath, repoRoot } from '../../src/core/paths.js';
import { pathToFileUri } from '../../src/sinks/iceberg/io/local-file-io.js';
import { RestCatalog } from '../../src/sinks/iceberg/catalog/rest/rest-catalog.js';
import { TableMetadataBuilder } from '../../src/sinks/iceberg/spec/table-metadata-builder.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

const TOKEN = 'e2e-bearer-token-7f3a';
const env = { LOGLAKE_CATALOG_TOKEN: TOKEN };

/** The seed layout: 8 Spark applications, a driver and an executor each, several files per pod. */
function seedLayout(): string {
  const root = mkdtempSync(join(tmpdir(), 'loglake-rest-seed-'));
  const prefix = join(root, 'spark-on-eks/spark-application-logs/spark-team-a');
  const t0 = Date.UTC(2026, 2, 2, 8, 0, 0);
  for (let a = 0; a < 8; a++) {
    const selector = `spark-${String(a).repeat(32).slice(0, 32)}`;
    for (const [pod, role] of [[`app${a}-driver`, 'driver'], [`app${a}-exec-1`, 'executor']] as const) {
      mkdirSync(join(prefix, selector, pod), { recursive: true });
      for (let f = 0; f < 2; f++) {
        writeFileSync(join(prefix, selector, pod, `${pod}_08${f}000_${a}${f}aa.json`), fluentBitRecords(selector, `app${a}`, pod, role, 150 + a * 10, t0 + f * 3_600_000 + a * 60_000));
      }
    }
  }
  return prefix;
}

/** Runs a query without blocking this process (the REST catalog lives in it). */
async function query(wh: string, catalogArgs: string[], q: string): Promise<Array<Record<string, unknown>>> {
  const r = await runCliAsync(['query', '--warehouse', wh, '--format', 'json', ...catalogArgs, q], { env });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

const TOTALS = 'SELECT count(*) AS rows, count(DISTINCT (source_path, source_offset)) AS positions, sum(hash(message) % 1000003) AS msum FROM logs';

test('seed layout → 4 shard writers → REST catalog with 409s and 500-after-apply → exactly once, Athena queries, verifier', async () => {
  const prefix = seedLayout();
  const ref = mkdtempSync(join(tmpdir(), 'loglake-rest-ref-'));
  assert.equal(runCli(['ingest', prefix, '--warehouse', ref, '--table-format', 'iceberg']).status, 1 - 1);
  const wh = mkdtempSync(join(tmpdir(), 'loglake-rest-wh-'));
  const srv = await startRestCatalogServer({
    warehouseLocation: pathToFileUri(join(wh, 'server-default')), prefix: 'catalogs/123456789012', warehouses: ['lake'],
    auth: { kind: 'bearer', tokens: [TOKEN] }, faultRates: { conflict: 0.25, errorAfterApply: 0.15, seed: 7 },
  });
  after(() => srv.close());
  const catalogArgs = ['--catalog', srv.uri, '--catalog-warehouse', 'lake'];

  const shards = await Promise.all([0, 1, 2, 3].map((i) => new Promise<RunSummary>((resolve, reject) => {
    const p = spawn(process.execPath, cliArgv(['ingest', prefix, '--warehouse', wh, '--table-format', 'iceberg', '--shard', `${i}/4`, '--commit-bytes', '60000', '--json', ...catalogArgs]),
      { cwd: repoRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as RunSummary) : reject(new Error(`shard ${i} failed (${code}): ${err}`))));
  })));
  const commits = shards.reduce((n, s) => n + s.commits, 0);
  const retries = shards.reduce((n, s) => n + s.commit_retries, 0);
  process.stderr.write(`[rest] 4 shards: ${commits} commits, ${retries} retries; server: ${JSON.stringify(srv.stats)}\n`);
  assert.equal(shards.reduce((n, s) => n + s.files_read, 0), 32, 'each file read by exactly one shard');
  assert.ok(srv.stats.injected > 0 && srv.stats.conflicts > 0, 'faults were injected');
  assert.deepEqual(srv.violations, [], 'every exchange followed the OpenAPI spec');

  // every row exactly once, against the single writer
  assert.deepEqual(await query(wh, catalogArgs, TOTALS), await query(ref, [], TOTALS));
  const [t] = await query(wh, catalogArgs, TOTALS);
  assert.equal(t!.rows, t!.positions);

  // the seed's four Athena queries, verbatim
  assert.deepEqual(await query(wh, catalogArgs, 'SELECT COUNT(*) as total_records\nFROM spark_logs;'), await query(ref, [], 'SELECT COUNT(*) as total_records\nFROM spark_logs;'));
  const sample = await query(wh, catalogArgs, 'SELECT\n    timestamp,\n    log_level,\n    pod_name,\n    spark_app_selector,\n    message\nFROM spark_logs\nLIMIT 10;');
  assert.deepEqual(Object.keys(sample[0]!), ['timestamp', 'log_level', 'pod_name', 'spark_app_selector', 'message']);
  const levels = 'SELECT\n    log_level,\n    COUNT(*) as count\nFROM spark_logs\nWHERE log_level IS NOT NULL\nGROUP BY log_level\nORDER BY count DESC;';
  assert.deepEqual(await query(wh, catalogArgs, levels), await query(ref, [], levels));
  const apps = 'SELECT\n    spark_app_selector,\n    spark_app_name,\n    COUNT(*) as log_count\nFROM spark_logs\nWHERE spark_app_selector IS NOT NULL\nGROUP BY spark_app_selector, spark_app_name\nORDER BY log_count DESC;';
  const appRows = await query(wh, catalogArgs, apps);
  assert.equal(appRows.length, 8);
  assert.deepEqual(appRows, await query(ref, [], apps));
  assert.equal(Number((await query(wh, catalogArgs, 'SELECT count(DISTINCT spark_app_selector) AS n FROM spark_logs_processing_metadata'))[0]!.n), 8);

  // the independent verifier on the table the REST catalog points at
  const location = srv.metadataLocation(['loglake'], 'logs')!;
  const v = spawnSync(ensurePythonAvro().python, [fixturePath('iceberg', 'verify_iceberg.py'), '--metadata', location], { encoding: 'utf8' });
  const report = JSON.parse(v.stdout) as { ok: boolean; errors: string[] };
  assert.deepEqual(report.errors, []);
  assert.equal(report.ok, true);

  // a re-run adds nothing; analytics commands read the same table through the catalog
  const again = await runCliAsync(['ingest', prefix, '--warehouse', wh, '--table-format', 'iceberg', '--json', ...catalogArgs], { env });
  assert.equal(again.status, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as RunSummary).totals.rows, 0);
  const profile = await runCliAsync(['profile', '--warehouse', wh, '--format', 'json', ...catalogArgs], { env });
  assert.equal(profile.status, 0, profile.stderr);
  assert.deepEqual(srv.violations, []);
});

test('bad REST configuration: one line, non-zero exit, no secret printed, nothing written', async () => {
  const prefix = seedLayout();
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const srv = await startRestCatalogServer({ warehouseLocation: pathToFileUri(join(tmpdir(), 'unused')), warehouses: ['lake'], auth: { kind: 'bearer', tokens: [TOKEN] } });
  after(() => srv.close());
  const cases: Array<{ args: string[]; env: Record<string, string>; expect: RegExp; status: number }> = [
    { args: ['--catalog', 'thrift://metastore:9083'], env, expect: /--catalog must be http\(s\):\/\/… \(REST\), postgresql:\/\/… or sqlite:<path>/, status: 1 },
    { args: ['--catalog', `http://127.0.0.1:${closedPort}/`], env, expect: /cannot reach REST catalog http:\/\/127\.0\.0\.1:\d+ \(read the catalog config\): ECONNREFUSED/, status: 1 },
    { args: ['--catalog', srv.uri, '--catalog-warehouse', 'lake'], env: { LOGLAKE_CATALOG_TOKEN: 'wrong-token-secret' }, expect: /HTTP 401 NotAuthorizedException/, status: 1 },
    { args: ['--catalog', srv.uri], env, expect: /Unknown warehouse: \(none\)/, status: 1 },
    { args: ['--catalog', srv.uri, '--catalog-warehouse', 'lake', '--catalog-sigv4', 'glue'], env: {}, expect: /--catalog-sigv4 needs a region|no AWS credentials/, status: 2 },
  ];
  for (const c of cases) {
    const wh = mkdtempSync(join(tmpdir(), 'loglake-rest-bad-'));
    const r = await runCliAsync(['ingest', prefix, '--warehouse', wh, '--table-format', 'iceberg', ...c.args], { env: { ...c.env, AWS_REGION: '' } });
    assert.equal(r.status, c.status, `${c.args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, c.expect);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr + r.stdout, /wrong-token-secret|e2e-bearer-token/);
    assert.deepEqual(readdirSync(wh).filter((f) => f !== '_loglake'), [], `nothing written for ${c.args.join(' ')}`);
  }

  // an existing table created by another tool with an incompatible schema
  const other = await RestCatalog.open({ uri: srv.uri, warehouse: 'lake', auth: { kind: 'bearer', token: TOKEN } });
  const foreignDir = mkdtempSync(join(tmpdir(), 'loglake-rest-foreign-'));
  await other.createNamespace(['foreign']);
  await other.createTable({ namespace: ['foreign'], name: 'logs' }, {
    schema: { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'message', required: false, type: 'long' }, { id: 2, name: 'ts', required: false, type: 'timestamptz' }] },
    location: pathToFileUri(join(foreignDir, 'logs')),
  });
  const ft = await other.loadTable({ namespace: ['foreign'], name: 'logs' }); // the other tool's table has data
  await other.commitTable(ft.identifier, ft.metadataLocation, TableMetadataBuilder.fromBase(ft.metadata, ft.metadataLocation).addSnapshot({
    'snapshot-id': 42n, 'sequence-number': 1n, 'timestamp-ms': Date.now(), 'manifest-list': `${ft.metadata.location}/metadata/snap-42.avro`, summary: { operation: 'append' },
  }).setBranchSnapshot(42n).build());
  const wh = mkdtempSync(join(tmpdir(), 'loglake-rest-bad-'));
  const r = await runCliAsync(['ingest', prefix, '--warehouse', wh, '--table-format', 'iceberg', '--namespace', 'foreign', '--catalog', srv.uri, '--catalog-warehouse', 'lake'], { env });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /Iceberg table foreign\.logs has a schema incompatible with loglake's \(id:type\): .*message is 1:long \(loglake: 17:string\)/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.equal(existsSync(join(wh, 'iceberg')), false, 'no data file written');
  assert.deepEqual(srv.violations, []);
});
