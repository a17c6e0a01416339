import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, gunzipSync } from 'node:zlib';
import { PutObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startS3Server, startFaultProxy, type S3TestServer } from '../../../test/helpers/s3-server.js';
import { pathMetadata } from '../path-metadata.js';
import type { LineSink } from '../line-reader.js';
import { fingerprint } from '../../state/source-position.js';
import { LoglakeError } from '../../core/errors.js';
import {
  discoverS3, openS3Stream, readS3Head, readS3Object, parseS3Uri, s3ClientFromEnv, type S3Object,
} from './index.js';

const BUCKET = 'logs';
const ROOT = 'spark-on-eks/spark-application-logs/spark-team-a';
const APP_A = `spark-${'1b3b78e281664cefb74ca64a1ed5a2d9'}`;
const APP_B = `spark-${'0123456789abcdef0123456789abcdef'}`;

/** Fluent Bit JSON lines as the seed's pipeline writes them. */
function fluentBitLines(pod: string, app: string, n: number, seed = 0): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 0) + (seed * 1_000_000 + i) * 17).toISOString();
    lines.push(JSON.stringify({
      date: t,
      log: `${t.slice(0, 19).replace('T', ' ')} INFO TaskSetManager: Finished task ${i}.0 in stage ${seed}.0 (TID ${i}) on ${pod} — ünïcode ${'x'.repeat(i % 97)}`,
      stream: 'stderr',
      kubernetes: { pod_name: pod, namespace_name: 'spark-team-a', labels: { 'spark-app-selector': app, 'spark-role': pod.includes('exec') ? 'executor' : 'driver' } },
    }));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** key (relative to ROOT) → stored bytes; gz keys hold gzip of `plain`. */
const tree: { key: string; body: Buffer; plain: Buffer }[] = [];
function add(rel: string, plain: Buffer, gzip = false): void {
  tree.push({ key: `${ROOT}/${rel}`, body: gzip ? gzipSync(plain) : plain, plain });
}
const DRIVER = `${APP_A}/taxi-trip-ebs-pvc/taxi-trip-ebs-pvc_230728_veVAzLFN.json`;
const EXEC1 = `${APP_A}/taxi-trip-ebs-pvc-exec-1/taxi-trip-ebs-pvc-exec-1_230915_8kTnRfkj.json`;
const EXEC2_GZ = `${APP_A}/taxi-trip-ebs-pvc-exec-2/taxi-trip-ebs-pvc-exec-2_230916_j5NsRfkj.json.gz`;
add(DRIVER, fluentBitLines('taxi-trip-ebs-pvc', APP_A, 6000, 1)); // ~1.5 MB: several chunks
add(EXEC1, fluentBitLines('taxi-trip-ebs-pvc-exec-1', APP_A, 40, 2));
add(EXEC2_GZ, fluentBitLines('taxi-trip-ebs-pvc-exec-2', APP_A, 5000, 3), true);
// rotations of one file, out of order on purpose
add(`${APP_B}/pi-driver/pi.json.1`, fluentBitLines('pi-driver', APP_B, 3, 5));
add(`${APP_B}/pi-driver/pi.json`, fluentBitLines('pi-driver', APP_B, 3, 6));
add(`${APP_B}/pi-driver/pi.json.2.gz`, fluentBitLines('pi-driver', APP_B, 3, 4), true);
add(`${APP_B}/pi-driver/empty.json`, Buffer.alloc(0));
// not logs: runtime files, skipped folders and extensions, directory markers
add(`${APP_A}/taxi-trip-ebs-pvc/config.v2.json`, Buffer.from('{}'));
add(`${APP_A}/_loglake/offsets.json`, Buffer.from('{}'));
add(`${APP_A}/taxi-trip-ebs-pvc/.hidden.json`, Buffer.from('x\n'));
add(`${APP_A}/out/part-0.parquet`, Buffer.from('PAR1'));
add(`${APP_A}/`, Buffer.alloc(0));
add(`${APP_B}_$folder$`, Buffer.alloc(0));

// by rotation base (the URI without its rotation suffix: byte order, so `…-exec-1/` < `…/`),
// then oldest rotation first, live object last
const EXPECTED_ORDER = [
  `${APP_B}/pi-driver/empty.json`, `${APP_B}/pi-driver/pi.json.2.gz`, `${APP_B}/pi-driver/pi.json.1`, `${APP_B}/pi-driver/pi.json`,
  EXEC1, EXEC2_GZ, DRIVER,
];

