/**
 * RestCatalog against the loopback REST catalog (test/helpers/rest-catalog-server.ts), which checks
 * every request and response against the vendored OpenAPI spec and re-signs SigV4 requests with
 * aws4: config/prefix handling (Glue `catalogs/<id>`, S3 Tables ARN), fresh ids read back, 64-bit
 * ids, 409 storms, commits whose outcome was unknown, Idempotency-Key reuse, and auth failures.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startRestCatalogServer } from '../../../../../test/helpers/rest-catalog-server.js';
import type { RestCatalogServerOptions } from '../../../../../test/helpers/rest-catalog-server.js';
import { fileUriToPath, pathToFileUri } from '../../io/local-file-io.js';
import { canonicalIcebergSchema } from '../../spec/canonical-schema.js';
import { isIcebergError } from '../../spec/iceberg-error.js';
import { loglakePartitionSpec } from '../../spec/partition-spec.js';
import { TableMetadataBuilder } from '../../spec/table-metadata-builder.js';
import { currentSchema, snapshotAncestry } from '../../spec/table-metadata.js';
import { HOUR_10, micros } from '../../testing/sample-table.js';
import { writeCanonicalParquet } from '../../testing/write-canonical-parquet.js';
import { appendFiles } from '../../write/append-files.js';
import { dataFileLocation } from '../../write/data-file-location.js';
import { listLiveDataFiles } from '../../write/list-live-data-files.js';
import { parquetDataFiles } from '../../write/parquet-data-file.js';
import type { TableIdentifier } from '../catalog.js';
import { differingFieldPaths } from './field-paths.js';
import { RestCatalog } from './rest-catalog.js';
import type { RestCatalogOptions } from './rest-catalog.js';
import { encodePrefix } from './rest-paths.js';

const dir = mkdtempSync(join(tmpdir(), 'loglake-rest-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const schema = canonicalIcebergSchema();
const spec = loglakePartitionSpec(schema);
const id: TableIdentifier = { namespace: ['logs'], name: 'events' };
const SIGV4 = { service: 'glue', region: 'us-east-1', accessKeyId: 'AKIDLOOPBACK', secretAccessKey: 'loopback-secret-key' } as const;
let n = 0;

async function setup(server: Partial<RestCatalogServerOptions> = {}, client: Partial<RestCatalogOptions> = {}) {
  const wh = pathToFileUri(join(dir, `wh${++n}`));
  const srv = await startRestCatalogServer({ warehouseLocation: wh, ...server });
  after(() => srv.close());
  const catalog = await RestCatalog.open({ uri: srv.uri, retryBaseDelayMs: 5, ...client });
  return { srv, catalog, wh };
}

async function appendOne(catalog: RestCatalog, tag: string, offset: number) {
  const t = await catalog.loadTable(id);
  const loc = dataFileLocation(t, { service: 'api', ts_hour: HOUR_10 }, `${tag}.parquet`);
  await writeCanonicalParquet(fileUriToPath(loc), [{ ts: micros('2024-01-01T10:00:00Z') + BigInt(offset), service: 'api', message: tag, source_offset: BigInt(offset) }]);
  const files = await parquetDataFiles(t.metadata, [loc]);
  return appendFiles(catalog, id, files, { 'loglake.offsets': JSON.stringify({ [tag]: offset }) }, { baseDelayMs: 2, maxDelayMs: 20, maxAttempts: 30 });
}

async function tableWithData(catalog: RestCatalog) {
  await catalog.createNamespace(['logs']);
  await catalog.createTable(id, { schema, partitionSpec: spec });
}

describe('REST catalog client', () => {
  test('prefix forms: Glue catalogs/<id> keeps its "/", an ARN is encoded once, an encoded prefix is kept', () => {
    assert.equal(encodePrefix('catalogs/123456789012'), 'catalogs/123456789012');
    assert.equal(encodePrefix('arn:aws:s3tables:us-east-1:123456789012:bucket/logs'), 'arn%3Aaws%3As3tables%3Aus-east-1%3A123456789012%3Abucket%2Flogs');
    assert.equal(encodePrefix('arn%3Aaws%3As3tables%3Aus-east-1%3A1%3Abucket%2Fx'), 'arn%3Aaws%3As3tables%3Aus-east-1%3A1%3Abucket%2Fx');
    assert.equal(encodePrefix(undefined), '');
  });

  test('Glue style: /iceberg base path, prefix catalogs/<account>, SigV4 "glue" verified by aws4; ids read back', async () => {
    const { srv, catalog } = await setup(
      { basePath: '/iceberg', prefix: 'catalogs/123456789012', warehouses: ['123456789012'], auth: { kind: 'sigv4', ...SIGV4 } },
      { warehouse: '123456789012', auth: { kind: 'sigv4', service: 'glue', region: 'us-east-1', credentials: { accessKeyId: SIGV4.accessKeyId, secretAccessKey: SIGV4.secretAccessKey } } },
    );
    await tableWithData(catalog);
    const r = await appendOne(catalog, 'a', 1);
    assert.equal(r.retries, 0);
    const paths = srv.requests.map((q) => `${q.method} ${q.rawPath}`);
    assert.equal(paths[0], 'GET /iceberg/v1/config?warehouse=123456789012');
    assert.ok(paths.includes('POST /iceberg/v1/catalogs/123456789012/namespaces/logs/tables/events'), paths.join('\n'));
    assert.ok(srv.requests.every((q) => String(q.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=AKIDLOOPBACK/')));
    assert.deepEqual(srv.violations, []);
    assert.equal(srv.stats.authFailures, 0);
    // the server renumbered the ids (Java style); the client made the requested ids current again
    const t = await catalog.loadTable(id);
    assert.ok(differingFieldPaths(schema, t.metadata.schemas[0]!).length > 0, 'the server assigned fresh ids');
    assert.deepEqual(differingFieldPaths(schema, currentSchema(t.metadata)), []);
    assert.equal((await listLiveDataFiles(t)).length, 1);
  });

  test('S3 Tables style: ARN prefix percent-encoded once in the URL, signed double-encoded (aws4 agrees)', async () => {
    const arn = 'arn:aws:s3tables:us-east-1:123456789012:bucket/loglake';
    const encoded = 'arn%3Aaws%3As3tables%3Aus-east-1%3A123456789012%3Abucket%2Floglake';
    const creds = { accessKeyId: SIGV4.accessKeyId, secretAccessKey: SIGV4.secretAccessKey, sessionToken: 'session-token-1' };
    const { srv, catalog } = await setup(
      { basePath: '/iceberg', prefix: arn, prefixInPath: encoded, warehouses: [arn], auth: { kind: 'sigv4', ...SIGV4, service: 's3tables', sessionToken: creds.sessionToken } },
      { warehouse: arn, auth: { kind: 'sigv4', service: 's3tables', region: 'us-east-1', credentials: creds } },
    );
    await catalog.createNamespace(['prod', 'logs']);
    assert.equal(await catalog.namespaceExists(['prod', 'logs']), true);
    assert.ok(srv.requests.some((q) => q.rawPath === `/iceberg/v1/${encoded}/namespaces/prod%1Flogs`), srv.requests.map((q) => q.rawPath).join('\n'));
    assert.deepEqual(srv.violations, []);
    // a wrong secret is refused with one clear line and no secret in it
    const bad = await RestCatalog.open({ uri: srv.uri, warehouse: arn, auth: { kind: 'sigv4', service: 's3tables', region: 'us-east-1', credentials: { ...creds, secretAccessKey: 'wrong-secret' } } })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(isIcebergError(bad, 'NOT_AUTHORIZED'), String(bad));
    assert.doesNotMatch((bad as Error).message, /wrong-secret|loopback-secret/);
    assert.doesNotMatch((bad as Error).message, /\n/);
  });

  test('64-bit ids beyond 2^53 survive load and commit (assert-ref-snapshot-id stays exact)', async () => {
    const { srv, catalog } = await setup();
    await tableWithData(catalog);
    const t = await catalog.loadTable(id);
    const big = (1n << 62n) + 7n;
    const snap = {
      'snapshot-id': big, 'sequence-number': 1n, 'timestamp-ms': Date.now(), 'manifest-list': `${t.metadata.location}/metadata/none.avro`,
      summary: { operation: 'append' as const, 'total-records': '0', 'total-data-files': '0' }, 'schema-id': t.metadata['current-schema-id'],
    };
    await catalog.commitTable(id, t.metadataLocation, TableMetadataBuilder.fromBase(t.metadata, t.metadataLocation).addSnapshot(snap).setBranchSnapshot(big).build());
    const loaded = await catalog.loadTable(id);
    assert.equal(loaded.metadata['current-snapshot-id'], big);
    assert.equal(loaded.metadata.refs.main!['snapshot-id'], big);
    // the next commit asserts main == 2^62+7 exactly; a lossy client would be refused forever (409)
    const next = TableMetadataBuilder.fromBase(loaded.metadata, loaded.metadataLocation).setProperties({ k: 'v' }).build();
    const c = await catalog.commitTable(id, loaded.metadataLocation, next);
    assert.equal(c.metadata.properties.k, 'v');
    const commitBodies = srv.requests.filter((q) => q.method === 'POST' && q.rawPath.endsWith('/tables/events'));
    assert.ok(commitBodies.every((q) => q.status === 200));
    assert.deepEqual(srv.violations, []);
  });

  test('a 409 storm: the append retries on the new parent, without rewriting its data file, and lands once', async () => {
    const { srv, catalog } = await setup();
    await tableWithData(catalog);
    await appendOne(catalog, 'first', 0);
    srv.inject(...Array.from({ length: 7 }, () => ({ kind: 'conflict' as const })));
    const r = await appendOne(catalog, 'second', 10);
    assert.equal(r.retries, 7);
    const t = await catalog.loadTable(id);
    assert.equal(snapshotAncestry(t.metadata).length, 2);
    assert.deepEqual((await listLiveDataFiles(t)).map((f) => f.filePath.replace(/^.*\//, '')).sort(), ['first.parquet', 'second.parquet']);
    assert.deepEqual(srv.violations, []);
  });

  for (const status of [500, 502, 504] as const) {
    test(`"${status} after the commit was applied": the client finds its snapshot, no duplicate, nothing deleted`, async () => {
      const { srv, catalog } = await setup();
      await tableWithData(catalog);
      await appendOne(catalog, 'first', 0);
      srv.inject({ kind: 'error-after-apply', status });
      const r = await appendOne(catalog, 'second', 10);
      const t = await catalog.loadTable(id);
      const chain = snapshotAncestry(t.metadata);
      assert.equal(chain.length, 2, 'exactly one snapshot for the second append');
      assert.equal(chain[0]!['snapshot-id'], r.snapshotId);
      assert.equal(await t.io.exists(chain[0]!['manifest-list']), true, 'the committed manifest list was not deleted');
      assert.equal(await t.io.exists(r.manifestPath!), true);
      assert.equal(srv.stats.commitsApplied, 3); // realign + first + second, each applied once
      assert.deepEqual(srv.violations, []);
    });
  }

  test('503 before applying: the same request (same Idempotency-Key, UUIDv7) is sent again; a new commit gets a new key', async () => {
    const { srv, catalog } = await setup();
    assert.equal(catalog.idempotency, true);
    await tableWithData(catalog);
    srv.inject({ kind: 'unavailable' }, { kind: 'unavailable', retryAfterSecs: 0 });
    const before = srv.requests.length;
    await appendOne(catalog, 'a', 0);
    await appendOne(catalog, 'b', 1);
    const posts = srv.requests.slice(before).filter((q) => q.method === 'POST' && q.rawPath.endsWith('/tables/events'));
    assert.deepEqual(posts.map((q) => q.status), [503, 503, 200, 200]);
    const keys = posts.map((q) => String(q.headers['idempotency-key']));
    assert.match(keys[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    assert.equal(keys[0], keys[1]);
    assert.equal(keys[1], keys[2]);
    assert.notEqual(keys[2], keys[3]);
    assert.equal(snapshotAncestry((await catalog.loadTable(id)).metadata).length, 2);
  });

  test('a stalled answer after applying (client timeout) is recognised as committed', async () => {
    const { srv, catalog } = await setup({}, { requestTimeoutMs: 1000 });
    await tableWithData(catalog);
    srv.inject({ kind: 'stall-after-apply', ms: 2500 });
    const r = await appendOne(catalog, 'slow', 0);
    const t = await catalog.loadTable(id);
    assert.deepEqual(snapshotAncestry(t.metadata).map((s) => s['snapshot-id']), [r.snapshotId]);
  });

  test('no idempotency advertised: no Idempotency-Key header is sent', async () => {
    const { srv, catalog } = await setup({ idempotency: false });
    await tableWithData(catalog);
    await appendOne(catalog, 'a', 0);
    assert.ok(srv.requests.every((q) => q.headers['idempotency-key'] === undefined));
  });

  test('bearer token and OAuth2 client credentials; refusals are one line without the secret', async () => {
    const { catalog } = await setup({ auth: { kind: 'bearer', tokens: ['tok-123'] } }, { auth: { kind: 'bearer', token: 'tok-123' } });
    await catalog.createNamespace(['logs']);
    const srv2 = await startRestCatalogServer({ warehouseLocation: pathToFileUri(join(dir, 'oauth')), auth: { kind: 'oauth2', clients: { loglake: 's3cr3t' } } });
    after(() => srv2.close());
    const ok = await RestCatalog.open({ uri: srv2.uri, auth: { kind: 'oauth2', clientId: 'loglake', clientSecret: 's3cr3t' } });
    await ok.createNamespace(['logs']);
    assert.deepEqual(await ok.listNamespaces(), [['logs']]);
    assert.ok(srv2.requests.some((q) => q.rawPath === '/v1/oauth/tokens' && q.status === 200));
    for (const auth of [{ kind: 'oauth2', clientId: 'loglake', clientSecret: 'nope-secret' }, { kind: 'bearer', token: 'nope-token' }, { kind: 'none' }] as const) {
      const e = await RestCatalog.open({ uri: srv2.uri, auth }).then(() => undefined, (x: unknown) => x);
      assert.ok(isIcebergError(e, 'NOT_AUTHORIZED'), `${auth.kind}: ${String(e)}`);
      assert.doesNotMatch((e as Error).message, /nope-|s3cr3t/);
    }
  });

  test('bad configuration: unreachable endpoint, unknown warehouse, not a catalog', async () => {
    const { srv } = await setup({ warehouses: ['good'] }, { warehouse: 'good' });
    const e1 = await RestCatalog.open({ uri: 'http://127.0.0.1:9', readAttempts: 2, retryBaseDelayMs: 1 }).then(() => undefined, (x: unknown) => x);
    assert.ok(isIcebergError(e1, 'CATALOG_UNAVAILABLE'), String(e1));
    assert.match((e1 as Error).message, /cannot reach REST catalog http:\/\/127\.0\.0\.1:9/);
    const e2 = await RestCatalog.open({ uri: srv.uri, warehouse: 'bad' }).then(() => undefined, (x: unknown) => x);
    assert.ok(isIcebergError(e2, 'INVALID_ARGUMENT'), String(e2));
    assert.match((e2 as Error).message, /Unknown warehouse: bad/);
    const e3 = await RestCatalog.open({ uri: `${srv.uri}/nope`, warehouse: 'good' }).then(() => undefined, (x: unknown) => x);
    assert.ok(isIcebergError(e3, 'CATALOG_UNAVAILABLE'), String(e3));
  });
});
