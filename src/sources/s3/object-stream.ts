/**
 * Reading S3 objects as byte streams: ranged GETs for plain objects, whole-object GETs through
 * gunzip for `.gz` ones (offsets are always those of the decompressed stream, as in
 * ../line-reader.ts).
 *
 * Connection breaks in the middle of a body are resumed with ranged GETs pinned to the listed ETag
 * (../../core/s3/resumable-get.ts), so the consumer sees one continuous stream.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { resumableGet, type S3ReadOptions } from '../../core/s3/resumable-get.js';
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { LoglakeError } from '../../core/errors.js';
import { readStream, type LineSink, type ReadResult } from '../line-reader.js';
import { s3Failure } from '../../core/s3/s3-errors.js';
import { lightGet } from '../../core/s3/light-get.js';
import type { S3Object } from './discover-s3.js';

/** Tuning for the resume-after-break logic (see core/s3/resumable-get.ts). */
export type { S3ReadOptions };

/** The fields of an object a read needs (an `S3Object` has them all). */
export type S3ObjectRef = Pick<S3Object, 'bucket' | 'key' | 'size' | 'gzip'> & Partial<Pick<S3Object, 'etag' | 'uri'>>;

const GUNZIP_CHUNK = 1024 * 1024;

function uriOf(obj: S3ObjectRef): string {
  return obj.uri ?? `s3://${obj.bucket}/${obj.key}`;
}

/** The stored (raw, possibly compressed) bytes of an object from `start`, resumed across breaks. */
function rawChunks(client: S3Client, obj: S3ObjectRef, start: number, opts: S3ReadOptions): AsyncGenerator<Buffer> {
  return resumableGet(client, { bucket: obj.bucket, key: obj.key, size: obj.size, etag: obj.etag, uri: uriOf(obj) }, start, opts);
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
    ...(sink.onText ? { onText: (line: string, bytes: number, offset: number, next: number) => sink.onText!(line, bytes, offset + start, next + start) } : {}),
    onOverlong: (head, offset, length) => sink.onOverlong(head, offset + start, length),
    ...(sink.onChunk ? { onChunk: () => sink.onChunk!() } : {}),
    ...(sink.stopped ? { stopped: sink.stopped } : {}),
  };
  const r = await readStream(openS3Stream(client, obj, start, opts), 0, shifted, maxLineBytes);
  return { ...r, endOffset: r.endOffset + start };
}

/**
 * The whole content of a (small) object — decompressed for gzip — in memory: one GET pinned to
 * the listed ETag, resumed across breaks. Rejects on any failure (a corrupt gzip too): the caller
 * then reads the object the streaming way, which reports errors where they occur.
 */
export async function fetchWhole(client: S3Client, obj: S3ObjectRef, opts: S3ReadOptions = {}): Promise<Buffer> {
  let raw: Buffer;
  try {
    // the lean GET first (a fraction of the SDK's CPU per request); the SDK's way when it fails
    raw = obj.size === 0 ? Buffer.alloc(0) : await lightGet(client, obj);
  } catch {
    const parts: Buffer[] = [];
    for await (const c of rawChunks(client, obj, 0, opts)) parts.push(c);
    raw = Buffer.concat(parts);
  }
  if (!obj.gzip) return raw;
  return gunzipSync(raw, { maxOutputLength: 256 << 20 });
}
