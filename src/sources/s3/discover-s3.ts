/**
 * S3 input discovery: `s3://bucket/prefix` URIs → the objects to read, in reading order, each once.
 * The object-store counterpart of `discoverFiles` (../discover.ts), with the same rules:
 *
 * - A URI names a "directory" (every key below `prefix/`, recursively) and/or an object whose key
 *   is exactly `prefix`. `s3://b/logs` does not match `logs-old/…` (path semantics, not raw S3
 *   prefix semantics); `s3://b` or `s3://b/` is the whole bucket.
 * - Directory markers (keys ending in `/`, Hadoop `_$folder$` keys) are skipped, and so are the
 *   container runtime's non-log files and skipped folders, exactly as discover.ts skips them
 *   inside directories. An object named exactly by a URI is always read.
 * - Rotated objects come before the live one, oldest first (`rotationKey` from discover.ts).
 * - A URI under which no object exists at all → INPUT_NOT_FOUND; a missing bucket too.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { LoglakeError } from '../../core/errors.js';
import { orderByRotation, SKIP_DIRS, isCandidate } from '../discover.js';
import { s3Failure } from '../../core/s3/s3-errors.js';
import { formatS3Uri, parseS3Uri } from '../../core/s3/uri.js';
import { leanGet } from '../../core/s3/light-get.js';
import { canonicalQuery } from '../../core/s3/sigv4-get.js';
import { parseListV2, type ListPage } from '../../core/s3/list-xml.js';

/** One S3 object to read. */
export interface S3Object {
  /** `s3://bucket/key` — give it to `pathMetadata([uri])` for Spark/Kubernetes metadata. */
  uri: string;
  bucket: string;
  key: string;
  /** Stored size in bytes (compressed size for gzip objects). */
  size: number;
  /** ETag as S3 returns it (quoted). Reads are pinned to it: a replaced object fails the read. */
  etag: string;
  lastModified: Date;
  /** Key ends in `.gz`: bytes and offsets are those of the decompressed stream. */
  gzip: boolean;
  /** Named exactly by an input URI (never skipped as a runtime file). */
  explicit: boolean;
}

/** True for a key that is only a "directory" marker (console-created folder, Hadoop `_$folder$`). */
export function isDirectoryMarker(key: string): boolean {
  return key.endsWith('/') || key.endsWith('_$folder$');
}

/**
 * True when a key found under a listed prefix should be read: not a marker, no skipped folder on
 * the way down from the prefix, and a name that looks like log content. `rel` is the key relative
 * to the listed prefix.
 */
export function isS3LogKey(rel: string): boolean {
  if (isDirectoryMarker(rel)) return false;
  const parts = rel.split('/');
  const name = parts.pop()!;
  if (parts.some((d) => SKIP_DIRS.has(d))) return false;
  return isCandidate(name);
}

/**
 * One page through a lean signed GET (core/s3/light-get.ts, list-xml.ts): a fraction of the SDK's
 * CPU per page (its middleware and generic XML parser). Rejects on anything but a `200` that reads
 * cleanly; the caller then asks the SDK, which retries, and reports errors properly.
 */
async function leanPage(client: S3Client, bucket: string, prefix: string, token: string | undefined): Promise<ListPage> {
  const query = canonicalQuery({ 'list-type': '2', prefix: prefix || undefined, 'continuation-token': token, 'encoding-type': 'url' });
  const a = await leanGet(client, bucket, undefined, query, {});
  if (a.status !== 200) throw new Error(`HTTP ${a.status}`);
  return parseListV2(a.body.toString('utf8'));
}

async function sdkPage(client: S3Client, bucket: string, prefix: string, token: string | undefined, uri: string): Promise<ListPage> {
  try {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
    const objects = [];
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined) continue;
      objects.push({ key: o.Key, size: Number(o.Size ?? 0), etag: o.ETag ?? '', lastModified: o.LastModified ?? new Date(0) });
    }
    return { objects, truncated: page.IsTruncated === true, next: page.NextContinuationToken };
  } catch (e) {
    throw s3Failure(e, `listing ${uri}`, { uri, bucket, prefix });
  }
}

/** Every key under `prefix`, following continuation tokens (pages of at most 1000 keys, S3's limit). */
async function* listAll(client: S3Client, bucket: string, prefix: string, uri: string): AsyncGenerator<ListPage['objects'][number]> {
  let token: string | undefined;
  const seen = new Set<string>();
  let lean = true; // once a lean page fails, the SDK lists the rest (no request twice per page)
  for (;;) {
    let page: ListPage | undefined;
    if (lean) page = await leanPage(client, bucket, prefix, token).catch(() => undefined);
    if (!page) {
      lean = false;
      page = await sdkPage(client, bucket, prefix, token, uri);
    }
    yield* page.objects;
    if (!page.truncated) return;
    token = page.next;
    if (!token || seen.has(token)) {
      throw new LoglakeError('IO', `listing ${uri}: the server returned a truncated page without a new continuation token`, { uri, bucket, prefix }, true);
    }
    seen.add(token);
  }
}

/** Orders objects like `orderForReading`: by rotation base, oldest rotation first, live object last. */
export function orderS3ForReading(objects: S3Object[]): S3Object[] {
  return orderByRotation(objects, (o) => o.uri);
}

/**
 * Discovers the objects under the given `s3://bucket/prefix` URIs (recursive listing), skipping
 * markers and non-log names, deduplicated across overlapping URIs, in reading order.
 * Throws INPUT_NOT_FOUND for a missing bucket or a URI with no object under it, USAGE for a
 * malformed URI, IO (with the SDK error as cause) for anything else.
 */
export async function discoverS3(client: S3Client, uris: string[]): Promise<S3Object[]> {
  const byId = new Map<string, S3Object>();
  for (const uri of uris) {
    const { bucket, key } = parseS3Uri(uri);
    // `p` and `p/`: list `p` and keep the exact key plus everything below `p/`
    const dir = key === '' || key.endsWith('/') ? key : `${key}/`;
    let found = 0;
    for await (const o of listAll(client, bucket, key, uri)) {
      const explicit = key !== '' && o.key === key && !isDirectoryMarker(key);
      if (!explicit && !o.key.startsWith(dir)) continue; // `logs-old/…` under prefix `logs`
      found++;
      if (!explicit && !isS3LogKey(o.key.slice(dir.length))) continue;
      const id = `${bucket}\u0000${o.key}`;
      const seen = byId.get(id);
      if (seen) {
        seen.explicit ||= explicit;
        continue;
      }
      byId.set(id, {
        uri: formatS3Uri(bucket, o.key), bucket, key: o.key, size: o.size, etag: o.etag,
        lastModified: o.lastModified, gzip: /\.gz$/i.test(o.key), explicit,
      });
    }
    if (found === 0) {
      throw new LoglakeError('INPUT_NOT_FOUND', `input not found: no object under ${uri}`, { input: uri, bucket, prefix: key });
    }
  }
  return orderS3ForReading([...byId.values()]);
}
