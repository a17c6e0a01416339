/**
 * openIcebergLake over tables built with the Iceberg testing helpers on a SQLite catalog: row counts,
 * manifest pruning (fewer files scanned), DuckDB hive pruning, time travel by id and by time, the
 * snapshots and spark_logs views, an evolved schema, and an empty table.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { V1_0_COLUMNS as COLUMNS } from '../../schema/canonical.js';
import type { ColumnDef } from '../../schema/canonical.js';
import { openSqliteCatalog } from '../../sinks/iceberg/catalog/sql/open-sql-catalog.js';
import type { SqlCatalog } from '../../sinks/iceberg/catalog/sql/sql-catalog.js';
import type { TableIdentifier } from '../../sinks/iceberg/catalog/catalog.js';
import { fileUriToPath } from '../../sinks/iceberg/io/local-file-io.js';
import { evolveSchema } from '../../sinks/iceberg/maintain/evolve-schema.js';
import { canonicalIcebergSchema } from '../../sinks/iceberg/spec/canonical-schema.js';
import { isIcebergError } from '../../sinks/iceberg/spec/iceberg-error.js';
import { loglakePartitionSpec } from '../../sinks/iceberg/spec/partition-spec.js';
import { buildSampleTable, HOUR_10, micros } from '../../sinks/iceberg/testing/sample-table.js';
import type { SampleTable } from '../../sinks/iceberg/testing/sample-table.js';
import { writeCanonicalParquet } from '../../sinks/iceberg/testing/write-canonical-parquet.js';
import type { CanonicalRow } from '../../sinks/iceberg/testing/write-canonical-parquet.js';
import { appendFiles } from '../../sinks/iceberg/write/append-files.js';
import { dataFileLocation } from '../../sinks/iceberg/write/data-file-location.js';
import { parquetDataFiles } from '../../sinks/iceberg/write/parquet-data-file.js';
import { openIcebergLake } from './iceberg-lake.js';

let dir: string;
let catalog: SqlCatalog;
let sample: SampleTable;

async function rows(con: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

async function count(con: DuckDBConnection, sql = 'SELECT count(*) AS n FROM logs'): Promise<number> {
  return Number((await rows(con, sql))[0]!.n);
}

async function appendRows(id: TableIdentifier, name: string, partition: { service: string | null; ts_hour: number }, data: readonly CanonicalRow[], now?: number, columns?: readonly ColumnDef[]) {
  const t = await catalog.loadTable(id);
  const loc = dataFileLocation(t, partition, name);
  await writeCanonicalParquet(fileUriToPath(loc), data, columns);
  return appendFiles(catalog, id, await parquetDataFiles(t.metadata, [loc]), { 'loglake.offsets': name }, now === undefined ? {} : { now: () => now });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglake-iceberg-lake-'));
  catalog = await openSqliteCatalog({ warehouse: dir });
  sample = await buildSampleTable(catalog);
});

after(async () => {
  await catalog?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('logs holds every row of the current snapshot, with the canonical columns in order', async () => {
  const lake = await openIcebergLake(catalog, sample.identifier);
  try {
    assert.equal(lake.snapshotId, sample.appends[1]!.snapshotId);
    assert.equal(lake.files, 4);
    assert.equal(lake.hivePartitioning, true);
    assert.equal(await count(lake.con), 8);
    const cols = (await rows(lake.con, 'DESCRIBE logs')).map((r) => r.column_name);
    assert.deepEqual(cols, COLUMNS.map((c) => c.name));
    const types = Object.fromEntries((await rows(lake.con, 'DESCRIBE logs')).map((r) => [r.column_name, r.column_type]));
    assert.equal(types.ts, 'TIMESTAMP WITH TIME ZONE');
    assert.equal(types.labels, 'MAP(VARCHAR, VARCHAR)');
    const bySvc = await rows(lake.con, "SELECT coalesce(service, '∅') AS s, count(*) AS n FROM logs GROUP BY ALL ORDER BY s");
    assert.deepEqual(bySvc.map((r) => [r.s, Number(r.n)]), [['api', 5], ['worker', 2], ['∅', 1]]);
    const [w] = await rows(lake.con, "SELECT spark_task_id AS t, labels['app'] AS app FROM logs WHERE message = 'pre-epoch'");
    assert.equal(w!.t, (1n << 62n) + 7n);
    const [a] = await rows(lake.con, "SELECT labels['tier'] AS tier FROM logs WHERE message = 'GET /health 200'");
    assert.equal(a!.tier, 'web');
  } finally {
    lake.close();
  }
});

test('a services filter prunes files through the manifests and filters rows', async () => {
  const worker = await openIcebergLake(catalog, sample.identifier, { services: ['worker'] });
  try {
    assert.equal(worker.files, 1);
    assert.equal(await count(worker.con), 2);
  } finally {
    worker.close();
  }
  const api = await openIcebergLake(catalog, sample.identifier, { services: ['api', null] });
  try {
    assert.equal(api.files, 3);
    assert.equal(await count(api.con), 6);
  } finally {
    api.close();
  }
  const none = await openIcebergLake(catalog, sample.identifier, { services: ['nope'] });
  try {
    assert.equal(none.files, 0);
    assert.equal(await count(none.con), 0);
  } finally {
    none.close();
  }
});

test('a time range prunes hour partitions and keeps only rows inside [from, to)', async () => {
  const h11 = await openIcebergLake(catalog, sample.identifier, { fromMicros: Number(micros('2024-01-01T11:00:00Z')), toMicros: micros('2024-01-01T12:00:00Z') });
  try {
    assert.equal(h11.files, 1);
    assert.equal(await count(h11.con), 2);
  } finally {
    h11.close();
  }
  const late10 = await openIcebergLake(catalog, sample.identifier, { services: ['api'], fromMicros: micros('2024-01-01T10:30:00Z'), toMicros: micros('2024-01-01T11:00:00Z') });
  try {
    assert.equal(late10.files, 1); // the 10:00 api file only
    assert.deepEqual((await rows(late10.con, 'SELECT message FROM logs')).map((r) => r.message), ['zzz last']);
  } finally {
    late10.close();
  }
});

test('DuckDB prunes files by the hive service path inside the scan', async () => {
  const lake = await openIcebergLake(catalog, sample.identifier);
  try {
    const plan = (await rows(lake.con, "EXPLAIN SELECT count(*) FROM logs WHERE service = 'worker'")).map((r) => String(r.explain_value)).join('\n');
    assert.match(plan, /Scanning Files: 1\/4/);
    assert.equal(await count(lake.con, "SELECT count(*) AS n FROM logs WHERE service = 'worker'"), 2);
  } finally {
    lake.close();
  }
});

test('time travel by snapshot id and by time; snapshots view lists both commits', async () => {
  const first = await openIcebergLake(catalog, sample.identifier, { snapshotId: sample.appends[0]!.snapshotId });
  try {
    assert.equal(first.files, 2);
    assert.equal(await count(first.con), 5);
    const snaps = await rows(first.con, 'SELECT snapshot_id, parent_id, sequence_number, operation, added_records, total_records, is_current FROM snapshots');
    assert.deepEqual(snaps.map((s) => [s.snapshot_id, s.parent_id, s.sequence_number, s.operation, s.added_records, s.total_records, s.is_current]), [
      [sample.appends[0]!.snapshotId, null, 1n, 'append', 3n + 2n, 5n, false],
      [sample.appends[1]!.snapshotId, sample.appends[0]!.snapshotId, 2n, 'append', 3n, 8n, true],
    ]);
  } finally {
    first.close();
  }
  await assert.rejects(openIcebergLake(catalog, sample.identifier, { snapshotId: 42n }), (e: unknown) => isIcebergError(e, 'NO_SUCH_SNAPSHOT'));

  // A table whose commits are a minute apart, so "as of" is unambiguous.
  const id = { namespace: ['logs'], name: 'timed' };
  const schema = canonicalIcebergSchema(0, COLUMNS);
  await catalog.createTable(id, { schema, partitionSpec: loglakePartitionSpec(schema) });
  const t1 = Date.now() + 1_000;
  const t2 = t1 + 60_000;
  await appendRows(id, 'a.parquet', { service: 'api', ts_hour: HOUR_10 }, [{ ts: micros('2024-01-01T10:00:00Z'), service: 'api', message: 'one' }], t1);
  await appendRows(id, 'b.parquet', { service: 'api', ts_hour: HOUR_10 }, [{ ts: micros('2024-01-01T10:01:00Z'), service: 'api', message: 'two' }, { ts: micros('2024-01-01T10:02:00Z'), service: 'api', message: 'three' }], t2);
  for (const [asOfMs, n] of [[t1, 1], [t1 + 30_000, 1], [t2, 3], [t2 + 1, 3]] as const) {
    const lake = await openIcebergLake(catalog, id, { asOfMs });
    try {
      assert.equal(await count(lake.con), n, `as of ${asOfMs - t1} ms after the first commit`);
    } finally {
      lake.close();
    }
  }
  await assert.rejects(openIcebergLake(catalog, id, { asOfMs: t1 - 1 }), (e: unknown) => isIcebergError(e, 'NO_SUCH_SNAPSHOT'));
  await assert.rejects(openIcebergLake(catalog, id, { asOfMs: t1, snapshotId: 1n }), (e: unknown) => isIcebergError(e, 'INVALID_ARGUMENT'));
});

test('spark_logs exposes the seed\'s 14 columns from the canonical rows', async () => {
  const id = { namespace: ['logs'], name: 'spark' };
  const schema = canonicalIcebergSchema(0, COLUMNS);
  await catalog.createTable(id, { schema, partitionSpec: loglakePartitionSpec(schema) });
  await appendRows(id, 'spark.parquet', { service: 'spark', ts_hour: HOUR_10 }, [
    { ts: micros('2024-01-01T10:00:00Z'), service: 'spark', severity: 'INFO', message: 'Starting executor', pod: 'app-exec-1', namespace: 'spark-team-a',
      container: 'spark-kubernetes-executor', image: 'spark:3.5', spark_app_id: 'spark-1b3b', labels: { 'spark-role': 'executor', app: 'taxi', queue: 'root.a' } },
    { ts: micros('2024-01-01T10:01:00Z'), service: 'spark', severity: 'INFO', message: 'not spark' },
  ]);
  const lake = await openIcebergLake(catalog, id);
  try {
    const r = await rows(lake.con, 'SELECT * FROM spark_logs');
    assert.equal(r.length, 1);
    assert.deepEqual(Object.keys(r[0]!), ['timestamp', 'log_level', 'message', 'pod_name', 'namespace_name', 'app', 'spark_app_selector', 'queue',
      'spark_app_name', 'spark_role', 'spark_version', 'submission_id', 'container_name', 'container_image']);
    assert.equal(r[0]!.spark_app_selector, 'spark-1b3b');
    assert.equal(r[0]!.spark_role, 'executor');
    assert.equal(r[0]!.queue, 'root.a');
  } finally {
    lake.close();
  }
});

test('after a schema evolution old files read NULL for the new column, and a column no file has yet is typed NULL', async () => {
  const id = { namespace: ['logs'], name: 'evolving' };
  const schema = canonicalIcebergSchema(0, COLUMNS);
  await catalog.createTable(id, { schema, partitionSpec: loglakePartitionSpec(schema) });
  await appendRows(id, 'old.parquet', { service: 'api', ts_hour: HOUR_10 }, [{ ts: micros('2024-01-01T10:00:00Z'), service: 'api', message: 'old' }]);
  const evo = await evolveSchema(catalog, id, [{ name: 'template_id', type: 'string', id: 49, since: '1.1', doc: 't' }]);
  const before = await openIcebergLake(catalog, id);
  try {
    assert.equal(before.schemaId, 1);
    assert.deepEqual(await rows(before.con, 'SELECT message, template_id FROM logs'), [{ message: 'old', template_id: null }]);
  } finally {
    before.close();
  }
  const cols: ColumnDef[] = [...COLUMNS, { name: 'template_id', type: 'string', id: evo.fieldIds.template_id!, since: '1.1', doc: 't' }];
  await appendRows(id, 'new.parquet', { service: 'api', ts_hour: HOUR_10 }, [{ ts: micros('2024-01-01T10:05:00Z'), service: 'api', message: 'new', template_id: 'T7' }], undefined, cols);
  const old = await openIcebergLake(catalog, id, { snapshotId: (await catalog.loadTable(id)).metadata.snapshots[0]!['snapshot-id'] });
  try {
    assert.equal(old.schemaId, 0, 'time travel reads with the schema of the snapshot');
    assert.ok(!(await rows(old.con, 'DESCRIBE logs')).some((r) => r.column_name === 'template_id'));
  } finally {
    old.close();
  }
  const lake = await openIcebergLake(catalog, id);
  try {
    const r = await rows(lake.con, 'SELECT message, template_id FROM logs ORDER BY message');
    assert.deepEqual(r, [{ message: 'new', template_id: 'T7' }, { message: 'old', template_id: null }]);
  } finally {
    lake.close();
  }
});

test('a service literally named "null" turns hive partitioning off, so the stored values are read', async () => {
  const s = await buildSampleTable(catalog, 'nullname');
  // The Java-style path of 'null' and of NULL is the same: data/service=null/…
  const t = await catalog.loadTable(s.identifier);
  const loc = dataFileLocation(t, { service: 'null', ts_hour: HOUR_10 }, 'literal.parquet');
  await writeCanonicalParquet(fileUriToPath(loc), [{ ts: micros('2024-01-01T10:00:00Z'), service: 'null', message: 'named null' }]);
  const [df] = await parquetDataFiles(t.metadata, [loc]);
  // parquetDataFiles reads the file with DuckDB's hive auto-detection, which takes `service` from the
  // path (NULL here); the partition of this file is the string 'null'.
  await appendFiles(catalog, s.identifier, [{ ...df!, partition: { service: 'null', ts_hour: HOUR_10 } }], {});
  const lake = await openIcebergLake(catalog, s.identifier);
  try {
    assert.equal(lake.hivePartitioning, false);
    const r = await rows(lake.con, "SELECT message, service FROM logs WHERE message IN ('named null', 'no service') ORDER BY message");
    assert.deepEqual(r, [{ message: 'named null', service: 'null' }, { message: 'no service', service: null }]);
  } finally {
    lake.close();
  }
  const only = await openIcebergLake(catalog, s.identifier, { services: [null] });
  try {
    assert.equal(only.hivePartitioning, true, 'the remaining file agrees with its path');
    assert.deepEqual(await rows(only.con, 'SELECT message FROM logs'), [{ message: 'no service' }]);
  } finally {
    only.close();
  }
});

test('an empty table has typed, empty views and no snapshot', async () => {
  const id = { namespace: ['logs'], name: 'empty' };
  const schema = canonicalIcebergSchema(0, COLUMNS);
  await catalog.createTable(id, { schema, partitionSpec: loglakePartitionSpec(schema) });
  const lake = await openIcebergLake(catalog, id);
  try {
    assert.equal(lake.snapshotId, undefined);
    assert.equal(lake.files, 0);
    assert.equal(await count(lake.con), 0);
    assert.equal(await count(lake.con, 'SELECT count(*) AS n FROM spark_logs'), 0);
    assert.equal(await count(lake.con, 'SELECT count(*) AS n FROM snapshots'), 0);
    assert.equal((await rows(lake.con, 'DESCRIBE logs')).length, COLUMNS.length);
    assert.equal(await count(lake.con, "SELECT count(*) AS n FROM logs WHERE labels['app'] = 'x' AND ts > now()"), 0);
  } finally {
    lake.close();
  }
});
