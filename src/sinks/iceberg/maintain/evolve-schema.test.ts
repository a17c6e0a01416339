/**
 * Schema evolution v1.1 end to end on a SQLite catalog: add `template_id` to a table with data,
 * append a file that has it, read everything back (old rows NULL), verify with python3-avro, and
 * check idempotence and the retry on a moved catalog pointer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { V1_0_COLUMNS as COLUMNS, V1_0_LAST_COLUMN_ID as LAST_COLUMN_ID } from '../../../schema/canonical.js';
import type { ColumnDef } from '../../../schema/canonical.js';
import { openSqliteCatalog } from '../catalog/sql/open-sql-catalog.js';
import type { SqlCatalog } from '../catalog/sql/sql-catalog.js';
import { fileUriToPath } from '../io/local-file-io.js';
import { isIcebergError } from '../spec/iceberg-error.js';
import { decodeManifest } from '../spec/manifest.js';
import { decodeManifestList } from '../spec/manifest-list.js';
import { currentSchema, currentSnapshot } from '../spec/table-metadata.js';
import { buildSampleTable, HOUR_10, micros } from '../testing/sample-table.js';
import type { SampleTable } from '../testing/sample-table.js';
import { writeCanonicalParquet } from '../testing/write-canonical-parquet.js';
import { appendFiles } from '../write/append-files.js';
import { dataFileLocation } from '../write/data-file-location.js';
import { listLiveDataFiles } from '../write/list-live-data-files.js';
import { parquetDataFiles } from '../write/parquet-data-file.js';
import { evolveSchema } from './evolve-schema.js';
import { interferingCatalog, verifyTable } from './testing/table-checks.js';

const TEMPLATE_ID: ColumnDef = { name: 'template_id', type: 'string', id: 49, since: '1.1', doc: 'Id of the mined log template.' };

let dir: string;
let catalog: SqlCatalog;
let sample: SampleTable;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglake-evolve-'));
  catalog = await openSqliteCatalog({ warehouse: dir });
  sample = await buildSampleTable(catalog);
});

after(async () => {
  await catalog?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('evolveSchema adds template_id as a new schema version with a field id above last-column-id', async () => {
  const before = await catalog.loadTable(sample.identifier);
  assert.equal(before.metadata['last-column-id'], LAST_COLUMN_ID);
  const r = await evolveSchema(catalog, sample.identifier, [TEMPLATE_ID]);
  assert.equal(r.committed, true);
  assert.equal(r.schemaId, 1);
  assert.deepEqual(r.added.map((f) => [f.name, f.id, f.required, f.type]), [['template_id', LAST_COLUMN_ID + 1, false, 'string']]);
  assert.deepEqual(r.fieldIds, { template_id: LAST_COLUMN_ID + 1 });
  const t = await catalog.loadTable(sample.identifier);
  assert.equal(t.metadata['current-schema-id'], 1);
  assert.equal(t.metadata['last-column-id'], LAST_COLUMN_ID + 1);
  assert.deepEqual(t.metadata.schemas.map((s) => s['schema-id']), [0, 1]);
  assert.deepEqual(currentSchema(t.metadata).fields.map((f) => f.name), [...COLUMNS.map((c) => c.name), 'template_id']);
  assert.equal(t.metadata.schemas[0]!.fields.length, COLUMNS.length, 'schema 0 is unchanged');
  assert.equal(t.metadata['current-snapshot-id'], before.metadata['current-snapshot-id'], 'no snapshot for a schema change');
  assert.equal(t.metadata['metadata-log'].at(-1)!['metadata-file'], before.metadataLocation);
  assert.match(t.metadataLocation, /\/00003-[0-9a-f-]{36}\.metadata\.json$/);
});

test('evolveSchema is idempotent: an existing column is a no-op, a type change is refused', async () => {
  const t0 = await catalog.loadTable(sample.identifier);
  const again = await evolveSchema(catalog, sample.identifier, [TEMPLATE_ID, COLUMNS[0]!]);
  assert.equal(again.committed, false);
  assert.deepEqual(again.added, []);
  assert.equal(again.fieldIds.template_id, LAST_COLUMN_ID + 1);
  assert.equal((await catalog.loadTable(sample.identifier)).metadataLocation, t0.metadataLocation);
  await assert.rejects(evolveSchema(catalog, sample.identifier, [{ ...TEMPLATE_ID, type: 'long' }]),
    (e: unknown) => isIcebergError(e, 'INVALID_ARGUMENT') && /exists as string/.test((e as Error).message));
});

test('a file with the new column appends; old rows read NULL, new rows carry the value', async () => {
  let t = await catalog.loadTable(sample.identifier);
  const schema = currentSchema(t.metadata);
  const id = schema.fields.find((f) => f.name === 'template_id')!.id;
  const cols: ColumnDef[] = [...COLUMNS, { ...TEMPLATE_ID, id }];
  const loc = dataFileLocation(t, { service: 'api', ts_hour: HOUR_10 }, 'evolved.parquet');
  await writeCanonicalParquet(fileUriToPath(loc), [
    { ts: micros('2024-01-01T10:40:00Z'), service: 'api', message: 'GET /a 200', source_offset: 900n, template_id: 'T1' },
    { ts: micros('2024-01-01T10:41:00Z'), service: 'api', message: 'GET /b 200', source_offset: 901n, template_id: 'T1' },
  ], cols);
  const files = await parquetDataFiles(t.metadata, [loc]);
  assert.ok(files[0]!.valueCounts!.has(id), 'metrics cover the new column');
  const r = await appendFiles(catalog, sample.identifier, files, { 'loglake.offsets': '{"file-a":902}' });
  t = r.table;
  const m = decodeManifest(await t.io.read(r.manifestPath!));
  assert.equal(m.metadata['schema-id'], '1');

  const live = await listLiveDataFiles(t);
  assert.equal(live.length, 5);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const list = live.map((f) => `'${fileUriToPath(f.filePath)}'`).join(', ');
    const rows = (await con.runAndReadAll(`SELECT template_id IS NULL AS old, count(*) AS n, min(template_id) AS v
      FROM read_parquet([${list}], union_by_name = true) GROUP BY ALL ORDER BY old`)).getRowObjectsJS();
    assert.deepEqual(rows.map((x) => [x.old, Number(x.n), x.v]), [[false, 2, 'T1'], [true, 8, null]]);
  } finally {
    con.closeSync();
    db.closeSync();
  }
});

test('the python3-avro verifier accepts the evolved table', async () => {
  const { status, report } = await verifyTable(catalog, sample.identifier, dir);
  assert.deepEqual(report.errors, []);
  assert.equal(status, 0);
  assert.equal(report.stats.snapshots, 3);
});

test('a commit that meets a moved pointer reloads, re-applies and keeps the concurrent snapshot', async () => {
  const other = await buildSampleTable(catalog, 'evolve_race');
  const racing = interferingCatalog(catalog, async () => {
    await appendFiles(catalog, other.identifier, [], { 'loglake.offsets': '{"race":1}' });
  });
  const retried: number[] = [];
  const cols: ColumnDef[] = [TEMPLATE_ID, { name: 'extra_attrs', type: 'map', id: 50, since: '1.1', doc: 'x' }];
  const r = await evolveSchema(racing, other.identifier, cols, { onRetry: (n) => retried.push(n), baseDelayMs: 1 });
  assert.equal(r.committed, true);
  assert.equal(r.retries, 1);
  assert.deepEqual(retried, [1]);
  assert.equal(racing.commits, 2);
  // one column id, then the map's key and value ids, all fresh
  assert.deepEqual(r.added.map((f) => f.id), [LAST_COLUMN_ID + 1, LAST_COLUMN_ID + 2]);
  assert.deepEqual(r.added[1]!.type, { type: 'map', 'key-id': LAST_COLUMN_ID + 3, key: 'string', 'value-id': LAST_COLUMN_ID + 4, 'value-required': false, value: 'string' });
  const t = await catalog.loadTable(other.identifier);
  assert.equal(t.metadata['last-column-id'], LAST_COLUMN_ID + 4);
  assert.equal(currentSnapshot(t.metadata)!.summary['loglake.offsets'], '{"race":1}', 'the concurrent append survived');
  assert.equal(decodeManifestList(await t.io.read(currentSnapshot(t.metadata)!['manifest-list'])).manifests.length, 2);
});
