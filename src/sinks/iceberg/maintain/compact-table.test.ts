/**
 * compactTable on a SQLite catalog: small files of one partition become one, rows identical, a
 * correct `replace` snapshot (DELETED entries with explicit sequence numbers, summary, carried
 * `loglake.` keys), verified by python3-avro; concurrent appends are kept on retry; a concurrent
 * rewrite of the same files aborts cleanly; files written before a schema evolution get NULLs.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { V1_0_COLUMNS as COLUMNS } from '../../../schema/canonical.js';
import type { ColumnDef } from '../../../schema/canonical.js';
import { openSqliteCatalog } from '../catalog/sql/open-sql-catalog.js';
import type { SqlCatalog } from '../catalog/sql/sql-catalog.js';
import type { TableIdentifier } from '../catalog/catalog.js';
import { fileUriToPath } from '../io/local-file-io.js';
import { isIcebergError } from '../spec/iceberg-error.js';
import { decodeManifest, ENTRY_STATUS } from '../spec/manifest.js';
import { decodeManifestList } from '../spec/manifest-list.js';
import type { PartitionTuple } from '../spec/partition-spec.js';
import { currentSchema, currentSnapshot } from '../spec/table-metadata.js';
import { buildSampleTable, HOUR_10, micros, SAMPLE_OFFSETS } from '../testing/sample-table.js';
import type { SampleTable } from '../testing/sample-table.js';
import { writeCanonicalParquet } from '../testing/write-canonical-parquet.js';
import type { CanonicalRow } from '../testing/write-canonical-parquet.js';
import { appendFiles } from '../write/append-files.js';
import { dataFileLocation } from '../write/data-file-location.js';
import { listLiveDataFiles } from '../write/list-live-data-files.js';
import { parquetDataFiles } from '../write/parquet-data-file.js';
import { readCommittedProperty } from '../write/read-committed-property.js';
import { compactTable } from './compact-table.js';
import { evolveSchema } from './evolve-schema.js';
import { interferingCatalog, tableRows, verifyTable } from './testing/table-checks.js';

let dir: string;
let catalog: SqlCatalog;

const API10: PartitionTuple = { service: 'api', ts_hour: HOUR_10 };

async function appendRows(id: TableIdentifier, name: string, partition: PartitionTuple, rows: readonly CanonicalRow[], props: Record<string, string>, columns?: readonly ColumnDef[]) {
  const t = await catalog.loadTable(id);
  const loc = dataFileLocation(t, partition, name);
  await writeCanonicalParquet(fileUriToPath(loc), rows, columns);
  return appendFiles(catalog, id, await parquetDataFiles(t.metadata, [loc]), props);
}

/** The sample table plus two more small api/10:00 files: that partition then has 3 files. */
async function tableWithSmallFiles(name: string): Promise<SampleTable> {
  const s = await buildSampleTable(catalog, name);
  await appendRows(s.identifier, 'small-1.parquet', API10, [
    { ts: micros('2024-01-01T10:30:00Z'), service: 'api', message: 'small one', source_offset: 600n, pg_duration_ms: Number.NaN, labels: { k: 'v' } },
  ], { 'loglake.offsets': '{"file-a":601}' });
  await appendRows(s.identifier, 'small-2.parquet', API10, [
    { ts: micros('2024-01-01T10:31:00Z'), service: 'api', message: 'small two', source_offset: 700n },
    { ts: micros('2024-01-01T10:32:00Z'), service: 'api', message: 'small two b', source_offset: 701n, pg_duration_ms: -0 },
  ], { 'loglake.offsets': '{"file-a":702}', 'loglake.run': 'run-9' });
  return s;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglake-compact-'));
  catalog = await openSqliteCatalog({ warehouse: dir });
});

