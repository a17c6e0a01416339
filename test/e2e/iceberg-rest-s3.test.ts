/**
 * The REST catalog with an S3 warehouse: four concurrent writers (each its own catalog client and
 * S3 client) append through the loopback REST catalog, whose metadata JSON also goes to the S3
 * warehouse; S3 sits behind the fault proxy (503 SlowDown, "applied, then 500", connection resets)
 * and the catalog injects 409 storms and "500 after the commit was applied". Every batch lands
 * exactly once, every referenced file exists, and the rows read back equal the rows written.
 * (The CLI still writes data files to a local warehouse; this runs the same library path —
 * RestCatalog + appendFiles + S3FileIO — that an S3-warehouse ingest uses.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { S3Client } from '@aws-sdk/client-s3';
import { startS3Server, s3TestClient, type S3TestServer } from '../helpers/s3-server.js';
import { startFaultProxy, type FaultProxy } from '../helpers/s3-fault-proxy.js';
import { startRestCatalogServer, type RestCatalogServer } from '../helpers/rest-catalog-server.js';
import { RestCatalog } from '../../src/sinks/iceberg/catalog/rest/rest-catalog.js';
import { S3FileIO } from '../../src/sinks/iceberg/io/s3-file-io.js';
import { canonicalIcebergSchema } from '../../src/sinks/iceberg/spec/canonical-schema.js';
import { loglakePartitionSpec } from '../../src/sinks/iceberg/spec/partition-spec.js';
import { snapshotAncestry } from '../../src/sinks/iceberg/spec/table-metadata.js';
import { HOUR_10, micros } from '../../src/sinks/iceberg/testing/sample-table.js';
import { writeCanonicalParquet } from '../../src/sinks/iceberg/testing/write-canonical-parquet.js';
import { appendFiles } from '../../src/sinks/iceberg/write/append-files.js';
import { dataFileLocation } from '../../src/sinks/iceberg/write/data-file-location.js';
import { listLiveDataFiles } from '../../src/sinks/iceberg/write/list-live-data-files.js';
import { parquetDataFiles } from '../../src/sinks/iceberg/write/parquet-data-file.js';
import { readCommittedProperty } from '../../src/sinks/iceberg/write/read-committed-property.js';

const BUCKET = 'lake';
const id = { namespace: ['loglake'], name: 'logs' };
let s3: S3TestServer;
let proxy: FaultProxy;
let catalogServer: RestCatalogServer;
let dir: string;
const clients: S3Client[] = [];

function io(): S3FileIO {
  const client = s3TestClient(proxy.endpoint, { maxAttempts: 6, requestHandler: { connectionTimeout: 2000, socketTimeout: 3000 } });
  clients.push(client);
  return new S3FileIO({ client, read: { backoffMs: 10, idleTimeoutMs: 2000 } });
}

before(async () => {
  s3 = await startS3Server({ buckets: [BUCKET] });
  proxy = await startFaultProxy(s3.endpoint);
  dir = mkdtempSync(join(tmpdir(), 'loglake-rest-s3-'));
  catalogServer = await startRestCatalogServer({ warehouseLocation: `s3://${BUCKET}/warehouse`, io: io(), prefix: 'catalogs/123456789012' });
});

after(async () => {
  await catalogServer?.close();
  for (const c of clients) c.destroy();
  await proxy?.stop();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('REST catalog + S3 warehouse + faults on both: 4 concurrent writers, every batch exactly once', async () => {
  const admin = await RestCatalog.open({ uri: catalogServer.uri, io: io() });
  await admin.createNamespace(['loglake']);
  const schema = canonicalIcebergSchema();
  await admin.createTable(id, { schema, partitionSpec: loglakePartitionSpec(schema), location: `s3://${BUCKET}/warehouse/loglake.db/logs` });

  catalogServer.configure({ faultRates: { conflict: 0.25, errorAfterApply: 0.15, seed: 3 } });
  proxy.chaos({
    rate: 0.12, seed: 5, kinds: [
      { kind: 'status', status: 503, code: 'SlowDown' },
      { kind: 'statusAfter', method: 'PUT', status: 500, code: 'InternalError' },
      { kind: 'reset' },
    ],
  });
  const WRITERS = 4;
  const BATCHES = 4;
  const ROWS = 25;
  const written: string[] = [];
  await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
    const catalog = await RestCatalog.open({ uri: catalogServer.uri, io: io(), retryBaseDelayMs: 5 });
    for (let b = 0; b < BATCHES; b++) {
      const tag = `w${w}-b${b}`;
      const t = await catalog.loadTable(id);
      const s3Loc = dataFileLocation(t, { service: 'api', ts_hour: HOUR_10 }, `${tag}.parquet`);
      const local = join(dir, `${tag}.parquet`);
      const rows = Array.from({ length: ROWS }, (_, i) => ({ ts: micros('2024-01-01T10:00:00Z') + BigInt(i), service: 'api', message: `${tag}-${i}`, source_offset: BigInt(i) }));
      await writeCanonicalParquet(local, rows);
      const [df] = await parquetDataFiles(t.metadata, [local]);
      await t.io.write(s3Loc, readFileSync(local));
      const r = await appendFiles(catalog, id, [{ ...df!, filePath: s3Loc }], { 'loglake.batch': tag }, { baseDelayMs: 5, maxDelayMs: 200, maxAttempts: 200 });
      assert.ok(r.snapshotId > 0n);
      written.push(...rows.map((x) => x.message));
    }
  }));
  proxy.chaos(undefined);
  catalogServer.configure({ faultRates: {} });
  process.stderr.write(`[rest+s3] catalog ${JSON.stringify(catalogServer.stats)}; S3 requests ${proxy.requests.length}, faults ${proxy.requests.filter((q) => q.fault).length}\n`);
  assert.ok(catalogServer.stats.injected > 0, 'catalog faults injected');
  assert.ok(proxy.requests.some((q) => q.fault), 'S3 faults injected');
  assert.deepEqual(catalogServer.violations, []);

  const t = await admin.loadTable(id);
  assert.match(catalogServer.metadataLocation(['loglake'], 'logs')!, /^s3:\/\/lake\/warehouse\/loglake\.db\/logs\/metadata\/\d{5}-[0-9a-f-]{36}\.metadata\.json$/);
  const chain = snapshotAncestry(t.metadata);
  assert.equal(chain.length, WRITERS * BATCHES, 'one snapshot per batch');
  const tags = chain.map((s) => readCommittedProperty(t.metadata, 'loglake.batch', { snapshotId: s['snapshot-id'] })).sort();
  assert.equal(new Set(tags).size, WRITERS * BATCHES, 'no batch twice');
  const live = await listLiveDataFiles(t);
  assert.equal(live.length, WRITERS * BATCHES);
  for (const s of chain) assert.equal(await t.io.exists(s['manifest-list']), true);

  // read the rows back from S3 (downloaded) with DuckDB
  const paths: string[] = [];
  for (const f of live) {
    const p = join(dir, `read-${paths.length}.parquet`);
    writeFileSync(p, await t.io.read(f.filePath));
    paths.push(p);
  }
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const r = await con.runAndReadAll(`SELECT message FROM read_parquet([${paths.map((p) => `'${p}'`).join(', ')}]) ORDER BY message`);
  const got = r.getRowObjectsJS().map((x) => String(x.message));
  con.closeSync();
  db.closeSync();
  assert.deepEqual(got, [...written].sort());
});
