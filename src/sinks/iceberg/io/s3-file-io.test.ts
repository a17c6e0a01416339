import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startS3Server, s3TestClient, type S3TestServer } from '../../../../test/helpers/s3-server.js';
import { startFaultProxy, type FaultProxy } from '../../../../test/helpers/s3-fault-proxy.js';
import { IcebergError } from '../spec/iceberg-error.js';
import { S3FileIO } from './s3-file-io.js';
import { fileIOFor, LocalFileIO } from './index.js';

const BUCKET = 'wh';
let server: S3TestServer;
let proxy: FaultProxy;
let client: S3Client;
let io: S3FileIO;
let dir: string;

/** A client through the proxy with quick retries and a short socket timeout (stall tests). */
function proxyClient(p: FaultProxy, maxAttempts = 5): S3Client {
  return s3TestClient(p.endpoint, {
    maxAttempts,
    requestHandler: { connectionTimeout: 2000, socketTimeout: 800 },
  });
}

before(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
  proxy = await startFaultProxy(server.endpoint);
  client = proxyClient(proxy);
  io = new S3FileIO({ client, multipartThresholdBytes: 6 * 1024 * 1024, partSizeBytes: 5 * 1024 * 1024, read: { backoffMs: 10, idleTimeoutMs: 500 } });
  dir = mkdtempSync(join(tmpdir(), 'loglake-s3io-'));
});

after(async () => {
  client?.destroy();
  await proxy?.stop();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const uri = (k: string): string => `s3://${BUCKET}/${k}`;

async function rawGet(key: string): Promise<Buffer> {
  const r = await server.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await r.Body!.transformToByteArray());
}

test('write/read/exists/size/list/delete round trip', async () => {
  const data = Buffer.from('{"format-version":2}');
  await io.write(uri('t/metadata/00000-a.metadata.json'), data);
  await io.write(uri('t/data/service=api/x.parquet'), Buffer.from('PAR1'));
  await io.write(uri('t2/other.json'), Buffer.from('{}'));
  assert.deepEqual(await io.read(uri('t/metadata/00000-a.metadata.json')), data);
  assert.equal(await io.exists(uri('t/metadata/00000-a.metadata.json')), true);
  assert.equal(await io.exists(uri('t/missing')), false);
  assert.equal(await io.size(uri('t/data/service=api/x.parquet')), 4);
  assert.deepEqual(await io.list(uri('t')), [uri('t/data/service=api/x.parquet'), uri('t/metadata/00000-a.metadata.json')]);
  await io.delete(uri('t/data/service=api/x.parquet'));
  await io.delete(uri('t/data/service=api/x.parquet')); // missing: fine
  assert.deepEqual(await io.list(uri('t/')), [uri('t/metadata/00000-a.metadata.json')]);
  await assert.rejects(io.read(uri('t/nope.json')), (e: unknown) => e instanceof IcebergError && e.code === 'NOT_FOUND');
  await assert.rejects(io.size(uri('t/nope.json')), (e: unknown) => e instanceof IcebergError && e.code === 'NOT_FOUND');
});

test('create-if-absent sends If-None-Match and loses against an existing object; overwrite replaces', async () => {
  const loc = uri('c/metadata/00001-b.metadata.json');
  await io.write(loc, Buffer.from('first'));
  const before = proxy.requests.length;
  await assert.rejects(io.write(loc, Buffer.from('second')), (e: unknown) => e instanceof IcebergError && e.code === 'PRECONDITION_FAILED');
  assert.ok(proxy.requests.slice(before).some((r) => r.condition === 'If-None-Match: *' && r.answered === 412));
  assert.deepEqual(await rawGet('c/metadata/00001-b.metadata.json'), Buffer.from('first'));
  await io.write(loc, Buffer.from('third'), { overwrite: true });
  assert.deepEqual(await io.read(loc), Buffer.from('third'));
});

test('eight concurrent creators of one key: exactly one wins', async () => {
  const loc = uri('race/metadata/00002-c.metadata.json');
  const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => io.write(loc, Buffer.from(`writer-${i}`))));
  const won = results.filter((r) => r.status === 'fulfilled');
  assert.equal(won.length, 1);
  for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as IcebergError).code, 'PRECONDITION_FAILED');
  assert.match((await io.read(loc)).toString(), /^writer-\d$/);
});

