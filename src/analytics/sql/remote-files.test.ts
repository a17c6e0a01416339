import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3Server, type S3TestServer } from '../../../test/helpers/s3-server.js';
import { startFaultProxy, type FaultProxy } from '../../../test/helpers/s3-fault-proxy.js';
import { S3FileIO } from '../../sinks/iceberg/io/index.js';
import { RemoteFiles, defaultCacheDir } from './remote-files.js';

let server: S3TestServer;
let proxy: FaultProxy;
let db: DuckDBInstance;
let con: DuckDBConnection;
let cache: string;

before(async () => {
  server = await startS3Server({ buckets: ['lake'] });
  proxy = await startFaultProxy(server.endpoint);
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
  cache = mkdtempSync(join(tmpdir(), 'loglake-rcache-'));
});

after(async () => {
  con?.closeSync();
  db?.closeSync();
  await proxy?.stop();
  await server?.stop();
  rmSync(cache, { recursive: true, force: true });
});

test('without httpfs, remote files are fetched once into a content-addressed cache with safe names', async () => {
  const keys = ['wh/data/service=api/a.parquet', "wh/data/service=..%2F..%2Fetc/'; DROP TABLE x; --.parquet"];
  const bodies = [Buffer.from('first file'), Buffer.from('second, hostile name')];
  for (const [i, k] of keys.entries()) await server.client.send(new PutObjectCommand({ Bucket: 'lake', Key: k, Body: bodies[i] }));
  const io = new S3FileIO({ client: proxy.client, read: { backoffMs: 5 } });
  const files = keys.map((k, i) => ({ uri: `s3://lake/${k}`, size: bodies[i]!.length }));
  files.push({ uri: 'file:///tmp/local.parquet', size: 1 });

  const r1 = new RemoteFiles(con, { io, cacheDir: cache });
  proxy.inject({ kind: 'resetMid', method: 'GET', url: /hostile|DROP/, afterBytes: 5 });
  const paths = await r1.resolve(files);
  assert.equal(r1.path, 'cache', 'httpfs is not installed here');
  assert.equal(paths.get('file:///tmp/local.parquet'), '/tmp/local.parquet');
  for (const [i, f] of files.slice(0, 2).entries()) {
    const p = paths.get(f.uri)!;
    assert.ok(!relative(cache, p).startsWith('..'), `${p} inside the cache`);
    assert.match(p.slice(cache.length), /^\/files\/[0-9a-f]{2}\/[0-9a-f]{64}\.parquet$/);
    assert.deepEqual(readFileSync(p), bodies[i]);
  }
  assert.match(r1.summary(), /httpfs not available .*2 S3 file\(s\).*local cache .*\(2 fetched/);

  const gets = proxy.requests.filter((r) => r.method === 'GET').length;
  const r2 = new RemoteFiles(con, { io, cacheDir: cache });
  await r2.resolve(files);
  assert.equal(proxy.requests.filter((r) => r.method === 'GET').length, gets, 'second read served from the cache');
  assert.match(r2.summary(), /0 fetched.*2 already cached/);

  // a size that disagrees with the manifest is an error, and nothing half-fetched stays
  const r3 = new RemoteFiles(con, { io, cacheDir: join(cache, 'other'), noHttpfs: true });
  await assert.rejects(r3.resolve([{ uri: files[0]!.uri, size: 999 }]), /the manifest says 999/);
});

test('default cache dir: $XDG_CACHE_HOME/loglake, else ~/.cache/loglake', () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/loglake');
  assert.match(defaultCacheDir({}), /\/\.cache\/loglake$/);
  assert.match(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }), /\/\.cache\/loglake$/);
});
