/**
 * The catalog contract, run against every catalog: SQLite, PostgreSQL and the REST client against
 * the loopback REST catalog (which validates every exchange against the OpenAPI spec): namespaces,
 * create/load/list, compare-and-swap commits (stale base rejected, orphan metadata removed),
 * concurrent writers that all land through retries, and the JdbcCatalog/PyIceberg row layout.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startPostgresForTests } from '../../../../test/helpers/postgres.js';
import { startRestCatalogServer } from '../../../../test/helpers/rest-catalog-server.js';
import type { RestCatalogServer } from '../../../../test/helpers/rest-catalog-server.js';
import { LocalFileIO, fileUriToPath, pathToFileUri } from '../io/local-file-io.js';
import { canonicalIcebergSchema } from '../spec/canonical-schema.js';
import { CommitConflictError, IcebergError, isIcebergError } from '../spec/iceberg-error.js';
import { newSnapshotId, parseMetadataVersion } from '../spec/ids.js';
import { loglakePartitionSpec } from '../spec/partition-spec.js';
import { TableMetadataBuilder } from '../spec/table-metadata-builder.js';
import { snapshotAncestry } from '../spec/table-metadata.js';
import type { TableMetadata } from '../spec/table-metadata.js';
import { HOUR_10, micros } from '../testing/sample-table.js';
import { writeCanonicalParquet } from '../testing/write-canonical-parquet.js';
import { appendFiles } from '../write/append-files.js';
import { dataFileLocation } from '../write/data-file-location.js';
import { listLiveDataFiles } from '../write/list-live-data-files.js';
import { parquetDataFiles } from '../write/parquet-data-file.js';
import { readCommittedProperty } from '../write/read-committed-property.js';
import type { Catalog, TableIdentifier } from './catalog.js';
import { RestCatalog } from './rest/rest-catalog.js';
import { PostgresDriver } from './sql/postgres-driver.js';
import { SqlCatalog } from './sql/sql-catalog.js';
import type { SqlDriver } from './sql/sql-driver.js';
import { SqliteDriver } from './sql/sqlite-driver.js';

const pgStart = await startPostgresForTests();
const warehouseDir = mkdtempSync(join(tmpdir(), 'loglake-catalog-contract-'));
const warehouse = pathToFileUri(warehouseDir);
const io = new LocalFileIO();
const schema = canonicalIcebergSchema();
const spec = loglakePartitionSpec(schema);
const drivers: SqlDriver[] = [];
const restServers = new Map<string, RestCatalogServer>();

after(async () => {
  for (const d of drivers) await d.close().catch(() => undefined);
  for (const srv of restServers.values()) {
    assert.deepEqual(srv.violations, [], 'every REST exchange followed the OpenAPI spec');
    await srv.close();
  }
  await pgStart.server?.stop();
  rmSync(warehouseDir, { recursive: true, force: true });
});

function newDriver(kind: 'sqlite' | 'postgres', opts: { busyTimeoutMs?: number } = {}): SqlDriver {
  const d = kind === 'sqlite'
    ? new SqliteDriver(join(warehouseDir, 'catalog.db'), opts)
    : new PostgresDriver({ connectionString: pgStart.server!.connectionString });
  drivers.push(d);
  return d;
}

type Kind = 'sqlite' | 'postgres' | 'rest';

let counter = 0;
/**
 * A catalog with a fresh catalog_name (SQL) or a fresh loopback server (REST), so every test is
 * isolated; the same `name` gives another client of the same catalog.
 */
async function freshCatalog(kind: Kind, name = `c${++counter}_${process.pid}`): Promise<{ catalog: Catalog; driver: SqlDriver | undefined; name: string }> {
  if (kind === 'rest') {
    let srv = restServers.get(name);
    if (!srv) {
      srv = await startRestCatalogServer({ warehouseLocation: `${warehouse}/${name}` });
      restServers.set(name, srv);
    }
    return { catalog: await RestCatalog.open({ uri: srv.uri, retryBaseDelayMs: 5 }), driver: undefined, name };
  }
  const driver = newDriver(kind);
  return { catalog: await SqlCatalog.open(driver, { name, warehouse: `${warehouse}/${name}`, io }), driver, name };
}