test('conditional replace (If-Match): a stale version loses, a lost answer of our own write is success', async () => {
  const loc = uri('state/templates.json');
  await io.write(loc, Buffer.from('v1'), { overwrite: true });
  const a = (await io.readVersioned(loc))!;
  const b = (await io.readVersioned(loc))!;
  assert.equal(a.version, b.version);
  await io.write(loc, Buffer.from('v2-a'), { ifMatch: a.version });
  await assert.rejects(io.write(loc, Buffer.from('v2-b'), { ifMatch: b.version }), (e: unknown) => e instanceof IcebergError && e.code === 'PRECONDITION_FAILED');
  assert.equal((await io.read(loc)).toString(), 'v2-a');
  // applied upstream, then a 500: the SDK retries with the old If-Match, gets 412, sees its own bytes
  const c = (await io.readVersioned(loc))!;
  proxy.inject({ kind: 'statusAfter', method: 'PUT', url: /state\/templates\.json/, status: 500, code: 'InternalError' });
  await io.write(loc, Buffer.from('v3'), { ifMatch: c.version });
  assert.equal((await io.read(loc)).toString(), 'v3');
  assert.equal(await io.readVersioned(uri('state/none.json')), undefined);
});

test('create-if-absent whose first answer was lost (applied, then 503) still succeeds', async () => {
  const loc = uri('lost/metadata/00003-d.metadata.json');
  proxy.inject({ kind: 'statusAfter', method: 'PUT', url: /00003-d/, status: 503, code: 'SlowDown' });
  await io.write(loc, Buffer.from('mine'));
  assert.equal((await io.read(loc)).toString(), 'mine');
});

test('5xx and resets before the answer are retried with backoff', async () => {
  const loc = uri('retry/snap-1.avro');
  proxy.inject({ kind: 'status', method: 'PUT', url: /snap-1/, status: 503, code: 'SlowDown', times: 2 });
  proxy.inject({ kind: 'reset', method: 'PUT', url: /snap-1/ });
  await io.write(loc, Buffer.from('avro bytes'));
  proxy.inject({ kind: 'status', method: 'GET', url: /snap-1/, status: 500, code: 'InternalError' });
  proxy.inject({ kind: 'reset', method: 'GET', url: /snap-1/ });
  assert.equal((await io.read(loc)).toString(), 'avro bytes');
  assert.equal(proxy.pending(), 0);
});

test('too many failures surface as one IcebergError IO_ERROR naming the object, with no credential', async () => {
  const loc = uri('fail/x.json');
  proxy.inject({ kind: 'status', method: 'PUT', url: /fail\/x/, status: 503, code: 'SlowDown', times: 10 });
  const quick = proxyClient(proxy, 2);
  const io2 = new S3FileIO({ client: quick });
  await assert.rejects(io2.write(loc, Buffer.from('x')), (e: unknown) => {
    assert.ok(e instanceof IcebergError && e.code === 'IO_ERROR' && e.retryable, String(e));
    assert.match(e.message, /fail\/x\.json/);
    assert.doesNotMatch(e.message, /S3RVER/);
    return true;
  });
  quick.destroy();
  proxy.clear();
});

test('a body that breaks mid-stream or stalls is resumed with a ranged GET', async () => {
  const body = randomBytes(3 * 1024 * 1024 + 17);
  const loc = uri('big/data/part-0.parquet');
  await server.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big/data/part-0.parquet', Body: body }));
  const before = proxy.requests.length;
  proxy.inject({ kind: 'resetMid', method: 'GET', url: /part-0\.parquet/, afterBytes: 1024 * 1024 });
  proxy.inject({ kind: 'stallMid', method: 'GET', url: /part-0\.parquet/, afterBytes: 512 * 1024, ms: 3000 });
  const got = await io.read(loc);
  assert.equal(got.length, body.length);
  assert.ok(got.equals(body));
  const gets = proxy.requests.slice(before).filter((r) => r.method === 'GET');
  assert.equal(gets.length, 3, JSON.stringify(gets));
  assert.equal(gets[0]!.range, undefined);
  assert.equal(gets[1]!.range, `bytes=${1024 * 1024}-`);
  assert.equal(gets[2]!.range, `bytes=${1024 * 1024 + 512 * 1024}-`);
  // download to a local file takes the same path
  proxy.inject({ kind: 'resetMid', method: 'GET', url: /part-0\.parquet/, afterBytes: 100_000 });
  const local = join(dir, 'copy.parquet');
  await io.download(loc, local);
  assert.ok(readFileSync(local).equals(body));
});

