/**
 * The stored bytes of an S3 object as a chunk sequence that survives connection breaks.
 *
 * The AWS SDK retries failed requests, but not a connection that breaks in the middle of a
 * response body (ECONNRESET "aborted", a socket timeout, a short body). This generator re-issues a
 * GET with `Range: bytes=<next>-` (never a suffix range) after such a break, pinned to the ETag of
 * the first answer (or the listed one), so the consumer sees one continuous stream. Consecutive
 * breaks without progress (and bodies that stall) are bounded (default 5 attempts) with exponential backoff and jitter.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { LoglakeError } from '../errors.js';
import { s3Failure } from './s3-errors.js';

/** An object to read: bucket, key, and what is known of it. */
export interface S3GetTarget {
  bucket: string;
  key: string;
  /** Size when known (listed); else taken from the first answer. */
  size?: number;
  /** Pin every GET to this ETag (a replaced object fails instead of mixing versions). */
  etag?: string;
  /** For messages (default `s3://bucket/key`). */
  uri?: string;
}

/** Tuning for the resume-after-break logic. */
export interface S3ReadOptions {
  /** Attempts per break point (a GET that breaks again without new bytes counts). Default 5. */
  maxAttempts?: number;
  /** First backoff delay in ms, doubled per attempt (capped at 5 s), with jitter. Default 200. */
  backoffMs?: number;
  /** A body that delivers nothing for this long is broken off and resumed. Default 60 000. */
  idleTimeoutMs?: number;
  /** Called on every resume (for logs/metrics). */
  onResume?: (info: { uri: string; offset: number; attempt: number; error: Error }) => void;
}

/** Total object size from a `Content-Range: bytes a-b/total` header. */
function totalFromContentRange(v: string | undefined): number | undefined {
  const m = v ? /\/(\d+)\s*$/.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * Chunks of the object's stored bytes from `start` to its end, resumed across mid-body breaks.
 * Request failures surface as LoglakeError (via s3Failure); a replaced object as LoglakeError IO.
 */
export async function* resumableGet(client: S3Client, obj: S3GetTarget, start = 0, opts: S3ReadOptions = {}): AsyncGenerator<Buffer> {
  const uri = obj.uri ?? `s3://${obj.bucket}/${obj.key}`;
  const maxAttempts = opts.maxAttempts ?? 5;
  const backoff = opts.backoffMs ?? 200;
  let pos = start;
  let end = obj.size ?? Infinity; // refined from the response headers
  let etag = obj.etag;
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
        IfMatch: etag || undefined,
      }));
      if (etag && res.ETag && res.ETag !== etag) {
        (res.Body as Readable | undefined)?.destroy();
        throw new LoglakeError('IO', `reading ${uri}: the object changed since it was listed (ETag ${res.ETag}, listed ${etag})`, { uri, offset: pos }, true);
      }
      etag ??= res.ETag;
      const total = totalFromContentRange(res.ContentRange) ?? (pos === 0 && res.ContentLength !== undefined ? res.ContentLength : undefined);
      if (total !== undefined) end = total;
      body = res.Body as Readable;
    } catch (e) {
      throw s3Failure(e, `reading ${uri} from byte ${pos}`, { uri, offset: pos });
    }
    let error: Error;
    const idleMs = opts.idleTimeoutMs ?? 60_000;
    const stalled = (): void => {
      body.destroy(new Error(`no data for ${idleMs} ms`));
    };
    let idle = setTimeout(stalled, idleMs);
    try {
      for await (const c of body) {
        clearTimeout(idle); // the consumer's time does not count as a stall
        const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array);
        if (chunk.length > 0) {
          pos += chunk.length;
          yield chunk;
        }
        idle = setTimeout(stalled, idleMs);
      }
      if (pos >= end) return;
      error = new Error(`body ended at byte ${pos} of ${end}`);
    } catch (e) {
      error = e as Error;
    } finally {
      clearTimeout(idle);
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
