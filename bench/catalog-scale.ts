/**
 * Catalog scale: commits per second and retries versus the number of concurrent writer processes
 * (1, 2, 4, 8, 16) appending to ONE table through the loopback REST catalog
 * (test/helpers/rest-catalog-server.ts: spec-validated, real compare-and-swap, metadata JSON written
 * to a local warehouse). Each writer is its own process running the production append path
 * (RestCatalog + appendFiles: one manifest per commit, manifest list carried over, 409 → reload,
 * rebuild, retry with jittered backoff). Data files are not read: every commit adds one DataFile
 * descriptor (metrics of a real Parquet file) under a fresh path, so the metadata grows as in
 * production. The same ladder runs against the SQLite catalog as the baseline of the same run.
 *
 *   node dist/bench/catalog-scale.js [--commits 12] [--writers 1,2,4,8,16] [--catalogs rest,sqlite]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { startRestCatalogServer } from '../test/helpers/rest-catalog-server.js';
import { RestCatalog } from '../src/sinks/iceberg/catalog/rest/rest-catalog.js';
import { openSqliteCatalog } from '../src/sinks/iceberg/catalog/sql/open-sql-catalog.js';
import type { Catalog } from '../src/sinks/iceberg/catalog/catalog.js';
import { pathToFileUri } from '../src/sinks/iceberg/io/local-file-io.js';
import { canonicalIcebergSchema } from '../src/sinks/iceberg/spec/canonical-schema.js';
import { loglakePartitionSpec } from '../src/sinks/iceberg/spec/partition-spec.js';
import { HOUR_10, micros } from '../src/sinks/iceberg/testing/sample-table.js';
import { writeCanonicalParquet } from '../src/sinks/iceberg/testing/write-canonical-parquet.js';
import { appendFiles } from '../src/sinks/iceberg/write/append-files.js';
import { dataFileLocation } from '../src/sinks/iceberg/write/data-file-location.js';
import { parquetDataFiles } from '../src/sinks/iceberg/write/parquet-data-file.js';

const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    mode: { type: 'string' }, catalog: { type: 'string' }, table: { type: 'string' }, commits: { type: 'string' }, writer: { type: 'string' },
    writers: { type: 'string' }, catalogs: { type: 'string' }, dir: { type: 'string' },
  },
});

interface WriterResult { commits: number; retries: number; maxRetries: number; ms: number }

async function open(spec: string, dir: string): Promise<Catalog> {
  return spec.startsWith('http') ? RestCatalog.open({ uri: spec, retryBaseDelayMs: 20 }) : openSqliteCatalog({ warehouse: dir });
}

/** One writer process: open, wait for "go" on stdin, commit `commits` times, print the result. */
async function writer(): Promise<void> {
  const dir = String(values.dir);
  const catalog = await open(String(values.catalog), dir);
  const id = { namespace: ['bench'], name: String(values.table) };
  const t = await catalog.loadTable(id);
  const local = join(dir, `w${String(values.writer)}-${process.pid}.parquet`);
  await writeCanonicalParquet(local, Array.from({ length: 100 }, (_, i) => ({ ts: micros('2024-01-01T10:00:00Z') + BigInt(i), service: 'api', message: `m${i}`, source_offset: BigInt(i) })));
  const [df] = await parquetDataFiles(t.metadata, [local]);
  process.stdout.write('ready\n');
  const rl = createInterface({ input: process.stdin });
  await new Promise<void>((r) => rl.once('line', () => r()));
  rl.close();
  const n = Number(values.commits);
  let retries = 0;
  let maxRetries = 0;
  const t0 = performance.now();
  for (let c = 0; c < n; c++) {
    const path = dataFileLocation(t, { service: 'api', ts_hour: HOUR_10 }, `w${String(values.writer)}-${c}.parquet`);
    const r = await appendFiles(catalog, id, [{ ...df!, filePath: path }], { 'loglake.bench': `${String(values.writer)}-${c}` },
      { maxAttempts: 10_000, baseDelayMs: 20, maxDelayMs: 2000, timeBudgetMs: 600_000 });
    retries += r.retries;
    maxRetries = Math.max(maxRetries, r.retries);
  }
  const result: WriterResult = { commits: n, retries, maxRetries, ms: performance.now() - t0 };
  process.stdout.write(JSON.stringify(result) + '\n');
  await catalog.close();
}

async function ladderStep(catalogSpec: string, dir: string, table: string, writers: number, commits: number): Promise<{ wallMs: number; results: WriterResult[] }> {
  const procs = Array.from({ length: writers }, (_, w) => spawn(process.execPath, [self, '--mode', 'writer', '--catalog', catalogSpec, '--dir', dir, '--table', table, '--commits', String(commits), '--writer', String(w)], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const lines = procs.map((p) => createInterface({ input: p.stdout! }));
  await Promise.all(lines.map((l) => new Promise<void>((r) => l.once('line', () => r()))));
  const t0 = performance.now();
  const done = lines.map((l) => new Promise<WriterResult>((r) => l.once('line', (x) => r(JSON.parse(x) as WriterResult))));
  for (const p of procs) p.stdin!.end('go\n');
  const results = await Promise.all(done);
  const wallMs = performance.now() - t0;
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
  return { wallMs, results };
}

async function main(): Promise<void> {
  const commits = Number(values.commits ?? 12);
  const ladder = String(values.writers ?? '1,2,4,8,16').split(',').map(Number);
  const kinds = String(values.catalogs ?? 'rest,sqlite').split(',');
  const dir = mkdtempSync(join(tmpdir(), 'loglake-catalog-scale-'));
  const schema = canonicalIcebergSchema();
  const rows: string[] = [];
  try {
    for (const kind of kinds) {
      const server = kind === 'rest' ? await startRestCatalogServer({ warehouseLocation: pathToFileUri(join(dir, 'rest')) }) : undefined;
      const spec = server ? server.uri : `sqlite:${join(dir, 'sqlite')}`;
      const wdir = server ? join(dir, 'rest') : join(dir, 'sqlite');
      const admin = await open(spec, wdir);
      await admin.createNamespace(['bench']);
      for (const n of ladder) {
        const table = `t${n}`;
        await admin.createTable({ namespace: ['bench'], name: table }, { schema, partitionSpec: loglakePartitionSpec(schema), location: `${pathToFileUri(wdir)}/bench/${table}` });
        const { wallMs, results } = await ladderStep(spec, wdir, table, n, commits);
        const total = results.reduce((a, r) => a + r.commits, 0);
        const retries = results.reduce((a, r) => a + r.retries, 0);
        const maxRetries = Math.max(...results.map((r) => r.maxRetries));
        const perSec = total / (wallMs / 1000);
        const attempts = total + retries;
        rows.push(`| ${kind} | ${n} | ${total} | ${(wallMs / 1000).toFixed(1)} | ${perSec.toFixed(1)} | ${(retries / total).toFixed(2)} | ${maxRetries} | ${((retries / attempts) * 100).toFixed(0)} % |`);
        process.stderr.write(`${kind} writers=${n}: ${total} commits in ${(wallMs / 1000).toFixed(1)} s = ${perSec.toFixed(1)}/s, retries ${retries} (max ${maxRetries} for one commit)\n`);
      }
      await admin.close();
      await server?.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\n| catalog | writers | commits | wall s | commits/s | retries per commit | max retries of one commit | attempts refused (409) |\n|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`);
}

if (values.mode === 'writer') await writer();
else await main();