test('a stalled answer times out and is retried', async () => {
  const loc = uri('stall/manifest.avro');
  await io.write(loc, Buffer.from('manifest'));
  proxy.inject({ kind: 'stall', method: 'GET', url: /stall\/manifest/, ms: 3000 });
  assert.equal((await io.read(loc)).toString(), 'manifest');
});

test('large files go up as multipart; a failed part is retried; a failed upload leaves nothing visible', async () => {
  const body = randomBytes(13 * 1024 * 1024 + 5);
  const local = join(dir, 'big.parquet');
  writeFileSync(local, body);
  const before = proxy.requests.length;
  proxy.inject({ kind: 'status', method: 'PUT', url: /partNumber=2/, status: 500, code: 'InternalError' });
  await io.upload(uri('mp/data/big.parquet'), local);
  assert.ok((await rawGet('mp/data/big.parquet')).equals(body));
  const parts = proxy.requests.slice(before).filter((r) => r.method === 'PUT' && /partNumber=/.test(r.url));
  assert.ok(parts.length >= 4, `parts: ${parts.length}`); // 3 parts + the retried one
  assert.ok(proxy.requests.slice(before).some((r) => r.method === 'POST' && /uploadId=/.test(r.url) && r.condition === 'If-None-Match: *'));

  // every attempt at part 2 fails: the upload is aborted and the object never appears
  proxy.inject({ kind: 'status', method: 'PUT', url: /partNumber=2/, status: 500, code: 'InternalError', times: 20 });
  await assert.rejects(io.upload(uri('mp/data/doomed.parquet'), local), (e: unknown) => e instanceof IcebergError);
  assert.equal(await io.exists(uri('mp/data/doomed.parquet')), false);
  proxy.clear();
  // the upload was aborted (s3rver cannot list open uploads: the abort request is the evidence)
  assert.ok(proxy.requests.some((r) => r.method === 'DELETE' && /doomed\.parquet\?uploadId=/.test(r.url)));

  // a multipart create-if-absent loses against another object at Complete time (the same bytes
  // would count as our own earlier attempt)
  const other = join(dir, 'other.parquet');
  writeFileSync(other, randomBytes(body.length));
  await assert.rejects(io.upload(uri('mp/data/big.parquet'), other), (e: unknown) => e instanceof IcebergError && e.code === 'PRECONDITION_FAILED');
});

test('fileIOFor picks by scheme; the S3 client comes from the environment (endpoint, path style)', async () => {
  assert.ok(fileIOFor('/tmp/x') instanceof LocalFileIO);
  assert.ok(fileIOFor('file:///tmp/x') instanceof LocalFileIO);
  const env = { LOGLAKE_S3_ENDPOINT: server.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  const s3 = fileIOFor(`s3://${BUCKET}/env/x`, env);
  assert.ok(s3 instanceof S3FileIO);
  await s3.write(`s3://${BUCKET}/env/x.json`, Buffer.from('{}'));
  assert.deepEqual(await rawGet('env/x.json'), Buffer.from('{}'));
  await s3.close?.();
  assert.throws(() => fileIOFor('gs://b/k'), (e: unknown) => e instanceof IcebergError && e.code === 'INVALID_ARGUMENT');
});

test('LocalFileIO: versioned read + conditional replace, upload, download', async () => {
  const local = new LocalFileIO();
  const loc = `file://${join(dir, 'local', 'state.json')}`;
  assert.equal(await local.readVersioned(loc), undefined);
  await local.write(loc, Buffer.from('a'), { overwrite: true });
  const v = (await local.readVersioned(loc))!;
  await local.write(loc, Buffer.from('b'), { ifMatch: v.version });
  await assert.rejects(local.write(loc, Buffer.from('c'), { ifMatch: v.version }), (e: unknown) => e instanceof IcebergError && e.code === 'PRECONDITION_FAILED');
  const src = join(dir, 'src.bin');
  writeFileSync(src, 'payload');
  await local.upload(`file://${join(dir, 'local', 'up.bin')}`, src);
  await assert.rejects(local.upload(`file://${join(dir, 'local', 'up.bin')}`, src), (e: unknown) => e instanceof IcebergError);
  await local.download(`file://${join(dir, 'local', 'up.bin')}`, join(dir, 'down.bin'));
  assert.equal(readFileSync(join(dir, 'down.bin'), 'utf8'), 'payload');
});