let s3: S3TestServer;
let client: S3Client;
let objects: S3Object[];

async function put(c: S3Client, bucket: string, key: string, body: Buffer): Promise<void> {
  await c.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function collect(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function plainOf(key: string): Buffer {
  return tree.find((t) => t.key === key)!.plain;
}

function lineCollector(): { sink: LineSink; lines: { text: string; offset: number; next: number }[] } {
  const lines: { text: string; offset: number; next: number }[] = [];
  return {
    lines,
    sink: {
      onLine: (buf, s, e, offset, next) => lines.push({ text: buf.toString('utf8', s, e), offset, next }),
      onOverlong: () => assert.fail('no overlong lines expected'),
    },
  };
}

/** The lines of `content` from byte `start` with their offsets, computed locally. */
function expectedLines(content: Buffer, start: number): { text: string; offset: number; next: number }[] {
  const out: { text: string; offset: number; next: number }[] = [];
  let pos = start;
  while (pos < content.length) {
    let nl = content.indexOf(10, pos);
    const end = nl < 0 ? content.length : nl;
    out.push({ text: content.toString('utf8', pos, end), offset: pos, next: nl < 0 ? end : end + 1 });
    if (nl < 0) break;
    pos = nl + 1;
  }
  return out;
}

before(async () => {
  s3 = await startS3Server({ buckets: [BUCKET, 'many'] });
  client = s3.client;
  for (const t of tree) await put(client, BUCKET, t.key, t.body);
  // a sibling folder whose name starts with the same characters: not under `spark-team-a`
  await put(client, BUCKET, `${ROOT}-old/${APP_A}/p/x.json`, Buffer.from('{"old":true}\n'));
  objects = await discoverS3(client, [`s3://${BUCKET}/${ROOT}`]);
});

after(async () => {
  await s3?.stop();
});

test('parseS3Uri', () => {
  assert.deepEqual(parseS3Uri('s3://bkt/a/b/c.json'), { bucket: 'bkt', key: 'a/b/c.json' });
  assert.deepEqual(parseS3Uri('s3://bkt'), { bucket: 'bkt', key: '' });
  assert.deepEqual(parseS3Uri('s3://bkt/'), { bucket: 'bkt', key: '' });
  assert.deepEqual(parseS3Uri('s3a://bkt/p/'), { bucket: 'bkt', key: 'p/' });
  assert.throws(() => parseS3Uri('/var/log/x.log'), (e: unknown) => e instanceof LoglakeError && e.code === 'USAGE');
  assert.throws(() => parseS3Uri('s3:///key'), (e: unknown) => e instanceof LoglakeError && e.code === 'USAGE');
});

test('discovery: the seed layout, reading order, gzip flag, skipped names, metadata from the URI', () => {
  assert.deepEqual(objects.map((o) => o.key.slice(ROOT.length + 1)), EXPECTED_ORDER);
  for (const o of objects) {
    const t = tree.find((x) => x.key === o.key)!;
    assert.equal(o.bucket, BUCKET);
    assert.equal(o.uri, `s3://${BUCKET}/${o.key}`);
    assert.equal(o.size, t.body.length);
    assert.equal(o.gzip, o.key.endsWith('.gz'));
    assert.match(o.etag, /^"[0-9a-f]{32}"$/);
    assert.ok(o.lastModified instanceof Date && !Number.isNaN(o.lastModified.getTime()));
    assert.equal(o.explicit, false);
  }
  const exec2 = objects.find((o) => o.key.endsWith(EXEC2_GZ))!;
  const meta = pathMetadata([exec2.uri]);
  assert.equal(meta.sparkAppSelector, APP_A);
  assert.equal(meta.pod, 'taxi-trip-ebs-pvc-exec-2');
  assert.equal(pathMetadata([objects[6]!.uri]).pod, 'taxi-trip-ebs-pvc');
  assert.equal(pathMetadata([objects[0]!.uri]).sparkAppSelector, APP_B);
});

test('discovery: an object named exactly is read even when its name would be skipped; overlapping URIs list it once', async () => {
  const cfg = `s3://${BUCKET}/${ROOT}/${APP_A}/taxi-trip-ebs-pvc/config.v2.json`;
  const got = await discoverS3(client, [cfg, `s3://${BUCKET}/${ROOT}/${APP_A}/taxi-trip-ebs-pvc/`, `s3://${BUCKET}/${ROOT}/${APP_A}/taxi-trip-ebs-pvc`]);
  assert.deepEqual(got.map((o) => o.key.split('/').pop()), ['config.v2.json', 'taxi-trip-ebs-pvc_230728_veVAzLFN.json']);
  assert.equal(got[0]!.explicit, true);
  assert.equal(got[1]!.explicit, false);
});

test('read every object completely (gzip decompressed) and the head used for fingerprints', async () => {
  for (const o of objects) {
    const want = plainOf(o.key);
    const got = await collect(openS3Stream(client, o));
    assert.equal(got.length, want.length, o.key);
    assert.ok(got.equals(want), o.key);
    const head = await readS3Head(client, o);
    assert.ok(head.equals(want.subarray(0, 65536)), `head of ${o.key}`);
    assert.deepEqual(fingerprint(head), fingerprint(want.subarray(0, 65536)));
  }
  for (const key of [DRIVER, EXEC2_GZ]) {
    const o = objects.find((x) => x.key.endsWith(key))!;
    assert.ok((await readS3Head(client, o, 10)).equals(plainOf(o.key).subarray(0, 10)), key);
  }
});

test('read from an offset: plain (ranged GET) and gzip (decompressed offsets), bytes and lines', async () => {
  for (const key of [DRIVER, EXEC2_GZ]) {
    const o = objects.find((x) => x.key.endsWith(key))!;
    const want = plainOf(o.key);
    for (const start of [1, 777, 65536, Math.floor(want.length / 2) + 3, want.length - 1, want.length]) {
      const got = await collect(openS3Stream(client, o, start));
      assert.ok(got.equals(want.subarray(start)), `${key} from ${start}`);
    }
    // lines from a line boundary, with offsets in the (decompressed) object
    const boundary = want.indexOf(10, Math.floor(want.length / 3)) + 1;
    const { sink, lines } = lineCollector();
    const r = await readS3Object(client, o, boundary, sink, 1 << 20);
    assert.deepEqual(lines, expectedLines(want, boundary));
    assert.equal(r.endOffset, want.length);
    assert.equal(r.heldBack, 0);
    // from 0 and past the end
    const all = lineCollector();
    assert.equal((await readS3Object(client, o, 0, all.sink, 1 << 20)).lines, expectedLines(want, 0).length);
    const past = await readS3Object(client, o, want.length + 10, lineCollector().sink, 1 << 20);
    assert.equal(past.lines, 0);
    assert.equal(past.endOffset, want.length, 'a stream shorter than the offset reports its length');
  }
  // the plain read from an offset really is a ranged GET (no full download)
  const proxy = await startFaultProxy(s3.endpoint);
  try {
    const o = objects.find((x) => x.key.endsWith(DRIVER))!;
    await collect(openS3Stream(proxy.client, o, 1000));
    assert.deepEqual(proxy.requests.filter((r) => r.method === 'GET').map((r) => r.range), ['bytes=1000-']);
  } finally {
    await proxy.stop();
  }
});

test('listing with more than 1000 keys follows continuation tokens', async () => {
  const n = 1234;
  const keys = Array.from({ length: n }, (_, i) => `cluster/spark-application-logs/spark-team-a/${APP_B}/exec-${i % 7}/f-${String(i).padStart(5, '0')}.json`);
  for (let i = 0; i < keys.length; i += 32) {
    await Promise.all(keys.slice(i, i + 32).map((k) => put(client, 'many', k, Buffer.from(`{"i":"${k}"}\n`))));
  }
  const proxy = await startFaultProxy(s3.endpoint);
  try {
    const got = await discoverS3(proxy.client, ['s3://many/cluster/spark-application-logs/']);
    assert.equal(got.length, n);
    assert.deepEqual(got.map((o) => o.key), [...keys].sort());
    const lists = proxy.requests.filter((r) => /list-type=2/.test(r.url));
    assert.equal(lists.length, 2, 'two pages');
    assert.match(lists[1]!.url, /continuation-token=/);
  } finally {
    await proxy.stop();
  }
});

test('a connection reset in the middle of a GET body is resumed with a Range from the last byte', async () => {
  const proxy = await startFaultProxy(s3.endpoint);
  try {
    const o = objects.find((x) => x.key.endsWith(DRIVER))!;
    const want = plainOf(o.key);
    const url = /veVAzLFN\.json/;
    // two breaks in a row at different places, then a clean response
    proxy.inject({ kind: 'resetMid', method: 'GET', url, afterBytes: 300_001 });
    proxy.inject({ kind: 'resetMid', method: 'GET', url, afterBytes: 123_457 });
    const resumes: number[] = [];
    const got = await collect(openS3Stream(proxy.client, o, 0, { backoffMs: 1, onResume: (i) => resumes.push(i.offset) }));
    assert.ok(got.equals(want), 'bytes identical across the breaks');
    assert.equal(proxy.pending(), 0);
    const gets = proxy.requests.filter((r) => r.method === 'GET');
    assert.equal(gets.length, 3);
    assert.equal(gets[0]!.range, undefined);
    assert.ok(resumes.length === 2 && resumes[0]! >= 1 && resumes[1]! > resumes[0]!, `resumed at ${resumes.join(', ')}`);
    assert.deepEqual(gets.slice(1).map((r) => r.range), resumes.map((p) => `bytes=${p}-`));

    // the same through the line reader, from an offset, and on a gzip object (raw bytes resumed)
    const gz = objects.find((x) => x.key.endsWith(EXEC2_GZ))!;
    const gzWant = plainOf(gz.key);
    proxy.inject({ kind: 'resetMid', method: 'GET', url: /j5NsRfkj/, afterBytes: Math.floor(gz.size / 3) });
    const start = gzWant.indexOf(10, 5000) + 1;
    const { sink, lines } = lineCollector();
    const r = await readS3Object(proxy.client, gz, start, sink, 1 << 20, { backoffMs: 1 });
    assert.deepEqual(lines, expectedLines(gzWant, start));
    assert.equal(r.endOffset, gzWant.length);
    const gzGets = proxy.requests.filter((x) => x.method === 'GET' && /j5NsRfkj/.test(x.url));
    assert.deepEqual(gzGets.map((x) => x.range), [undefined, `bytes=${Math.floor(gz.size / 3)}-`]);
  } finally {
    await proxy.stop();
  }
});

test('a connection that keeps breaking without progress fails after bounded attempts', async () => {
  const proxy = await startFaultProxy(s3.endpoint);
  try {
    const o = objects.find((x) => x.key.endsWith(EXEC1))!;
    proxy.inject({ kind: 'resetMid', method: 'GET', url: /8kTnRfkj/, afterBytes: 10 });
    proxy.inject({ kind: 'resetMid', method: 'GET', url: /8kTnRfkj/, afterBytes: 0, times: 100 });
    await assert.rejects(collect(openS3Stream(proxy.client, o, 0, { maxAttempts: 3, backoffMs: 1 })), (e: unknown) => {
      assert.ok(e instanceof LoglakeError);
      assert.equal(e.code, 'IO');
      assert.equal(e.retryable, true);
      assert.match(e.message, /broke at byte 10 3 times/);
      return true;
    });
    // bytes 0..10 then a break at 10; two more GETs from 10 break without delivering anything
    assert.deepEqual(proxy.requests.filter((r) => r.method === 'GET').map((r) => r.range), [undefined, 'bytes=10-', 'bytes=10-']);
  } finally {
    await proxy.stop();
  }
});

test('503 SlowDown responses are retried by the SDK (listing and GET)', async () => {
  const proxy = await startFaultProxy(s3.endpoint);
  try {
    proxy.inject({ kind: 'status', status: 503, code: 'SlowDown', method: 'GET', url: /list-type=2/, times: 2 });
    const got = await discoverS3(proxy.client, [`s3://${BUCKET}/${ROOT}/${APP_B}`]);
    assert.equal(got.length, 4);
    const o = objects.find((x) => x.key.endsWith(EXEC1))!;
    proxy.inject({ kind: 'status', status: 503, code: 'SlowDown', method: 'GET', url: /8kTnRfkj/, times: 2 });
    assert.ok((await collect(openS3Stream(proxy.client, o))).equals(plainOf(o.key)));
    assert.equal(proxy.pending(), 0);
    assert.equal(proxy.requests.filter((r) => r.fault === 'status').length, 4);
  } finally {
    await proxy.stop();
  }
});

test('s3ClientFromEnv: endpoint from the environment, path style, us-east-1, 5 attempts (3 x 503 survive)', async () => {
  const proxy = await startFaultProxy(s3.endpoint);
  const env = { LOGLAKE_S3_ENDPOINT: proxy.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
  const c = s3ClientFromEnv(env);
  try {
    assert.equal(await c.config.region(), 'us-east-1');
    assert.equal(c.config.forcePathStyle, true);
    assert.equal(await c.config.maxAttempts(), 5);
    proxy.inject({ kind: 'status', status: 503, code: 'SlowDown', method: 'GET', url: /list-type=2/, times: 3 });
    const got = await discoverS3(c, [`s3://${BUCKET}/${ROOT}/${APP_A}/taxi-trip-ebs-pvc-exec-1/`]);
    assert.deepEqual(got.map((o) => o.key), [`${ROOT}/${EXEC1}`]);
    assert.ok((await collect(openS3Stream(c, got[0]!))).equals(plainOf(got[0]!.key)));
    // the other env names, and a region from the environment
    const c2 = s3ClientFromEnv({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1', AWS_REGION: 'eu-west-3' });
    assert.equal(await c2.config.region(), 'eu-west-3');
    assert.equal(c2.config.forcePathStyle, true);
    c2.destroy();
    const c3 = s3ClientFromEnv({});
    assert.equal(c3.config.forcePathStyle, false);
    c3.destroy();
  } finally {
    c.destroy();
    await proxy.stop();
  }
});

test('a missing bucket or prefix gives a clear INPUT_NOT_FOUND', async () => {
  await assert.rejects(discoverS3(client, ['s3://no-such-bucket/x/']), (e: unknown) => {
    assert.ok(e instanceof LoglakeError);
    assert.equal(e.code, 'INPUT_NOT_FOUND');
    assert.match(e.message, /s3:\/\/no-such-bucket\/x\/.*bucket does not exist/);
    return true;
  });
  await assert.rejects(discoverS3(client, [`s3://${BUCKET}/${ROOT}/spark-ffffffffffffffffffffffffffffffff/`]), (e: unknown) => {
    assert.ok(e instanceof LoglakeError);
    assert.equal(e.code, 'INPUT_NOT_FOUND');
    assert.match(e.message, /no object under s3:\/\/logs\/.*spark-ffff/);
    return true;
  });
  // a deleted object surfaces as INPUT_NOT_FOUND from the stream
  const ghost: S3Object = { ...objects[1]!, key: `${ROOT}/gone.json`, uri: `s3://${BUCKET}/${ROOT}/gone.json` };
  await assert.rejects(collect(openS3Stream(client, ghost)), (e: unknown) => e instanceof LoglakeError && e.code === 'INPUT_NOT_FOUND');
});

test('an object replaced after listing fails the read instead of mixing versions', async () => {
  const key = `${ROOT}/${APP_B}/replaced/r.json`;
  await put(client, BUCKET, key, Buffer.from('{"v":1}\n'));
  const [o] = await discoverS3(client, [`s3://${BUCKET}/${ROOT}/${APP_B}/replaced/`]);
  await put(client, BUCKET, key, Buffer.from('{"v":2}\n'));
  await assert.rejects(collect(openS3Stream(client, o!)), (e: unknown) => e instanceof LoglakeError && /changed since it was listed/.test(e.message));
});

test('pin: s3rver answers a suffix range (bytes=-N) with the first N bytes — never use suffix ranges', async () => {
  const o = objects.find((x) => x.key.endsWith(EXEC1))!;
  const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.key, Range: 'bytes=-10' }));
  const got = Buffer.from(await res.Body!.transformToByteArray());
  const want = plainOf(o.key);
  assert.ok(!got.equals(want.subarray(want.length - 10)), 's3rver fixed suffix ranges: this pin can go');
  assert.ok(gunzipSync(gzipSync(got)).equals(got));
});
