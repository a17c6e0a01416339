/**
 * Reading S3 objects as byte streams: ranged GETs for plain objects, whole-object GETs through
 * gunzip for `.gz` ones (offsets are always those of the decompressed stream, as in
 * ../line-reader.ts).
 *
 * The AWS SDK retries failed requests, but not a connection that breaks in the middle of a
 * response body (ECONNRESET "aborted", a socket timeout, a short body). The raw stream here
 * re-issues a GET with `Range: bytes=<next>-` (never a suffix range) after such a break, pinned to
 * the listed ETag, so the consumer sees one continuous stream. Consecutive breaks without progress
 * are bounded (default 5 attempts) with exponential backoff.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { LoglakeError } from '../../core/errors.js';
import { readStream, type LineSink, type ReadResult } from '../line-reader.js';
import { s3Failure } from './s3-errors.js';
import type { S3Object } from './discover-s3.js';

/** The fields of an object a read needs (an `S3Object` has them all). */
export type S3ObjectRef = Pick<S3Object, 'bucket' | 'key' | 'size' | 'gzip'> & Partial<Pick<S3Object, 'etag' | 'uri'>>;

/** Tuning for the resume-after-break logic. */
export interface S3ReadOptions {
  /** Attempts per break point (a GET that breaks again without new bytes counts). Default 5. */
  maxAttempts?: number;
  /** First backoff delay in ms, doubled per attempt (capped at 5 s), with jitter. Default 200. */
  backoffMs?: number;
  /** Called on every resume (for logs/metrics). */
  onResume?: (info: { uri: string; offset: number; attempt: number; error: Error }) => void;
}

const GUNZIP_CHUNK = 1024 * 1024;

function uriOf(obj: S3ObjectRef): string {
  return obj.uri ?? `s3://${obj.bucket}/${obj.key}`;
}

/** Total object size from a `Content-Range: bytes a-b/total` header. */
function totalFromContentRange(v: string | undefined): number | undefined {
  const m = v ? /\/(\d+)\s*$/.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * The stored (raw, possibly compressed) bytes of an object from `start`, resumed across
 * mid-body connection breaks.
 */
async function* rawChunks(client: S3Client, obj: S3ObjectRef, start: number, opts: S3ReadOptions): AsyncGenerator<Buffer> {
  const uri = uriOf(obj);
  const maxAttempts = opts.maxAttempts ?? 5;
  const backoff = opts.backoffMs ?? 200;
  let pos = start;
  let end = obj.size; // refined from the response headers
  if (pos >= end) return; // nothing there (and no GET: s3rver mishandles ranges on empty objects)
  let failures = 0;
  let failedAt = -1;
  for (;;) {
    let body: Readable;
    try {
      const res = await client.send(new GetObjectCommand({
        Bucket: obj.bucket,
        Key: obj.key,
        Range: pos > 0 ? `bytes=${pos}-` : undefined,
        IfMatch: obj.etag || undefined,
      }));
      if (obj.etag && res.ETag && res.ETag !== obj.etag) {
        (res.Body as Readable | undefined)?.destroy();
        throw new LoglakeError('IO', `reading ${uri}: the object changed since it was listed (ETag ${res.ETag}, listed ${obj.etag})`, { uri, offset: pos }, true);
      }
      const total = totalFromContentRange(res.ContentRange) ?? (pos === 0 && res.ContentLength !== undefined ? res.ContentLength : undefined);
      if (total !== undefined) end = total;
      body = res.Body as Readable;
    } catch (e) {
      throw s3Failure(e, `reading ${uri} from byte ${pos}`, { uri, offset: pos });
    }
    let error: Error;
    try {
      for await (const c of body) {
        const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array);
        if (chunk.length === 0) continue;
        pos += chunk.length;
        yield chunk;
      }
      if (pos >= end) return;
      error = new Error(`body ended at byte ${pos} of ${end}`);
    } catch (e) {
      error = e as Error;
    } finally {
      body.destroy();
    }
    // a break in the middle of the body: resume from `pos`
    if (pos > failedAt) failures = 0; // progress since the last break
    failedAt = pos;
    failures++;
    if (failures >= maxAttempts) {
      throw new LoglakeError('IO', `reading ${uri}: connection broke at byte ${pos} ${failures} times in a row: ${error.message}`, { uri, offset: pos }, true, { cause: error });
    }
    opts.onResume?.({ uri, offset: pos, attempt: failures, error });
    const delay = Math.min(5000, backoff * 2 ** (failures - 1));
    await sleep(delay / 2 + Math.random() * (delay / 2));
  }
}

