/**
 * End to end on a SQLite catalog in a temp warehouse: two appends of real Parquet files, read back
 * with DuckDB over the listed live files, time travel, committed properties, pruning, metrics.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { openSqliteCatalog } from '../catalog/sql/open-sql-catalog.js';
import type { SqlCatalog } from '../catalog/sql/sql-catalog.js';
import { fileUriToPath } from '../io/local-file-io.js';
import { decodeBound } from '../spec/bounds.js';
import { isIcebergError } from '../spec/iceberg-error.js';
import { decodeManifest } from '../spec/manifest.js';
import { decodeManifestList } from '../spec/manifest-list.js';
import { snapshotAncestry } from '../spec/table-metadata.js';
import { buildSampleTable, HOUR_10, micros, SAMPLE_APPENDS, SAMPLE_OFFSETS } from '../testing/sample-table.js';
import type { SampleTable } from '../testing/sample-table.js';
import { writeCanonicalParquet } from '../testing/write-canonical-parquet.js';
import { appendFiles } from './append-files.js';
import { listLiveDataFiles } from './list-live-data-files.js';
import { parquetDataFiles } from './parquet-data-file.js';
import { readCommittedProperty } from './read-committed-property.js';

let dir: string;
let catalog: SqlCatalog;
let sample: SampleTable;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    await conn.run("SET TimeZone='UTC'");
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

const fileList = (uris: readonly string[]): string => `[${uris.map((u) => `'${fileUriToPath(u)}'`).join(', ')}]`;
const rowsIn = (i: number): number => SAMPLE_APPENDS[i]!.reduce((a, f) => a + f.rows.length, 0);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglake-iceberg-e2e-'));
  catalog = await openSqliteCatalog({ warehouse: dir });
  sample = await buildSampleTable(catalog);
});

after(async () => {
  await catalog?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('two appends produce two snapshots with sequence numbers 1 and 2 and carried manifests', async () => {
  const t = await catalog.loadTable(sample.identifier);
  const chain = snapshotAncestry(t.metadata);
  assert.deepEqual(chain.map((s) => s['sequence-number']), [2n, 1n]);
  assert.equal(chain[0]!['snapshot-id'], sample.appends[1]!.snapshotId);
  assert.equal(t.metadata['current-snapshot-id'], sample.appends[1]!.snapshotId);
  assert.match(t.metadataLocation, /\/metadata\/00002-[0-9a-f-]{36}\.metadata\.json$/);
  assert.equal(t.metadata['metadata-log'].length, 2);
  const list = decodeManifestList(await t.io.read(chain[0]!['manifest-list']));
  assert.equal(list.manifests.length, 2);
  assert.deepEqual(list.manifests.map((m) => m.sequenceNumber), [2n, 1n]);
  assert.equal(list.manifests[1]!.manifestPath, sample.appends[0]!.manifestPath);
  const summary = chain[0]!.summary;
  assert.equal(summary['total-records'], String(rowsIn(0) + rowsIn(1)));
  assert.equal(summary['total-data-files'], '4');
  assert.equal(summary['added-data-files'], '2');
  assert.ok(Object.values(summary).every((v) => typeof v === 'string'));
  assert.equal(sample.appends[0]!.retries, 0);
});

test('DuckDB over the live files returns every row of both appends', async () => {
  const t = await catalog.loadTable(sample.identifier);
  const live = await listLiveDataFiles(t);
  assert.equal(live.length, 4);
  assert.deepEqual(live.map((f) => f.sequenceNumber).sort(), [1n, 1n, 2n, 2n]);
  const [r] = await query(`SELECT count(*) AS n, sum(source_offset) AS s, count(DISTINCT service) AS svc,
      max(spark_task_id) AS big, count(*) FILTER (WHERE isnan(pg_duration_ms)) AS nans FROM read_parquet(${fileList(live.map((f) => f.filePath))})`);
  assert.equal(Number(r!.n), rowsIn(0) + rowsIn(1));
  assert.equal(r!.s, 0n + 120n + 250n + 7n + 8n + 300n + 400n + 500n);
  assert.equal(Number(r!.svc), 2);
  assert.equal(r!.big, (1n << 62n) + 7n);
  assert.equal(Number(r!.nans), 1);
  const [w] = await query(`SELECT message FROM read_parquet(${fileList(live.map((f) => f.filePath))}) WHERE service = 'worker' ORDER BY ts LIMIT 1`);
  assert.equal(w!.message, 'pre-epoch');
});

test('time travel to the first snapshot sees the first append only', async () => {
  const t = await catalog.loadTable(sample.identifier);
  const first = await listLiveDataFiles(t, { snapshotId: sample.appends[0]!.snapshotId });
  assert.deepEqual(first.map((f) => f.filePath).sort(), [...sample.paths[0]!].sort());
  const [r] = await query(`SELECT count(*) AS n FROM read_parquet(${fileList(first.map((f) => f.filePath))})`);
  assert.equal(Number(r!.n), rowsIn(0));
  const asOf = await listLiveDataFiles(t, { asOfTimestampMs: t.metadata['snapshot-log'][0]!['timestamp-ms'] });
  assert.ok(asOf.length === 2 || asOf.length === 4); // both snapshots may share a millisecond
  await assert.rejects(listLiveDataFiles(t, { snapshotId: 42n }), (e: unknown) => isIcebergError(e, 'NO_SUCH_SNAPSHOT'));
});

test('readCommittedProperty walks the ancestry for the latest value', async () => {
  const t = await catalog.loadTable(sample.identifier);
  assert.equal(readCommittedProperty(t, 'loglake.offsets'), SAMPLE_OFFSETS[1]);
  assert.equal(readCommittedProperty(t, 'loglake.offsets', { snapshotId: sample.appends[0]!.snapshotId }), SAMPLE_OFFSETS[0]);
  assert.equal(readCommittedProperty(t, 'no.such.key'), undefined);
  // A snapshot without the key (e.g. written by another engine) is skipped over.
  const r = await appendFiles(catalog, sample.identifier, [], {});
  const t2 = await catalog.loadTable(sample.identifier);
  assert.equal(t2.metadata['current-snapshot-id'], r.snapshotId);
  assert.equal(readCommittedProperty(t2, 'loglake.offsets'), SAMPLE_OFFSETS[1]);
  assert.equal((await listLiveDataFiles(t2)).length, 4);
});

test('partition pruning by service and by event time', async () => {
  const t = await catalog.loadTable(sample.identifier);
  const worker = await listLiveDataFiles(t, { services: ['worker'] });
  assert.deepEqual(worker.map((f) => f.partition), [{ service: 'worker', ts_hour: -1 }]);
  const nullSvc = await listLiveDataFiles(t, { services: [null] });
  assert.deepEqual(nullSvc.map((f) => f.partition), [{ service: null, ts_hour: HOUR_10 }]);
  const hour11 = await listLiveDataFiles(t, { fromMicros: micros('2024-01-01T11:00:00Z'), toMicros: micros('2024-01-01T12:00:00Z') });
  assert.deepEqual(hour11.map((f) => f.partition), [{ service: 'api', ts_hour: HOUR_10 + 1 }]);
  const api10 = await listLiveDataFiles(t, { services: ['api'], fromMicros: micros('2024-01-01T10:30:00Z'), toMicros: micros('2024-01-01T11:00:00Z') });
  assert.deepEqual(api10.map((f) => f.partition), [{ service: 'api', ts_hour: HOUR_10 }]);
  assert.equal((await listLiveDataFiles(t, { services: ['nope'] })).length, 0);
});

test('metrics come from the file: counts, NaN-free bounds, -0.0 lower bound, truncated strings', async () => {
  const t = await catalog.loadTable(sample.identifier);
  const m = decodeManifest(await t.io.read(sample.appends[0]!.manifestPath!));
  const api = m.entries.find((e) => e.dataFile.partition.service === 'api')!.dataFile;
  assert.equal(api.recordCount, 3n);
  assert.equal(api.valueCounts!.get(31), 3n);
  assert.equal(api.nanValueCounts!.get(31), 1n);
  assert.equal(api.nullValueCounts!.get(13), 1n); // severity null once
  assert.ok(Object.is(decodeBound('double', api.lowerBounds!.get(31)!), -0));
  assert.equal(decodeBound('double', api.upperBounds!.get(31)!), 1.5);
  assert.equal(decodeBound('timestamptz', api.lowerBounds!.get(1)!), micros('2024-01-01T10:05:00Z'));
  assert.equal(decodeBound('timestamptz', api.upperBounds!.get(1)!), micros('2024-01-01T10:59:59.999999Z'));
  assert.equal(decodeBound('string', api.lowerBounds!.get(17)!), 'GET /health 200');
  assert.equal(decodeBound('string', api.upperBounds!.get(17)!), 'zzz last');
  assert.equal(decodeBound('string', api.lowerBounds!.get(3)!), 'api');
  assert.ok(api.columnSizes!.get(1001)! > 0n, 'map key column size is keyed by the key field id');
  assert.ok(!api.valueCounts!.has(42), 'no value count for the map column itself');
  const worker = m.entries.find((e) => e.dataFile.partition.service === 'worker')!.dataFile;
  assert.equal(decodeBound('long', worker.upperBounds!.get(38)!), (1n << 62n) + 7n);
  assert.equal(m.metadata['partition-spec'], JSON.stringify([
    { 'source-id': 3, 'field-id': 1000, name: 'service', transform: 'identity' },
    { 'source-id': 1, 'field-id': 1001, name: 'ts_hour', transform: 'hour' },
  ]));
  const long = m.entries.find((e) => e.dataFile.partition.service === 'api')!.dataFile;
  assert.ok(long.upperBounds!.get(17)!.length <= 16 * 4);
});

test('data files spanning two partitions, with wrong types or without field ids are rejected', async () => {
  const t = await catalog.loadTable(sample.identifier);
  const two = join(dir, 'bad', 'two-hours.parquet');
  await writeCanonicalParquet(two, [
    { ts: micros('2024-01-01T10:59:00Z'), service: 'api' },
    { ts: micros('2024-01-01T11:01:00Z'), service: 'api' },
  ]);
  await assert.rejects(parquetDataFiles(t.metadata, [two]), (e: unknown) => isIcebergError(e, 'INVALID_DATA_FILE') && /more than one partition/.test((e as Error).message));
  const mixed = join(dir, 'bad', 'mixed-null.parquet');
  await writeCanonicalParquet(mixed, [{ ts: micros('2024-01-01T10:00:00Z'), service: 'api' }, { ts: micros('2024-01-01T10:01:00Z'), service: null }]);
  await assert.rejects(parquetDataFiles(t.metadata, [mixed]), /mixes null/);

  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const decimal = join(dir, 'bad', 'decimal.parquet');
  const noIds = join(dir, 'bad', 'no-ids.parquet');
  await conn.run(`COPY (SELECT make_timestamptz(0::BIGINT) AS ts, 'api' AS service, 12.5 AS pg_duration_ms)
    TO '${decimal}' (FORMAT parquet, FIELD_IDS {ts: 1, service: 3, pg_duration_ms: 31})`);
  await conn.run(`COPY (SELECT make_timestamptz(0::BIGINT) AS ts, 'api' AS service) TO '${noIds}' (FORMAT parquet)`);
  conn.closeSync();
  inst.closeSync();
  await assert.rejects(parquetDataFiles(t.metadata, [decimal]), /does not match Iceberg double/);
  await assert.rejects(parquetDataFiles(t.metadata, [noIds]), /no Parquet field_id/);
});

test('appendFiles validates descriptors before writing anything', async () => {
  const t = await catalog.loadTable(sample.identifier);
  const [f] = await parquetDataFiles(t.metadata, [sample.paths[0]![0]!]);
  await assert.rejects(appendFiles(catalog, sample.identifier, [f!, f!]), /listed twice/);
  await assert.rejects(appendFiles(catalog, sample.identifier, [{ ...f!, partition: { service: 'api' } }]), /lacks ts_hour/);
  await assert.rejects(appendFiles(catalog, sample.identifier, [{ ...f!, filePath: '/no/scheme.parquet' }]), /scheme/);
  await assert.rejects(appendFiles(catalog, { namespace: ['logs'], name: 'missing' }, [f!]), (e: unknown) => isIcebergError(e, 'NO_SUCH_TABLE'));
  await assert.rejects(appendFiles(catalog, sample.identifier, [f!], { operation: 'delete' }), /collides/);
  const after = await catalog.loadTable(sample.identifier);
  assert.equal(after.metadataLocation, t.metadataLocation);
});
