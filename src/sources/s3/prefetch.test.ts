import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3Server, type S3TestServer } from '../../../test/helpers/s3-server.js';
import { lightGet } from '../../core/s3/light-get.js';
import { discoverS3 } from './discover-s3.js';
import { S3ObjectSource } from './s3-object-source.js';
import { Prefetcher } from '../prefetch.js';
import type { LineSink } from '../line-reader.js';

let s3: S3TestServer;
const ODD = ['odd/a b+c(1)!.json', 'odd/x&y<z>"q\'.json', 'odd/ünï cödé %2F+~.json', 'odd/tab\there.json'];
const body = (i: number): Buffer => Buffer.from(Array.from({ length: 5 + (i % 3) }, (_, k) => `{"log":"object ${i} line ${k} ü","stream":"stdout"}`).join('\n') + (i % 2 ? '\n' : ''));

before(async () => {
  s3 = await startS3Server({ buckets: ['pf'] });
  for (let i = 0; i < 40; i++) {
    const key = `app/pod-${i % 4}/${String(i).padStart(4, '0')}.json${i === 7 ? '.gz' : ''}`;
    await s3.client.send(new PutObjectCommand({ Bucket: 'pf', Key: key, Body: i === 7 ? gzipSync(body(i)) : body(i) }));
  }
  for (const key of ODD) await s3.client.send(new PutObjectCommand({ Bucket: 'pf', Key: key, Body: body(99) }));
});
after(async () => {
  await s3?.stop();
});

function lines(): { sink: LineSink; got: string[] } {
  const got: string[] = [];
  return { got, sink: { onLine: (b, s, e, off, next) => got.push(`${off}-${next}:${b.toString('utf8', s, e)}`), onOverlong: () => assert.fail('overlong') } };
}

test('the lean GET returns the stored bytes, pinned to the listed ETag (odd key names too)', async () => {
  const objects = await discoverS3(s3.client, ['s3://pf/']);
  const odd = objects.find((o) => o.key === ODD[0])!;
  assert.deepEqual(await lightGet(s3.client, odd), body(99));
  await assert.rejects(lightGet(s3.client, { ...odd, etag: '"0123456789abcdef0123456789abcdef"' }));
  await assert.rejects(lightGet(s3.client, { ...odd, size: odd.size + 1 }));
});

test('objects fetched ahead give the same heads, lines and offsets as objects read on their turn, from any start', async () => {
  const objects = await discoverS3(s3.client, ['s3://pf/app']);
  assert.equal(objects.length, 40);
  const ahead = objects.map((o) => new S3ObjectSource(s3.client, o));
  const plain = objects.map((o) => new S3ObjectSource(s3.client, o));
  const pf = new Prefetcher(ahead, () => true, { maxAhead: 8 });
  for (let i = 0; i < ahead.length; i++) {
    pf.advance(i);
    const start = i % 5 === 0 ? 20 : 0;
    assert.deepEqual(await ahead[i]!.head(), await plain[i]!.head(), objects[i]!.key);
    const a = lines(), b = lines();
    const ra = await ahead[i]!.read(start, a.sink, 1 << 20);
    const rb = await plain[i]!.read(start, b.sink, 1 << 20);
    assert.deepEqual(a.got, b.got, objects[i]!.key);
    assert.deepEqual(ra, rb, objects[i]!.key);
    assert.ok(a.got.length > 0);
  }
});

test('the lean listing gives what the SDK lists (odd key names: XML escapes, spaces, +, %, unicode)', async () => {
  const objects = await discoverS3(s3.client, ['s3://pf/odd']);
  const sdk = await s3.client.send(new ListObjectsV2Command({ Bucket: 'pf', Prefix: 'odd' }));
  assert.deepEqual(
    objects.map((o) => [o.key, o.size, o.etag, o.lastModified.getTime()]),
    (sdk.Contents ?? []).map((o) => [o.Key, o.Size, o.ETag, o.LastModified?.getTime()]),
  );
  assert.deepEqual(objects.map((o) => o.key).sort(), [...ODD].sort());
  for (const o of objects) assert.deepEqual(await lightGet(s3.client, o), body(99), o.key);
});