/** Drops the first `n` bytes of a stream. */
function skipBytes(n: number): Transform {
  let left = n;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
      if (left <= 0) return cb(null, chunk);
      if (chunk.length <= left) {
        left -= chunk.length;
        return cb();
      }
      const rest = chunk.subarray(left);
      left = 0;
      cb(null, rest);
    },
  });
}

/**
 * A stream of the object's bytes — decompressed for gzip objects — from byte `start` of the
 * decompressed stream. Plain objects are read with a ranged GET from `start`; gzip objects are
 * read whole and the first `start` decompressed bytes dropped (a gzip stream cannot be entered in
 * the middle). Connection breaks mid-body are resumed transparently; other failures surface as a
 * stream error (LoglakeError). Destroying the stream aborts the download.
 */
export function openS3Stream(client: S3Client, obj: S3ObjectRef, start = 0, opts: S3ReadOptions = {}): Readable {
  if (!obj.gzip) return Readable.from(rawChunks(client, obj, start, opts), { objectMode: false });
  const raw = Readable.from(rawChunks(client, obj, 0, opts), { objectMode: false });
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  const noop = (): void => {};
  if (start <= 0) return pipeline(raw, gunzip, noop);
  return pipeline(raw, gunzip, skipBytes(start), noop);
}

/** The first `n` bytes of an object (decompressed for gzip), at most `n` — as `readHead` for files. */
export async function readS3Head(client: S3Client, obj: S3ObjectRef, n = 65536, opts: S3ReadOptions = {}): Promise<Buffer> {
  if (n <= 0 || obj.size === 0) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  let len = 0;
  if (!obj.gzip) {
    // an explicit byte range (never a suffix range)
    const uri = uriOf(obj);
    try {
      const res = await client.send(new GetObjectCommand({
        Bucket: obj.bucket, Key: obj.key, Range: `bytes=0-${Math.min(n, obj.size) - 1}`, IfMatch: obj.etag || undefined,
      }));
      for await (const c of res.Body as Readable) {
        parts.push(c as Buffer);
        len += (c as Buffer).length;
      }
    } catch (e) {
      if (len === 0) throw s3Failure(e, `reading the head of ${uri}`, { uri });
      // a break after some bytes: fall back to the resuming stream
      return readHeadFromStream(openS3Stream(client, obj, 0, opts), n);
    }
    return Buffer.concat(parts).subarray(0, n);
  }
  return readHeadFromStream(openS3Stream(client, obj, 0, opts), n, true);
}

async function readHeadFromStream(s: Readable, n: number, tolerateTruncation = false): Promise<Buffer> {
  const parts: Buffer[] = [];
  let len = 0;
  try {
    for await (const c of s) {
      parts.push(c as Buffer);
      len += (c as Buffer).length;
      if (len >= n) break;
    }
  } catch (e) {
    // a truncated/corrupt gzip still gives us its first bytes (as readHead does); S3 errors do not
    if (!tolerateTruncation || e instanceof LoglakeError || parts.length === 0) throw e;
  } finally {
    s.destroy();
  }
  return Buffer.concat(parts).subarray(0, n);
}

/**
 * Reads an object's lines from decompressed offset `start` into `sink`, with the same offsets,
 * result and end-of-data rules as `readStream` on a local file (the trailing unterminated line
 * is consumed: S3 objects are complete). Plain objects start with a ranged GET at `start`; when
 * `start` is beyond the object (it was replaced by a shorter one), nothing is read and
 * `endOffset` is the object's length, as `readStream` reports a short stream.
 */
export async function readS3Object(
  client: S3Client, obj: S3ObjectRef, start: number, sink: LineSink, maxLineBytes: number, opts: S3ReadOptions = {},
): Promise<ReadResult> {
  if (obj.gzip || start <= 0) return readStream(openS3Stream(client, obj, 0, opts), start, sink, maxLineBytes);
  if (start > obj.size) return { endOffset: obj.size, lines: 0, heldBack: 0 };
  const shifted: LineSink = {
    onLine: (buf, s, e, offset, next) => sink.onLine(buf, s, e, offset + start, next + start),
    onOverlong: (head, offset, length) => sink.onOverlong(head, offset + start, length),
    ...(sink.onChunk ? { onChunk: () => sink.onChunk!() } : {}),
    ...(sink.stopped ? { stopped: sink.stopped } : {}),
  };
  const r = await readStream(openS3Stream(client, obj, start, opts), 0, shifted, maxLineBytes);
  return { ...r, endOffset: r.endOffset + start };
}