/** A builder on `base` with one more snapshot (no manifests) made current on main. */
function withSnapshot(base: TableMetadata, baseLocation: string): TableMetadataBuilder {
  const snapshotId = newSnapshotId(base.snapshots.map((x) => x['snapshot-id']));
  const parent = base['current-snapshot-id'];
  return TableMetadataBuilder.fromBase(base, baseLocation).addSnapshot({
    'snapshot-id': snapshotId, ...(parent === undefined ? {} : { 'parent-snapshot-id': parent }), 'sequence-number': base['last-sequence-number'] + 1n,
    'timestamp-ms': Date.now(), 'manifest-list': `${base.location}/metadata/none-${snapshotId}.avro`, summary: { operation: 'append' }, 'schema-id': base['current-schema-id'],
  }).setBranchSnapshot(snapshotId);
}

async function appendOne(catalog: Catalog, id: TableIdentifier, tag: string, offset: number, opts: Parameters<typeof appendFiles>[4] = {}) {
  const t = await catalog.loadTable(id);
  const loc = dataFileLocation(t, { service: 'api', ts_hour: HOUR_10 }, `${tag}.parquet`);
  await writeCanonicalParquet(fileUriToPath(loc), [{ ts: micros('2024-01-01T10:00:00Z') + BigInt(offset), service: 'api', message: tag, source_offset: BigInt(offset) }]);
  const files = await parquetDataFiles(t.metadata, [loc]);
  return appendFiles(catalog, id, files, { 'loglake.offsets': JSON.stringify({ [tag]: offset }) }, opts);
}

