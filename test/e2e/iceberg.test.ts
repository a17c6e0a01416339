/**
 * Iceberg mode end to end: the real CLI writes `loglake.logs` through a SQLite or PostgreSQL
 * catalog; an independent python3-avro verifier checks every file against the spec; rows equal the
 * Parquet mode's; time travel; concurrent sharded writers and racing unsharded writers land every
 * row exactly once.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { makeNodeTree } from '../helpers/node-tree.js';
import { makeInputs } from '../helpers/kill-inputs.js';
import { runCli, startCli, sql } from '../helpers/cli.js';
import { ensurePythonAvro } from '../helpers/python-avro.js';
import { startPostgresForTests, type PostgresServer } from '../helpers/postgres.js';
import { fixturePath } from '../../src/core/paths.js';
import { openCatalog } from '../../src/table/commit-target.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

function ingest(args: string[], input?: string): RunSummary {
  const r = runCli(['ingest', '--json', ...args], { input });
  assert.equal(r.status, 0, `ingest failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as RunSummary;
}

async function verify(wh: string): Promise<{ ok: boolean; errors: string[]; stats: Record<string, number> }> {
  const catalog = await openCatalog(wh);
  const table = await catalog.loadTable({ namespace: ['loglake'], name: 'logs' });
  await catalog.close();
  const python = ensurePythonAvro().python;
  const r = spawnSync(python, [fixturePath('iceberg', 'verify_iceberg.py'), '--metadata', table.metadataLocation, '--sqlite', join(wh, 'catalog.db'),
    '--catalog-name', 'loglake', '--namespace', 'loglake', '--table', 'logs'], { encoding: 'utf8' });
  return JSON.parse(r.stdout) as { ok: boolean; errors: string[]; stats: Record<string, number> };
}

const rowsOf = (wh: string): string[] =>
  sql(wh, 'SELECT source_path, source_offset, message, service, severity, ts FROM logs ORDER BY source_path, source_offset').map((r) => JSON.stringify(r));

test('iceberg ingest: verifier passes, same rows as the Parquet dataset, quarantine kept', async () => {
  const t = makeNodeTree();
  const ice = mkdtempSync(join(tmpdir(), 'loglake-ice-'));
  const pq = mkdtempSync(join(tmpdir(), 'loglake-pq-'));
  const inputs = [t.docker, t.pods, t.containers, t.s3, '-'];
  const s = ingest([...inputs, '--warehouse', ice, '--table-format', 'iceberg'], t.stdinText);
  ingest([...inputs, '--warehouse', pq], t.stdinText);
  assert.equal(s.table_format, 'iceberg');
  assert.equal(s.balanced, true);
  const v = await verify(ice);
  assert.deepEqual(v.errors, []);
  assert.equal(v.ok, true);
  assert.ok(v.stats.data_files! >= 4);
  assert.deepEqual(rowsOf(ice), rowsOf(pq));
  assert.equal(Number(sql(ice, 'SELECT count(*) AS n FROM quarantine')[0]!.n), 4);
  const seed = sql(ice, 'SELECT spark_app_name, COUNT(*) AS log_count FROM spark_logs WHERE spark_app_selector IS NOT NULL GROUP BY ALL');
  assert.deepEqual(seed, [{ spark_app_name: 'taxi-trip', log_count: 3 }]);

  // nothing new → no new snapshot; appended bytes → a second snapshot; time travel to the first
  const again = ingest([t.docker, t.pods, '--warehouse', ice, '--table-format', 'iceberg']);
  assert.equal(again.totals.rows, 0);
  assert.equal(sql(ice, 'SELECT count(*) AS n FROM snapshots')[0]!.n, 1);
  const first = String(sql(ice, 'SELECT snapshot_id FROM snapshots')[0]!.snapshot_id);
  appendFileSync(t.dockerLog, JSON.stringify({ log: '{"level":30,"time":1772445600000,"msg":"appended"}\n', stream: 'stdout', time: '2026-03-02T10:00:00.000000000Z' }) + '\n');
  const more = ingest([t.docker, t.pods, '--warehouse', ice, '--table-format', 'iceberg']);
  assert.equal(more.totals.rows, 1);
  assert.equal(sql(ice, 'SELECT count(*) AS n FROM snapshots')[0]!.n, 2);
  const now = Number(sql(ice, 'SELECT count(*) AS n FROM logs')[0]!.n);
  const r = runCli(['query', '--warehouse', ice, '--snapshot', first, '--format', 'json', 'SELECT count(*) AS n FROM logs']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(Number((JSON.parse(r.stdout) as { n: number }).n), now - 1);
  const pruned = runCli(['query', '--warehouse', ice, '--service', 'kafka', '--format', 'json', 'SELECT count(DISTINCT service) AS s FROM logs']);
  assert.equal((JSON.parse(pruned.stdout) as { s: number }).s, 1);
  assert.equal((await verify(ice)).ok, true);
});

async function concurrentShards(catalogArgs: string[], wh: string, containers: string, n: number): Promise<RunSummary[]> {
  const procs = Array.from({ length: n }, (_, i) => startCli(['ingest', containers, '--warehouse', wh, '--table-format', 'iceberg', '--shard', `${i}/${n}`, '--commit-bytes', '300000', '--json', ...catalogArgs]));
  return Promise.all(procs.map((p) => new Promise<RunSummary>((resolve, reject) => {
    let out = '';
    let err = '';
    p.stdout!.on('data', (d: Buffer) => (out += d));
    p.stderr!.on('data', (d: Buffer) => (err += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as RunSummary) : reject(new Error(`shard failed (${code}): ${err}`))));
  })));
}

const totals = (wh: string, extra: string[] = []): Record<string, unknown> => {
  const r = runCli(['query', '--warehouse', wh, '--format', 'json', ...extra, 'SELECT count(*) AS rows, count(DISTINCT (source_path, source_offset)) AS positions, sum(hash(message) % 1000003) AS msum FROM logs']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

let pg: PostgresServer | undefined;
let pgSkip: string | undefined;
after(async () => {
  await pg?.stop();
});

for (const kind of ['sqlite', 'postgresql'] as const) {
  test(`${kind} catalog: 3 concurrent --shard writers land every row exactly once`, async (t) => {
    let catalogArgs: string[] = [];
    if (kind === 'postgresql') {
      if (!pg && !pgSkip) ({ server: pg, skipReason: pgSkip } = await startPostgresForTests());
      if (!pg) return t.skip(pgSkip);
      const db = `loglake_${Date.now()}`;
      const r = spawnSync(process.execPath, ['-e', `const pg=require('pg');const c=new pg.Client(${JSON.stringify(pg.connectionString)});c.connect().then(()=>c.query('CREATE DATABASE ${db}')).then(()=>c.end())`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      catalogArgs = ['--catalog', pg.connectionString.replace(/\/postgres$/, '/' + db)];
    }
    const inputs = makeInputs(9, 1500);
    const containers = join(inputs, 'containers');
    const ref = mkdtempSync(join(tmpdir(), 'loglake-ref-'));
    ingest([containers, '--warehouse', ref]);
    const wh = mkdtempSync(join(tmpdir(), 'loglake-shards-'));
    const summaries = await concurrentShards(catalogArgs, wh, containers, 3);
    const read = summaries.reduce((n, s) => n + s.files_read, 0);
    assert.equal(read, 9, 'each source read by exactly one shard');
    const retries = summaries.reduce((n, s) => n + s.commit_retries, 0);
    const commits = summaries.reduce((n, s) => n + s.commits, 0);
    process.stderr.write(`[${kind}] 3 shards: ${commits} commits, ${retries} retries after conflicts\n`);
    assert.deepEqual(totals(wh, catalogArgs), totals(ref));
    if (kind === 'sqlite') assert.equal((await verify(wh)).ok, true);
  });
}

test('two unsharded writers racing on the same inputs: no duplicate, and re-running completes', async () => {
  const inputs = makeInputs(6, 1500);
  const containers = join(inputs, 'containers');
  const ref = mkdtempSync(join(tmpdir(), 'loglake-ref-'));
  ingest([containers, '--warehouse', ref]);
  const wh = mkdtempSync(join(tmpdir(), 'loglake-race-'));
  const args = ['ingest', containers, '--warehouse', wh, '--table-format', 'iceberg', '--commit-bytes', '200000'];
  const codes = await Promise.all([startCli(args), startCli(args)].map((p) => new Promise<{ code: number | null; err: string }>((resolve) => {
    let err = '';
    p.stderr!.on('data', (d: Buffer) => (err += d));
    p.on('exit', (code) => resolve({ code, err }));
  })));
  for (const c of codes) if (c.code !== 0) assert.match(c.err, /another writer/, c.err);
  const finish = runCli(args);
  assert.equal(finish.status, 0, finish.stderr);
  assert.deepEqual(totals(wh), totals(ref));
});

test('maintain: compaction, expiry and orphan removal keep rows and offsets; the verifier still passes', async () => {
  const inputs = makeInputs(4, 1500);
  const containers = join(inputs, 'containers');
  const wh = mkdtempSync(join(tmpdir(), 'loglake-maint-'));
  const s = ingest([containers, '--warehouse', wh, '--table-format', 'iceberg', '--commit-bytes', '150000']);
  assert.ok(s.commits >= 3, `several commits (${s.commits})`);
  // the commits' offsets documents form a chain (deltas naming their base), which maintain must keep whole
  const metaDir = join(wh, 'iceberg/loglake.db/logs/metadata');
  const offsetDocs = readdirSync(metaDir).filter((f) => f.startsWith('loglake-offsets-')).map((f) => JSON.parse(readFileSync(join(metaDir, f), 'utf8')) as { base?: string });
  assert.ok(offsetDocs.some((d) => d.base !== undefined), 'some commit wrote only its changes');
  // a run killed between writing files and committing leaves orphans behind
  const killed = runCli(['ingest', join(makeInputs(1, 500), 'containers'), '--warehouse', wh, '--table-format', 'iceberg'], { env: { LOGLAKE_FAILPOINT: 'before-commit-0' } });
  assert.notEqual(killed.status, 0);
  const before = totals(wh);
  const filesBefore = Number(sql(wh, 'SELECT count(DISTINCT filename) AS n FROM read_parquet(\'' + wh + '/iceberg/loglake.db/logs/data/**/*.parquet\', filename = true)')[0]!.n);
  const m = runCli(['maintain', '--warehouse', wh, '--expire-older-than', '0s', '--retain-last', '1', '--orphans-older-than', '0s']);
  assert.equal(m.status, 0, m.stderr);
  assert.match(m.stdout, /compacted \d+ files/);
  assert.match(m.stdout, /expired [1-9]\d* snapshot/);
  assert.match(m.stdout, /removed [1-9]\d* orphan file/);
  assert.deepEqual(totals(wh), before);
  const filesAfter = Number(sql(wh, 'SELECT count(DISTINCT filename) AS n FROM read_parquet(\'' + wh + '/iceberg/loglake.db/logs/data/**/*.parquet\', filename = true)')[0]!.n);
  assert.ok(filesAfter < filesBefore, `fewer data files on disk: ${filesBefore} → ${filesAfter}`);
  const v = await verify(wh);
  assert.deepEqual(v.errors, []);
  // committed offsets survived: re-ingesting the same inputs writes nothing
  const again = ingest([containers, '--warehouse', wh, '--table-format', 'iceberg']);
  assert.equal(again.totals.rows, 0);
  assert.deepEqual(totals(wh), before);
});