after(async () => {
  await catalog?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('compaction rewrites the three small api/10:00 files into one, rows identical, as a replace snapshot', async () => {
  const s = await tableWithSmallFiles('events');
  const before = await catalog.loadTable(s.identifier);
  const rowsBefore = await tableRows(catalog, s.identifier);
  assert.equal(rowsBefore.files, 6);
  const parent = currentSnapshot(before.metadata)!;

  const r = await compactTable(catalog, s.identifier, { minFiles: 2 });
  assert.equal(r.committed, true);
  assert.equal(r.groups.length, 1);
  assert.deepEqual(r.groups[0]!.partition, API10);
  assert.equal(r.groups[0]!.removed.length, 3);
  assert.equal(r.groups[0]!.records, 6n);

  const rowsAfter = await tableRows(catalog, s.identifier);
  assert.equal(rowsAfter.files, 4);
  assert.deepEqual(rowsAfter.rows, rowsBefore.rows);

  const t = await catalog.loadTable(s.identifier);
  const snap = currentSnapshot(t.metadata)!;
  assert.equal(snap['snapshot-id'], r.snapshotId);
  assert.equal(snap['parent-snapshot-id'], parent['snapshot-id']);
  assert.equal(snap['sequence-number'], parent['sequence-number'] + 1n);
  const sum = snap.summary;
  assert.equal(sum.operation, 'replace');
  assert.equal(sum['added-data-files'], '1');
  assert.equal(sum['deleted-data-files'], '3');
  assert.equal(sum['added-records'], '6');
  assert.equal(sum['deleted-records'], '6');
  assert.equal(sum['total-records'], parent.summary['total-records']);
  assert.equal(sum['total-data-files'], '4');
  assert.equal(sum['changed-partition-count'], '1');
  assert.equal(sum['loglake.offsets'], '{"file-a":702}');
  assert.equal(sum['loglake.run'], 'run-9');
  assert.equal(readCommittedProperty(t, 'loglake.offsets'), readCommittedProperty(before, 'loglake.offsets'));

  // Manifests: new ADDED manifest first; manifests that held the old files rewritten with DELETED
  // entries that keep their original sequence numbers; untouched manifests carried as they were.
  const list = decodeManifestList(await t.io.read(snap['manifest-list'])).manifests;
  const parentList = decodeManifestList(await t.io.read(parent['manifest-list'])).manifests;
  assert.equal(list[0]!.addedFilesCount, 1);
  assert.equal(list[0]!.addedSnapshotId, r.snapshotId);
  const oldSeq = new Map<string, bigint>();
  for (const mf of parentList) for (const e of decodeManifest(await t.io.read(mf.manifestPath)).entries) oldSeq.set(e.dataFile.filePath, e.sequenceNumber ?? mf.sequenceNumber);
  let deleted = 0;
  let existing = 0;
  for (const mf of list.slice(1)) {
    const m = decodeManifest(await t.io.read(mf.manifestPath));
    if (mf.addedSnapshotId !== r.snapshotId) {
      assert.ok(parentList.some((p) => p.manifestPath === mf.manifestPath), 'untouched manifests are carried over');
      continue;
    }
    assert.equal(mf.sequenceNumber, snap['sequence-number']);
    for (const e of m.entries) {
      assert.notEqual(e.status, ENTRY_STATUS.ADDED);
      assert.equal(e.sequenceNumber, oldSeq.get(e.dataFile.filePath), 'explicit, original data sequence number');
      assert.notEqual(e.fileSequenceNumber, null);
      if (e.status === ENTRY_STATUS.DELETED) {
        deleted++;
        assert.equal(e.snapshotId, r.snapshotId);
        assert.ok(r.groups[0]!.removed.includes(e.dataFile.filePath));
      } else existing++;
    }
  }
  assert.equal(deleted, 3);
  assert.equal(existing, 1, 'the worker file shares the first manifest with a rewritten file: EXISTING');
  for (const p of r.groups[0]!.removed) assert.ok(existsSync(fileUriToPath(p)), 'old files stay for older snapshots');

  // Time travel to the parent still sees the six old files.
  assert.equal((await tableRows(catalog, s.identifier, parent['snapshot-id'])).files, 6);

  const { status, report } = await verifyTable(catalog, s.identifier, dir);
  assert.deepEqual(report.errors, []);
  assert.equal(status, 0);

  // Nothing left to do: no partition has two small files any more.
  const again = await compactTable(catalog, s.identifier, { minFiles: 2 });
  assert.equal(again.committed, false);
  assert.equal((await catalog.loadTable(s.identifier)).metadataLocation, t.metadataLocation);
});

test('files at or above targetFileBytes are left alone; bins stay under it; minFiles raises the bar', async () => {
  const s = await tableWithSmallFiles('sized');
  const noise = (i: number): string => randomBytes(64).toString('hex') + i;
  await appendRows(s.identifier, 'big.parquet', API10, Array.from({ length: 600 }, (_, i) => ({
    ts: micros('2024-01-01T10:50:00Z') + BigInt(i), service: 'api', message: noise(i), source_offset: 10_000n + BigInt(i),
  })), { 'loglake.offsets': '{"file-a":10600}' });
  const t = await catalog.loadTable(s.identifier);
  const api10 = (await listLiveDataFiles(t, { services: ['api'] })).filter((f) => f.partition.ts_hour === HOUR_10);
  const sizes = api10.map((f) => Number(f.fileSizeInBytes)).sort((a, b) => a - b);
  assert.equal(sizes.length, 4);
  assert.ok(sizes[0]! + sizes[1]! + sizes[2]! < sizes[3]!, `the big file dominates: ${sizes.join(',')}`);
  assert.equal((await compactTable(catalog, s.identifier, { minFiles: 5, targetFileBytes: sizes[3]! + sizes[2]! * 3 })).committed, false);
  assert.equal((await compactTable(catalog, s.identifier, { targetFileBytes: sizes[0]! })).committed, false, 'no file is below the target');
  const r = await compactTable(catalog, s.identifier, { targetFileBytes: sizes[3]! });
  assert.equal(r.committed, true);
  assert.equal(r.groups.length, 1);
  assert.equal(r.groups[0]!.removed.length, 3, 'the big file is not small');
  assert.ok(!r.groups[0]!.removed.some((p) => p.endsWith('/big.parquet')));
  const { report } = await verifyTable(catalog, s.identifier, dir);
  assert.deepEqual(report.errors, []);
});

test('a concurrent append during the commit is kept: the replace is rebuilt on the new base', async () => {
  const s = await tableWithSmallFiles('raced');
  const rowsBefore = await tableRows(catalog, s.identifier);
  const racing = interferingCatalog(catalog, async () => {
    await appendRows(s.identifier, 'late.parquet', { service: 'worker', ts_hour: -1 }, [{ ts: micros('1969-12-31T23:59:00Z'), service: 'worker', message: 'late', source_offset: 9000n }], { 'loglake.offsets': '{"file-b":9001}' });
  });
  const r = await compactTable(racing, s.identifier, { baseDelayMs: 1 });
  assert.equal(r.committed, true);
  assert.equal(r.retries, 1);
  const t = await catalog.loadTable(s.identifier);
  const snap = currentSnapshot(t.metadata)!;
  assert.equal(snap.summary.operation, 'replace');
  assert.equal(snap.summary['loglake.offsets'], '{"file-b":9001}', 'carried from the concurrent append, the new base');
  const after = await tableRows(catalog, s.identifier);
  assert.equal(after.files, 5);
  assert.equal(after.rows.length, rowsBefore.rows.length + 1);
  assert.ok(after.rows.some((x) => x.startsWith('9000|late|')));
  const { report } = await verifyTable(catalog, s.identifier, dir);
  assert.deepEqual(report.errors, []);
});

test('a concurrent rewrite of the same files aborts: nothing committed, the new file removed', async () => {
  const s = await tableWithSmallFiles('contested');
  let theirs: string | undefined;
  const racing = interferingCatalog(catalog, async () => {
    const other = await compactTable(catalog, s.identifier);
    theirs = other.groups[0]!.added;
  });
  const dataDir = fileUriToPath(`${(await catalog.loadTable(s.identifier)).metadata.location}/data`);
  await assert.rejects(compactTable(racing, s.identifier, { baseDelayMs: 1 }),
    (e: unknown) => isIcebergError(e, 'COMMIT_CONFLICT') && !(e as { retryable: boolean }).retryable && /no longer live/.test((e as Error).message));
  const t = await catalog.loadTable(s.identifier);
  assert.equal(t.metadata.snapshots.filter((x) => x.summary.operation === 'replace').length, 1, 'only the winner committed');
  const live = (await listLiveDataFiles(t)).map((f) => f.filePath);
  assert.ok(theirs && live.includes(theirs));
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const files = (await con.runAndReadAll(`SELECT file FROM glob('${dataDir}/**/compacted-*.parquet')`)).getRowObjectsJS().map((x) => String(x.file));
    assert.deepEqual(files, [fileUriToPath(theirs!)], 'only the winner\'s compacted file exists');
  } finally {
    con.closeSync();
    db.closeSync();
  }
  const { report } = await verifyTable(catalog, s.identifier, dir);
  assert.deepEqual(report.errors, []);
});

test('files written before and after a schema evolution compact into one file of the new schema', async () => {
  const s = await tableWithSmallFiles('evolved');
  const evo = await evolveSchema(catalog, s.identifier, [{ name: 'template_id', type: 'string', id: 49, since: '1.1', doc: 't' }]);
  const cols: ColumnDef[] = [...COLUMNS, { name: 'template_id', type: 'string', id: evo.fieldIds.template_id!, since: '1.1', doc: 't' }];
  await appendRows(s.identifier, 'with-template.parquet', API10, [{ ts: micros('2024-01-01T10:45:00Z'), service: 'api', message: 'templated', source_offset: 800n, template_id: 'T9' }], { 'loglake.offsets': '{"file-a":801}' }, cols);
  const r = await compactTable(catalog, s.identifier);
  assert.equal(r.groups[0]!.removed.length, 4);
  const t = await catalog.loadTable(s.identifier);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const path = fileUriToPath(r.groups[0]!.added);
    const got = (await con.runAndReadAll(`SELECT count(*) AS n, count(template_id) AS t, max(template_id) AS v FROM read_parquet('${path}')`)).getRowObjectsJS()[0]!;
    assert.deepEqual([Number(got.n), Number(got.t), got.v], [7, 1, 'T9']);
    const ids = (await con.runAndReadAll(`SELECT name, field_id FROM parquet_schema('${path}') WHERE name = 'template_id'`)).getRowObjectsJS();
    assert.equal(Number(ids[0]!.field_id), currentSchema(t.metadata).fields.at(-1)!.id);
  } finally {
    con.closeSync();
    db.closeSync();
  }
  assert.equal(readCommittedProperty(t, 'loglake.offsets'), '{"file-a":801}');
  assert.notEqual(readCommittedProperty(t, 'loglake.offsets'), SAMPLE_OFFSETS[1]);
  const { report } = await verifyTable(catalog, s.identifier, dir);
  assert.deepEqual(report.errors, []);
});