for (const kind of ['sqlite', 'postgres', 'rest'] as const) {
  const skip = kind === 'postgres' ? pgStart.skipReason ?? false : false;

  describe(`catalog contract (${kind})`, { skip }, () => {
    const id: TableIdentifier = { namespace: ['logs'], name: 'events' };

    test('namespaces: create, exists, list, duplicate rejected, ("exists","true") row', async () => {
      const { catalog, driver, name } = await freshCatalog(kind);
      assert.equal(await catalog.namespaceExists(['logs']), false);
      await catalog.createNamespace(['logs'], { owner: 'loglake' });
      await catalog.createNamespace(['prod', 'logs']);
      assert.equal(await catalog.namespaceExists(['logs']), true);
      // REST lists level by level (`?parent=`): the intermediate level `prod` is listed too
      assert.deepEqual(await catalog.listNamespaces(), kind === 'rest' ? [['logs'], ['prod'], ['prod', 'logs']] : [['logs'], ['prod', 'logs']]);
      await assert.rejects(catalog.createNamespace(['logs']), (e: unknown) => isIcebergError(e, 'NAMESPACE_EXISTS'));
      await assert.rejects(catalog.listTables(['nope']), (e: unknown) => isIcebergError(e, 'NO_SUCH_NAMESPACE'));
      if (!driver) return;
      const rows = await driver.query<{ namespace: string; property_key: string; property_value: string }>(
        'SELECT namespace, property_key, property_value FROM iceberg_namespace_properties WHERE catalog_name = ? ORDER BY namespace, property_key', [name]);
      assert.deepEqual(rows.map((r) => [r.namespace, r.property_key, r.property_value]), [
        ['logs', 'exists', 'true'], ['logs', 'owner', 'loglake'], ['prod.logs', 'exists', 'true'],
      ]);
    });

    test('create / load / list tables; duplicates and unknown tables rejected; row layout', async () => {
      const { catalog, driver, name } = await freshCatalog(kind);
      await assert.rejects(catalog.createTable(id, { schema }), (e: unknown) => isIcebergError(e, 'NO_SUCH_NAMESPACE'));
      await catalog.createNamespace(['logs']);
      const created = await catalog.createTable(id, { schema, partitionSpec: spec, properties: { 'write.format.default': 'parquet' } });
      // REST: version 00001 when the server renumbered the field ids and the client restored them
      assert.match(created.metadataLocation, kind === 'rest' ? /\/logs\/events\/metadata\/0000[01]-[0-9a-f-]{36}\.metadata\.json$/ : /\/logs\/events\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
      assert.equal(await io.exists(created.metadataLocation), true);
      const loaded = await catalog.loadTable(id);
      assert.equal(loaded.metadataLocation, created.metadataLocation);
      assert.deepEqual(loaded.metadata, created.metadata);
      assert.equal(loaded.metadata['current-snapshot-id'], undefined);
      await assert.rejects(catalog.createTable(id, { schema }), (e: unknown) => isIcebergError(e, 'TABLE_EXISTS'));
      await assert.rejects(catalog.loadTable({ namespace: ['logs'], name: 'nope' }), (e: unknown) => isIcebergError(e, 'NO_SUCH_TABLE'));
      await catalog.createTable({ namespace: ['logs'], name: 'another' }, { schema });
      assert.deepEqual((await catalog.listTables(['logs'])).map((t) => t.name), ['another', 'events']);
      // another catalog does not see these tables
      const other = await freshCatalog(kind);
      assert.equal(await other.catalog.namespaceExists(['logs']), false);
      if (!driver) return;
      const rows = await driver.query<Record<string, unknown>>(
        'SELECT table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type FROM iceberg_tables WHERE catalog_name = ? AND table_name = ?', [name, 'events']);
      assert.deepEqual(rows, [{ table_namespace: 'logs', table_name: 'events', metadata_location: created.metadataLocation, previous_metadata_location: null, iceberg_type: 'TABLE' }]);
    });

    test('commit swaps the pointer; a stale base is rejected with a retryable CommitConflictError', async () => {
      const { catalog, driver, name } = await freshCatalog(kind);
      await catalog.createNamespace(['logs']);
      const base = await catalog.createTable(id, { schema, partitionSpec: spec });
      // each change adds a (file-less) snapshot on main: REST catalogs detect a stale base through
      // the commit's requirements (assert-ref-snapshot-id), not through the metadata location
      const next = withSnapshot(base.metadata, base.metadataLocation).setProperties({ a: '1' }).build();
      const v1 = await catalog.commitTable(id, base.metadataLocation, next);
      assert.equal(parseMetadataVersion(v1.metadataLocation), parseMetadataVersion(base.metadataLocation)! + 1);
      if (driver) {
        const [row] = await driver.query<{ metadata_location: string; previous_metadata_location: string }>(
          'SELECT metadata_location, previous_metadata_location FROM iceberg_tables WHERE catalog_name = ? AND table_name = ?', [name, 'events']);
        assert.equal(row!.metadata_location, v1.metadataLocation);
        assert.equal(row!.previous_metadata_location, base.metadataLocation);
      }
      const filesBefore = (await io.list(`${v1.metadata.location}/metadata`)).filter((f) => f.endsWith('.metadata.json')).length;
      assert.equal((await catalog.loadTable(id)).metadata.properties.a, '1');

      const stale = withSnapshot(base.metadata, base.metadataLocation).setProperties({ a: 'stale' }).build();
      const err = await catalog.commitTable(id, base.metadataLocation, stale).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof CommitConflictError, String(err));
      assert.equal((err as IcebergError).retryable, true);
      assert.equal((err as IcebergError).code, 'COMMIT_CONFLICT');
      const now = await catalog.loadTable(id);
      assert.equal(now.metadataLocation, v1.metadataLocation);
      assert.equal(now.metadata.properties.a, '1');
      const metaFiles = (await io.list(`${now.metadata.location}/metadata`)).filter((f) => f.endsWith('.metadata.json'));
      assert.equal(metaFiles.length, filesBefore, 'the losing commit left no metadata file');
      await assert.rejects(catalog.commitTable({ namespace: ['logs'], name: 'nope' }, base.metadataLocation, next), (e: unknown) => isIcebergError(e, 'NO_SUCH_TABLE'));
    });

    test('concurrent writers (separate connections) all land through retries; no snapshot is lost', async () => {
      const N = 5;
      const { catalog: admin, name } = await freshCatalog(kind);
      await admin.createNamespace(['logs']);
      await admin.createTable(id, { schema, partitionSpec: spec });
      const t0 = await admin.loadTable(id);
      const versions0 = (await io.list(`${t0.metadata.location}/metadata`)).filter((f) => f.endsWith('.metadata.json')).length;
      // Every writer builds on the same base before anyone commits (a barrier before the first
      // commit attempt), so at least N-1 commits must conflict and retry.
      let arrived = 0;
      let release!: () => void;
      const barrier = new Promise<void>((r) => { release = r; });
      const writers = await Promise.all(Array.from({ length: N }, async () => {
        const { catalog } = await freshCatalog(kind, name);
        let first = true;
        const gated: Catalog = Object.assign(Object.create(catalog) as Catalog, {
          commitTable: async (...args: Parameters<Catalog['commitTable']>) => {
            if (first) {
              first = false;
              if (++arrived === N) release();
              await barrier;
            }
            return catalog.commitTable(...args);
          },
        });
        return gated;
      }));
      const results = await Promise.all(writers.map((w, i) => appendOne(w, id, `w${i}`, i * 10, { maxAttempts: 50, baseDelayMs: 5, maxDelayMs: 50 })));
      const totalRetries = results.reduce((a, r) => a + r.retries, 0);
      assert.ok(totalRetries >= N - 1, `expected at least ${N - 1} retries, got ${totalRetries}`);
      const t = await admin.loadTable(id);
      const chain = snapshotAncestry(t.metadata);
      assert.equal(chain.length, N);
      assert.deepEqual(new Set(chain.map((s) => s['snapshot-id'])), new Set(results.map((r) => r.snapshotId)));
      assert.deepEqual(chain.map((s) => s['sequence-number']).reverse(), Array.from({ length: N }, (_, i) => BigInt(i + 1)));
      const live = await listLiveDataFiles(t);
      assert.equal(live.length, N);
      assert.deepEqual(live.map((f) => f.filePath.replace(/^.*\//, '')).sort(), Array.from({ length: N }, (_, i) => `w${i}.parquet`).sort());
      assert.equal(t.metadata.snapshots.at(-1)!.summary['total-data-files'], String(N));
      for (const [i, r] of results.entries()) {
        assert.equal(readCommittedProperty(t, 'loglake.offsets', { snapshotId: r.snapshotId }), JSON.stringify({ [`w${i}`]: i * 10 }));
      }
      // losing manifest lists and metadata files were cleaned up: one list per snapshot, N+1 metadata files
      const files = await io.list(`${t.metadata.location}/metadata`);
      assert.equal(files.filter((f) => /\/snap-/.test(f)).length, N);
      assert.equal(files.filter((f) => f.endsWith('.metadata.json')).length, versions0 + N);
    });

    if (kind === 'sqlite') {
      test('sqlite: a locked database gives a retryable CATALOG_BUSY and removes the new metadata file', async () => {
        const name = `busy_${process.pid}`;
        const driver = newDriver('sqlite', { busyTimeoutMs: 20 });
        const catalog = await SqlCatalog.open(driver, { name, warehouse: `${warehouse}/${name}`, io });
        await catalog.createNamespace(['logs']);
        const base = await catalog.createTable(id, { schema });
        const locker = new Database(join(warehouseDir, 'catalog.db'));
        locker.exec('BEGIN IMMEDIATE');
        try {
          const next = TableMetadataBuilder.fromBase(base.metadata, base.metadataLocation).setProperties({ x: 'y' }).build();
          await assert.rejects(catalog.commitTable(id, base.metadataLocation, next), (e: unknown) => isIcebergError(e, 'CATALOG_BUSY') && (e as IcebergError).retryable);
        } finally {
          locker.exec('ROLLBACK');
          locker.close();
        }
        const files = (await io.list(`${base.metadata.location}/metadata`)).filter((f) => f.endsWith('.metadata.json'));
        assert.equal(files.length, 1);
        assert.equal((await catalog.loadTable(id)).metadataLocation, base.metadataLocation);
      });
    }

    if (kind === 'postgres') {
      test('postgres: the catalog tables have the JdbcCatalog/PyIceberg column names and types', async () => {
        const { catalog } = await freshCatalog(kind);
        assert.ok(catalog);
        const client = new pg.Client({ connectionString: pgStart.server!.connectionString });
        await client.connect();
        try {
          const r = await client.query(
            `SELECT table_name, column_name, data_type, character_maximum_length AS len, is_nullable FROM information_schema.columns
             WHERE table_name IN ('iceberg_tables', 'iceberg_namespace_properties') ORDER BY table_name, ordinal_position`);
          assert.deepEqual(r.rows.map((x) => `${x.table_name}.${x.column_name}:${x.data_type}(${x.len}):${x.is_nullable}`), [
            'iceberg_namespace_properties.catalog_name:character varying(255):NO',
            'iceberg_namespace_properties.namespace:character varying(255):NO',
            'iceberg_namespace_properties.property_key:character varying(255):NO',
            'iceberg_namespace_properties.property_value:character varying(1000):NO',
            'iceberg_tables.catalog_name:character varying(255):NO',
            'iceberg_tables.table_namespace:character varying(255):NO',
            'iceberg_tables.table_name:character varying(255):NO',
            'iceberg_tables.metadata_location:character varying(1000):YES',
            'iceberg_tables.previous_metadata_location:character varying(1000):YES',
            'iceberg_tables.iceberg_type:character varying(5):YES',
          ]);
        } finally {
          await client.end();
        }
      });
    }
  });
}
